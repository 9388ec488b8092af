#include "tests/support/VendorSimulator.h"

#include "fhir/search/parseDateRange.h"
#include "tests/support/TestPaths.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace sas::test
{
namespace
{

constexpr const char* PS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* STRUCTURE_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string str(const rapidjson::Value& object, const char* name)
{
    if (!object.IsObject())
        return {};
    auto member = object.FindMember(name);
    return member != object.MemberEnd() && member->value.IsString() ? member->value.GetString() : std::string();
}

std::string keyOf(std::string reference)
{
    const auto last = reference.rfind('/');
    if (last == std::string::npos || last == 0)
        return reference;
    const auto before = reference.rfind('/', last - 1);
    return before == std::string::npos ? reference : reference.substr(before + 1);
}

void collectReferences(const rapidjson::Value& value, std::vector<std::string>& out)
{
    if (value.IsObject())
    {
        for (const auto& member : value.GetObject())
        {
            if (std::string(member.name.GetString()) == "reference" && member.value.IsString())
            {
                const std::string ref = member.value.GetString();
                if (!ref.empty() && ref.front() != '#')
                    out.push_back(keyOf(ref));
            }
            else
                collectReferences(member.value, out);
        }
    }
    else if (value.IsArray())
        for (const auto& item : value.GetArray())
            collectReferences(item, out);
}

rapidjson::Value jsonText(const std::string& text, rapidjson::Document::AllocatorType& allocator)
{
    return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

std::string toJson(const rapidjson::Value& value)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return {buffer.GetString(), buffer.GetSize()};
}

/// The IG example resources, indexed, with each Slot's owner (prefixed RPPS, or prefixed SIRET for SOS).
struct Dataset
{
    std::map<std::string, std::shared_ptr<rapidjson::Document>> resources; // "Type/id"
    std::vector<std::string> slotKeys;
    std::map<std::string, std::string> slotOwner;
    std::map<std::string, std::string> slotSchedule;

    void load(const std::string& file)
    {
        rapidjson::Document bundle;
        bundle.Parse(readFile(file).c_str());
        for (const auto& entry : bundle["entry"].GetArray())
        {
            auto resource = std::make_shared<rapidjson::Document>();
            resource->CopyFrom(entry["resource"], resource->GetAllocator());
            const std::string key = str(*resource, "resourceType") + "/" + str(*resource, "id");
            if (str(*resource, "resourceType") == "Slot" && !resources.count(key))
                slotKeys.push_back(key);
            resources[key] = resource;
        }
    }

    const rapidjson::Value* find(const std::string& key) const
    {
        auto found = resources.find(key);
        return found == resources.end() ? nullptr : found->second.get();
    }

    void attribute()
    {
        for (const auto& key : slotKeys)
        {
            const auto& slot = *find(key);
            const std::string schedule = keyOf(str(slot["schedule"], "reference"));
            slotSchedule[key] = schedule;
            const auto* scheduleResource = find(schedule);
            if (!scheduleResource)
                continue;
            for (const auto& actor : (*scheduleResource)["actor"].GetArray())
            {
                const auto* target = find(keyOf(str(actor, "reference")));
                if (!target)
                    continue;
                if (str(*target, "resourceType") == "Practitioner")
                    for (const auto& identifier : (*target)["identifier"].GetArray())
                        if (str(identifier, "system") == PS_SYSTEM)
                            slotOwner[key] = str(identifier, "value");
                if (str(*target, "resourceType") == "Location")
                    if (const auto* organization = find(keyOf(str((*target)["managingOrganization"], "reference"))))
                        for (const auto& identifier : (*organization)["identifier"].GetArray())
                            if (str(identifier, "system") == STRUCTURE_SYSTEM)
                                slotOwner[key] = str(identifier, "value");
            }
        }
    }
};

const Dataset& dataset()
{
    static const Dataset data = [] {
        Dataset d;
        const std::string dir = std::string(SAS_SOURCE_DIR) + "/tests/fixtures/ig/";
        d.load(dir + "Bundle-ExampleBundlePSIndiv.json");
        d.load(dir + "Bundle-ExampleBundleCPTS.json");
        d.load(dir + "Bundle-ExampleBundleAgregateurSOS.json");
        d.attribute();
        return d;
    }();
    return data;
}

std::string operationOutcome(const std::string& code, const std::string& text)
{
    return R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":")" + code +
           R"(","diagnostics":")" + text + R"("}]})";
}

/// The parts of an IG search request the simulator checks and uses.
struct ParsedSearch
{
    std::string problem; ///< non-empty: not the IG request
    std::set<std::string> owners;
    std::int64_t low = 0, high = 0;
    bool sos = false;
};

ParsedSearch parseSearch(const Poco::URI& uri)
{
    ParsedSearch search;
    const std::string path = uri.getPath();
    search.sos = path.size() >= 9 && path.compare(path.size() - 9, 9, "/Schedule") == 0;
    std::multimap<std::string, std::string> params;
    for (const auto& [name, value] : uri.getQueryParameters())
        params.emplace(name, value);
    auto has = [&](const std::string& name, const std::string& value) {
        auto [begin, end] = params.equal_range(name);
        for (auto it = begin; it != end; ++it)
            if (it->second == value)
                return true;
        return false;
    };
    const std::string prefix = search.sos ? "_has:Slot:schedule:" : "";
    const std::string idParam = search.sos ? "actor:Location.organization.identifier"
                                           : "schedule.actor:Practitioner.identifier";
    const std::string system = search.sos ? STRUCTURE_SYSTEM : PS_SYSTEM;
    if (search.sos ? !(has("_revinclude", "Slot:schedule") && has("_include", "Schedule:actor:Location") &&
                       has("_include:iterate", "Location:organization"))
                   : !(has("_include", "Slot:schedule") && has("_include:iterate", "Schedule:actor")))
        search.problem = "missing the IG's _include/_revinclude parameters";
    else if (!has(prefix + "status", "free"))
        search.problem = "missing status=free";
    auto [begin, end] = params.equal_range(prefix + "start");
    bool ge = false, le = false;
    for (auto it = begin; it != end; ++it)
    {
        const auto range = fhir::search::parseDateRange(it->second.substr(2));
        if (!range)
            search.problem = "start value is not a date: " + it->second;
        else if (it->second.rfind("ge", 0) == 0)
            ge = true, search.low = range->low;
        else if (it->second.rfind("le", 0) == 0)
            le = true, search.high = range->high;
    }
    if (!ge || !le)
        search.problem = "both start=ge and start=le are required";
    if (params.count(idParam) != 1)
        search.problem = "exactly one " + idParam + " parameter is required";
    else
    {
        std::stringstream list(params.find(idParam)->second);
        std::string token;
        std::size_t count = 0;
        while (std::getline(list, token, ','))
        {
            ++count;
            const auto bar = token.find('|');
            if (bar == std::string::npos || token.substr(0, bar) != system)
                search.problem = "identifier without the system " + system + ": " + token;
            else
                search.owners.insert(token.substr(bar + 1));
        }
        if (count == 0 || count > (search.sos ? 10u : 25u))
            search.problem = "1 to " + std::string(search.sos ? "10" : "25") + " identifiers are allowed";
    }
    return search;
}

} // namespace

struct VendorSimulator::State
{
    VendorSimulatorOptions options;
    int port = 0;
    mutable std::mutex mutex;
    std::condition_variable stopping;
    bool stopped = false;
    std::vector<SimulatedRequest> requests;
    std::map<std::string, std::string> accounts; // identifier system|value → Practitioner JSON
    int nextAccountId = 1;
    int failWrites = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server;

    std::string base() const { return "https://localhost:" + std::to_string(port) + "/fhir"; }

    /// Microseconds added to every example Slot's start and end (options.slotsFrom).
    std::int64_t shiftMicros() const
    {
        if (!options.slotsFrom)
            return 0;
        std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
        for (const auto& key : dataset().slotKeys)
            if (const auto range = fhir::search::parseDateRange(str(*dataset().find(key), "start")))
                earliest = std::min(earliest, range->low);
        const auto target = std::chrono::duration_cast<std::chrono::microseconds>(options.slotsFrom->time_since_epoch());
        return target.count() - earliest;
    }

    static std::string formatMicros(std::int64_t micros)
    {
        const auto at = std::chrono::sys_seconds(std::chrono::seconds(micros / 1000000));
        const auto day = std::chrono::floor<std::chrono::days>(at);
        const std::chrono::year_month_day ymd(day);
        const std::chrono::hh_mm_ss time(at - day);
        char text[40];
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                      unsigned(ymd.day()), int(time.hours().count()), int(time.minutes().count()),
                      int(time.seconds().count()));
        return text;
    }

    std::string searchBundle(const ParsedSearch& search, bool filterWindow, bool sloppy) const
    {
        const Dataset& data = dataset();
        const std::int64_t shift = shiftMicros();
        std::vector<std::string> slots;
        for (const auto& key : data.slotKeys)
        {
            auto owner = data.slotOwner.find(key);
            if (owner == data.slotOwner.end() || !search.owners.count(owner->second))
                continue;
            const auto range = fhir::search::parseDateRange(str(*data.find(key), "start"));
            if (filterWindow && (!range || range->low + shift < search.low || range->low + shift >= search.high))
                continue;
            slots.push_back(key);
        }
        // Matches: Slots (PS/CPTS) or their Schedules (SOS); then every resource they reference, transitively.
        std::vector<std::pair<std::string, std::string>> entries; // key, mode
        std::set<std::string> added;
        auto add = [&](const std::string& key, const char* mode) {
            if (added.insert(key).second && data.find(key))
                entries.emplace_back(key, mode);
        };
        for (const auto& key : slots)
        {
            if (search.sos)
                add(data.slotSchedule.at(key), "match");
            add(key, search.sos ? "include" : "match");
        }
        for (std::size_t i = 0; i < entries.size(); ++i)
        {
            std::vector<std::string> references;
            collectReferences(*data.find(entries[i].first), references);
            for (const auto& ref : references)
                add(ref, "include");
        }

        rapidjson::Document bundle(rapidjson::kObjectType);
        auto& a = bundle.GetAllocator();
        bundle.AddMember("resourceType", "Bundle", a);
        bundle.AddMember("type", "searchset", a);
        if (!sloppy)
            bundle.AddMember("total", static_cast<int>(search.sos ? entries.size() - slots.size() : slots.size()), a);
        rapidjson::Value link(rapidjson::kArrayType), self(rapidjson::kObjectType);
        self.AddMember("relation", "self", a);
        self.AddMember("url", jsonText(base() + (search.sos ? "/Schedule" : "/Slot"), a), a);
        link.PushBack(self, a);
        bundle.AddMember("link", link, a);
        if (!entries.empty())
        {
            rapidjson::Value list(rapidjson::kArrayType);
            for (const auto& [key, mode] : entries)
            {
                rapidjson::Value entry(rapidjson::kObjectType), resource;
                resource.CopyFrom(*data.find(key), a);
                if (shift != 0 && str(resource, "resourceType") == "Slot")
                    for (const char* field : {"start", "end"})
                        if (const auto range = fhir::search::parseDateRange(str(resource, field)))
                            resource[field].SetString(formatMicros(range->low + shift).c_str(), a);
                if (sloppy)
                {
                    resource.RemoveMember("meta");
                    if (resource.HasMember("identifier") && resource["identifier"].IsArray())
                        for (auto& identifier : resource["identifier"].GetArray())
                            if (str(identifier, "system") == PS_SYSTEM)
                                identifier["value"].SetString(str(identifier, "value").substr(1).c_str(), a);
                }
                else
                    entry.AddMember("fullUrl", jsonText(base() + "/" + key, a), a);
                entry.AddMember("resource", resource, a);
                rapidjson::Value searchMode(rapidjson::kObjectType);
                searchMode.AddMember("mode", jsonText(mode, a), a);
                entry.AddMember("search", searchMode, a);
                list.PushBack(entry, a);
            }
            bundle.AddMember("entry", list, a);
        }
        return toJson(bundle);
    }
};

namespace
{

class Handler final : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(std::shared_ptr<VendorSimulator::State> state) : _state(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        SimulatedRequest seen;
        seen.method = request.getMethod();
        seen.uri = request.getURI();
        Poco::StreamCopier::copyToString(request.stream(), seen.body);
        try
        {
            if (auto* secure = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request))
            {
                Poco::Net::SecureStreamSocket socket(secure->socket());
                if (socket.havePeerCertificate())
                    seen.clientCommonName = socket.peerCertificate().commonName();
            }
        }
        catch (const Poco::Exception& e)
        {
            std::cerr << "simulator: " << e.displayText() << "\n";
        }
        {
            std::lock_guard lock(_state->mutex);
            _state->requests.push_back(seen);
        }
        const auto& options = _state->options;
        Poco::URI uri(seen.uri);
        const std::string path = uri.getPath();
        response.setContentType("application/fhir+json");

        if (path.find("/Practitioner") != std::string::npos)
            return practitioner(seen, uri, response);
        if (seen.method != "GET")
            return send(response, 405, operationOutcome("not-supported", "method not allowed"));

        const ParsedSearch search = parseSearch(uri);
        if (!search.problem.empty())
            return send(response, 400, operationOutcome("invalid", search.problem));

        switch (options.behaviour)
        {
        case VendorBehaviour::Slow:
        {
            std::unique_lock lock(_state->mutex);
            if (_state->stopping.wait_for(lock, options.delay, [&] { return _state->stopped; }))
                return;
            break;
        }
        case VendorBehaviour::ServerError:
            return send(response, 500, operationOutcome("exception", "simulated failure"));
        case VendorBehaviour::MalformedJson:
            return send(response, 200, R"({"resourceType":"Bundle","type":"searchset","entry":[{"resource":)");
        default:
            break;
        }
        std::string body = _state->searchBundle(search, options.behaviour != VendorBehaviour::OutsideWindow,
                                                options.behaviour == VendorBehaviour::Sloppy);
        if (options.behaviour == VendorBehaviour::WrongBundleType)
            body.replace(body.find("\"searchset\""), 11, "\"collection\"");
        if (options.behaviour == VendorBehaviour::OutsideWindow)
        {
            const auto free = body.find("\"status\":\"free\"");
            if (free != std::string::npos)
                body.replace(free, 15, "\"status\":\"busy\"");
        }
        if (options.behaviour == VendorBehaviour::Sloppy && body.find("\"entry\"") == std::string::npos)
            return send(response, 404, operationOutcome("not-found", "no slots"));
        send(response, 200, body);
    }

private:
    static void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& body)
    {
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentLength64(static_cast<Poco::Int64>(body.size()));
        response.send() << body;
    }

    /// INT_R02 (sas-ig.md §1.5): POST creates; PUT ?identifier= updates the account found by that identifier, or
    /// creates it; DELETE is not part of the flow.
    void practitioner(const SimulatedRequest& seen, const Poco::URI& uri, Poco::Net::HTTPServerResponse& response)
    {
        std::lock_guard lock(_state->mutex);
        if (_state->failWrites > 0)
        {
            --_state->failWrites;
            return send(response, 503, operationOutcome("transient", "simulated outage"));
        }
        if (seen.method != "POST" && seen.method != "PUT")
            return send(response, 405, operationOutcome("not-supported", "INT_R02 has no " + seen.method));
        rapidjson::Document body;
        body.Parse(seen.body.c_str());
        if (body.HasParseError() || str(body, "resourceType") != "Practitioner" || !body.HasMember("identifier") ||
            !body["identifier"].IsArray() || body["identifier"].Empty())
            return send(response, 400, operationOutcome("invalid", "a Practitioner with an identifier is expected"));
        const auto& identifier = body["identifier"][0];
        const std::string newKey = str(identifier, "system") + "|" + str(identifier, "value");

        std::string key = newKey;
        bool exists = false;
        if (seen.method == "PUT")
        {
            std::string condition;
            for (const auto& [name, value] : uri.getQueryParameters())
                if (name == "identifier")
                    condition = value;
            if (condition.empty())
                return send(response, 400, operationOutcome("invalid", "PUT needs ?identifier="));
            exists = _state->accounts.count(condition) > 0;
            if (exists)
                _state->accounts.erase(condition);
        }
        _state->accounts[key] = seen.body;
        response.set("Location", _state->base() + "/Practitioner/" + std::to_string(_state->nextAccountId++));
        send(response, exists ? 200 : 201, seen.body);
    }

    std::shared_ptr<VendorSimulator::State> _state;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit Factory(std::shared_ptr<VendorSimulator::State> state) : _state(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(_state);
    }

private:
    std::shared_ptr<VendorSimulator::State> _state;
};

} // namespace

VendorSimulator::VendorSimulator(VendorSimulatorOptions options) : _state(std::make_shared<State>())
{
    _state->options = options;
    dataset();
    const std::string pki = pkiDirectory();
    Poco::Net::Context::Params params;
    params.certificateFile = pki + "/" + options.certificate + ".pem";
    params.privateKeyFile = pki + "/" + options.certificate + ".key";
    params.caLocation = pki + "/ca.pem";
    params.loadDefaultCAs = false;
    params.verificationMode =
        options.requireClientCertificate ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // POCO's extended check would match the client certificate against the client's address: not a server's job.
    context->enableExtendedCertificateVerification(false);
    static std::once_flag once;
    std::call_once(once, [&] {
        Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(new Poco::Net::RejectCertificateHandler(true));
        Poco::Net::SSLManager::instance().initializeServer(nullptr, reject, context);
    });

    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
    _state->port = socket.address().port();
    auto* serverParams = new Poco::Net::HTTPServerParams;
    serverParams->setKeepAlive(true);
    serverParams->setMaxThreads(32);
    serverParams->setMaxQueued(256);
    serverParams->setTimeout(Poco::Timespan(30, 0));
    _state->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(_state), socket, serverParams);
    _state->server->start();
}

VendorSimulator::~VendorSimulator()
{
    {
        std::lock_guard lock(_state->mutex);
        _state->stopped = true;
    }
    _state->stopping.notify_all();
    _state->server->stopAll(true);
    // The server's factory holds the state that owns the server: break the cycle or both leak (LeakSanitizer).
    _state->server.reset();
}

int VendorSimulator::port() const
{
    return _state->port;
}

std::string VendorSimulator::baseUrl() const
{
    return _state->base();
}

std::vector<SimulatedRequest> VendorSimulator::requests() const
{
    std::lock_guard lock(_state->mutex);
    return _state->requests;
}

std::size_t VendorSimulator::connections() const
{
    return static_cast<std::size_t>(_state->server->totalConnections());
}

std::vector<std::string> VendorSimulator::accountsJson() const
{
    std::lock_guard lock(_state->mutex);
    std::vector<std::string> out;
    for (const auto& [key, json] : _state->accounts)
        out.push_back(key + " " + json);
    return out;
}

void VendorSimulator::failNextWrites(int count)
{
    std::lock_guard lock(_state->mutex);
    _state->failWrites = count;
}

} // namespace sas::test
