#include "adapters/vendors/VendorConformanceCheck.h"

#include "adapters/vendors/VendorConnection.h"
#include "adapters/vendors/parseVendorAnswer.h"
#include "adapters/vendors/prefixedIdentifier.h"
#include "adapters/vendors/searchRequestTarget.h"
#include "fhir/json/JsonReader.h"

#include <Poco/Exception.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <regex>

namespace sas::adapters::vendors
{

bool ConformanceReport::passed() const
{
    return std::all_of(checks.begin(), checks.end(), [](const auto& check) { return check.passed; });
}

namespace
{

using Value = rapidjson::Value;

std::string text(const Value& object, const char* name)
{
    if (!object.IsObject())
        return {};
    auto member = object.FindMember(name);
    return member != object.MemberEnd() && member->value.IsString() ? member->value.GetString() : std::string();
}

/// The first few offenders, for a failure's detail.
class Offenders
{
public:
    void add(std::string what)
    {
        ++_count;
        if (_names.size() < 5)
            _names.push_back(std::move(what));
    }
    bool empty() const { return _count == 0; }
    std::string describe() const
    {
        std::string out;
        for (const auto& name : _names)
            out += (out.empty() ? "" : ", ") + name;
        if (_count > _names.size())
            out += " and " + std::to_string(_count - _names.size()) + " more";
        return out;
    }

private:
    std::size_t _count = 0;
    std::vector<std::string> _names;
};

void findEmpty(const Value& value, const std::string& path, Offenders& out)
{
    if (value.IsString() && value.GetStringLength() == 0)
        out.add(path);
    else if (value.IsArray())
    {
        if (value.Empty())
            out.add(path);
        for (rapidjson::SizeType i = 0; i < value.Size(); ++i)
            findEmpty(value[i], path + "[" + std::to_string(i) + "]", out);
    }
    else if (value.IsObject())
    {
        if (value.MemberCount() == 0)
            out.add(path);
        for (const auto& member : value.GetObject())
            findEmpty(member.value, path + "." + member.name.GetString(), out);
    }
}

class Checker
{
public:
    explicit Checker(const ConformanceCheckOptions& options) : _options(options) { _report.baseUrl = options.baseUrl; }

    ConformanceReport run()
    {
        VendorDefinition vendor;
        vendor.id = "vendor-check";
        vendor.baseUrl = _options.baseUrl;
        while (!vendor.baseUrl.empty() && vendor.baseUrl.back() == '/')
            vendor.baseUrl.pop_back();
        vendor.tls = _options.tls;
        vendor.connectTimeout = std::min(_options.maxAnswerTime, std::chrono::milliseconds(5000));

        std::unique_ptr<VendorConnection> connection;
        try
        {
            connection = std::make_unique<VendorConnection>(vendor);
        }
        catch (const Poco::Exception& e)
        {
            add("setup.tls", "our certificate, key and CA load", false, e.displayText());
            return _report;
        }

        checkWithoutCertificate(vendor);
        if (!_options.practitioners.empty())
            checkSearch(*connection, _options.cpts ? core::VendorFlow::Cpts : core::VendorFlow::PractitionerIndividual,
                        _options.practitioners);
        if (!_options.sirets.empty())
            checkSearch(*connection, core::VendorFlow::Sos, _options.sirets);
        checkEmptyAnswer(*connection);
        checkErrorAnswer(*connection);
        return _report;
    }

private:
    void add(std::string id, std::string title, bool passed, std::string detail = {})
    {
        _report.checks.push_back({std::move(id), std::move(title), passed, std::move(detail)});
    }

    std::chrono::milliseconds timeout() const { return _options.maxAnswerTime; }

    void checkWithoutCertificate(const VendorDefinition& vendor)
    {
        VendorDefinition anonymous = vendor;
        anonymous.tls.certificateFile.clear();
        anonymous.tls.privateKeyFile.clear();
        VendorConnection connection(anonymous);
        VendorHttpRequest request;
        request.target = searchRequestTarget(core::VendorFlow::PractitionerIndividual, {"899999999999"},
                                             _options.windowStart, _options.windowEnd);
        auto response = connection.send(request, timeout());
        const char* title = "a client without a certificate is refused (mutual TLS)";
        if (!response)
            add("mtls.without-certificate", title, response.error().code != core::ErrorCode::UpstreamTimeout,
                response.error().message);
        else
            add("mtls.without-certificate", title, response->status == 401 || response->status == 403,
                "answered HTTP " + std::to_string(response->status) + " without a client certificate");
    }

    void checkSearch(VendorConnection& connection, core::VendorFlow flow, const std::vector<std::string>& ids)
    {
        const std::string prefix = std::string(core::toString(flow)) + ".";
        std::vector<std::string> prefixed;
        for (const auto& id : ids)
        {
            auto p = flow == core::VendorFlow::Sos ? prefixedSiret(id) : prefixedPractitionerId(id);
            if (p)
                prefixed.push_back(*p);
        }
        VendorHttpRequest request;
        request.target = searchRequestTarget(flow, prefixed, _options.windowStart, _options.windowEnd);
        const auto started = std::chrono::steady_clock::now();
        auto response = connection.send(request, timeout());
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);

        if (!response)
        {
            const bool late = response.error().code == core::ErrorCode::UpstreamTimeout;
            add(prefix + "mtls.with-certificate", "the search is answered over mutual TLS with our certificate", late,
                response.error().message);
            add(prefix + "answer-time", "answer within " + std::to_string(timeout().count()) + " ms", false,
                response.error().message);
            return;
        }
        add(prefix + "mtls.with-certificate", "the search is answered over mutual TLS with our certificate", true);
        add(prefix + "answer-time", "answer within " + std::to_string(timeout().count()) + " ms",
            elapsed <= timeout(), std::to_string(elapsed.count()) + " ms");
        add(prefix + "status", "HTTP 200", response->status == 200, "HTTP " + std::to_string(response->status));
        if (response->status != 200)
            return;
        const std::string& type = response->contentType;
        add(prefix + "content-type", "a FHIR JSON content type",
            type.find("json") != std::string::npos, type.empty() ? "no Content-Type" : type);

        AnswerContext context{"vendor-check", flow, std::set<std::string>(prefixed.begin(), prefixed.end()),
                              _options.windowStart, _options.windowEnd};
        const VendorAnswer answer = parseVendorAnswer(response->body, context);
        add(prefix + "bundle.searchset", "the body is a Bundle of type searchset", answer.readable, answer.fatal);
        if (!answer.readable)
            return;

        rapidjson::Document bundle;
        bundle.Parse(response->body.c_str(), response->body.size());
        checkBundleShape(prefix, flow, bundle);

        Offenders missingSchedule, unattributed, outside;
        for (const auto& problem : answer.problems)
        {
            if (problem.find("Schedule '") != std::string::npos)
                missingSchedule.add(problem);
            else if (problem.find("leads to no requested") != std::string::npos)
                unattributed.add(problem);
            else if (problem.find("not free") != std::string::npos || problem.find("outside") != std::string::npos ||
                     problem.find("not an instant") != std::string::npos)
                outside.add(problem);
        }
        add(prefix + "slots.schedule-in-bundle", "every Slot's Schedule is in the Bundle (relative or full URL)",
            missingSchedule.empty(), missingSchedule.describe());
        add(prefix + "slots.attributed",
            flow == core::VendorFlow::Sos ? "every Slot leads to a requested association (Location → Organization SIRET, prefixed 3)"
                                          : "every Slot leads to a requested practitioner (identifier prefixed 8/0)",
            unattributed.empty(), unattributed.describe());
        add(prefix + "slots.free-in-window", "only free Slots starting within the requested window", outside.empty(),
            outside.describe());
        add(prefix + "slots.found", "the search found slots to check (choose identifiers with free slots)",
            !answer.slots.empty(), std::to_string(answer.slots.size()) + " slots");

        auto strict = fhir::readJson(response->body);
        std::string issues;
        if (!strict)
            for (std::size_t i = 0; i < strict.error().issues.size() && i < 5; ++i)
                issues += (i ? "; " : "") + strict.error().issues[i].expression + ": " + strict.error().issues[i].diagnostics;
        add(prefix + "fhir.r4-valid", "the Bundle is valid FHIR R4 JSON (no unknown elements, valid values)",
            strict.has_value(), issues);
    }

    void checkBundleShape(const std::string& prefix, core::VendorFlow flow, const rapidjson::Document& bundle)
    {
        const Value* entries = bundle.HasMember("entry") ? &bundle["entry"] : nullptr;
        int matches = 0;
        Offenders noFullUrl, badMode, noProfile, badPrefix, badInstant, noContained;
        const std::regex instant(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$)");
        if (entries && entries->IsArray())
            for (rapidjson::SizeType i = 0; i < entries->Size(); ++i)
            {
                const Value& entry = (*entries)[i];
                const std::string where = "entry[" + std::to_string(i) + "]";
                if (!entry.IsObject() || !entry.HasMember("resource"))
                    continue;
                const Value& resource = entry["resource"];
                const std::string type = text(resource, "resourceType");
                const std::string label = type + "/" + text(resource, "id");
                if (text(entry, "fullUrl").empty())
                    noFullUrl.add(where);
                const bool isMatch = flow == core::VendorFlow::Sos ? type == "Schedule" : type == "Slot";
                matches += isMatch ? 1 : 0;
                const std::string mode = entry.HasMember("search") ? text(entry["search"], "mode") : "";
                if (mode != (isMatch ? "match" : "include"))
                    badMode.add(where + " " + label + " (" + (mode.empty() ? "none" : mode) + ")");
                if (!resource.HasMember("meta") || !resource["meta"].IsObject() || !resource["meta"].HasMember("profile"))
                    noProfile.add(label);
                if (type == "Practitioner" && resource.HasMember("identifier") && resource["identifier"].IsArray())
                    for (const auto& identifier : resource["identifier"].GetArray())
                        if (text(identifier, "system") == "urn:oid:1.2.250.1.71.4.2.1" &&
                            prefixedPractitionerId(text(identifier, "value")) != text(identifier, "value"))
                            badPrefix.add(label + " " + text(identifier, "value"));
                if (type == "Slot")
                    for (const char* bound : {"start", "end"})
                        if (!std::regex_match(text(resource, bound), instant))
                            badInstant.add(label + "." + bound);
                if (type == "PractitionerRole")
                {
                    bool ok = false;
                    if (resource.HasMember("location") && resource["location"].IsArray() && resource.HasMember("contained"))
                        for (const auto& location : resource["location"].GetArray())
                        {
                            const std::string ref = text(location, "reference");
                            if (ref.size() > 1 && ref[0] == '#')
                                for (const auto& contained : resource["contained"].GetArray())
                                    ok = ok || (text(contained, "resourceType") == "Location" && text(contained, "id") == ref.substr(1));
                        }
                    if (!ok)
                        noContained.add(label);
                }
            }

        const bool hasTotal = bundle.HasMember("total") && bundle["total"].IsUint();
        add(prefix + "bundle.total", "Bundle.total is present (number of matches)", hasTotal,
            hasTotal ? "total " + std::to_string(bundle["total"].GetUint()) + ", " + std::to_string(matches) + " matches"
                     : "no total");
        int selfLinks = 0, otherLinks = 0;
        if (bundle.HasMember("link") && bundle["link"].IsArray())
            for (const auto& link : bundle["link"].GetArray())
                (text(link, "relation") == "self" ? selfLinks : otherLinks) += 1;
        add(prefix + "bundle.self-link", "exactly one link, relation self (no paging)", selfLinks == 1 && otherLinks == 0,
            std::to_string(selfLinks) + " self, " + std::to_string(otherLinks) + " other links");
        add(prefix + "bundle.full-url", "every entry has a fullUrl", noFullUrl.empty(), noFullUrl.describe());
        add(prefix + "bundle.search-mode",
            flow == core::VendorFlow::Sos ? "Schedules are search.mode match, the rest include"
                                          : "Slots are search.mode match, the rest include",
            badMode.empty(), badMode.describe());
        add(prefix + "resources.meta-profile", "every resource declares its meta.profile", noProfile.empty(),
            noProfile.describe());
        add(prefix + "identifiers.prefixed", "practitioner identifiers are prefixed (8 RPPS, 0 ADELI)", badPrefix.empty(),
            badPrefix.describe());
        add(prefix + "slots.instants", "Slot start and end are instants with a time-zone offset", badInstant.empty(),
            badInstant.describe());
        if (flow != core::VendorFlow::Sos)
            add(prefix + "practitionerrole.contained-location",
                "each PractitionerRole holds its Location as contained, referenced #id", noContained.empty(),
                noContained.describe());
        Offenders empty;
        findEmpty(bundle, "Bundle", empty);
        add(prefix + "json.no-empty-values", "no empty strings, arrays or objects", empty.empty(), empty.describe());
    }

    void checkEmptyAnswer(VendorConnection& connection)
    {
        VendorHttpRequest request;
        request.target = searchRequestTarget(core::VendorFlow::PractitionerIndividual, {"899999999999"},
                                             _options.windowStart, _options.windowEnd);
        auto response = connection.send(request, timeout());
        const char* title = "an unknown practitioner gives 200, a searchset Bundle with total 0 and no entry";
        if (!response)
            return add("empty.total-zero", title, false, response.error().message);
        rapidjson::Document bundle;
        bundle.Parse(response->body.c_str(), response->body.size());
        const bool ok = response->status == 200 && !bundle.HasParseError() && bundle.IsObject() &&
                        text(bundle, "resourceType") == "Bundle" && text(bundle, "type") == "searchset" &&
                        bundle.HasMember("total") && bundle["total"].IsUint() && bundle["total"].GetUint() == 0 &&
                        !(bundle.HasMember("entry") && bundle["entry"].IsArray() && !bundle["entry"].Empty());
        add("empty.total-zero", title, ok, "HTTP " + std::to_string(response->status) + ", " + response->body.substr(0, 120));
    }

    void checkErrorAnswer(VendorConnection& connection)
    {
        VendorHttpRequest request;
        request.target = "/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&status=free";
        auto response = connection.send(request, timeout());
        const char* title = "a search it cannot run (no window, no identifier) gives 4xx with an OperationOutcome";
        if (!response)
            return add("errors.operation-outcome", title, false, response.error().message);
        rapidjson::Document body;
        body.Parse(response->body.c_str(), response->body.size());
        const bool outcome = !body.HasParseError() && body.IsObject() && text(body, "resourceType") == "OperationOutcome";
        add("errors.operation-outcome", title, response->status >= 400 && response->status < 500 && outcome,
            "HTTP " + std::to_string(response->status) + (outcome ? " with an OperationOutcome" : " without an OperationOutcome"));
    }

    const ConformanceCheckOptions& _options;
    ConformanceReport _report;
};

std::string jsonString(const std::string& value)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return buffer.GetString();
}

} // namespace

ConformanceReport runConformanceCheck(const ConformanceCheckOptions& options)
{
    return Checker(options).run();
}

std::string formatReportText(const ConformanceReport& report)
{
    std::string out = "vendor-check " + report.baseUrl + "\n";
    int failed = 0;
    for (const auto& check : report.checks)
    {
        failed += check.passed ? 0 : 1;
        out += std::string(check.passed ? "PASS " : "FAIL ") + check.id + " — " + check.title;
        if (!check.detail.empty())
            out += " [" + check.detail + "]";
        out += "\n";
    }
    out += (failed == 0 ? "RESULT: PASS (" : "RESULT: FAIL (") + std::to_string(report.checks.size() - failed) + "/" +
           std::to_string(report.checks.size()) + " checks passed)\n";
    return out;
}

std::string formatReportJson(const ConformanceReport& report)
{
    std::string out = "{\"baseUrl\":" + jsonString(report.baseUrl) + ",\"passed\":" + (report.passed() ? "true" : "false") +
                      ",\"checks\":[";
    for (std::size_t i = 0; i < report.checks.size(); ++i)
    {
        const auto& check = report.checks[i];
        out += (i ? "," : "") + std::string("{\"id\":") + jsonString(check.id) + ",\"title\":" + jsonString(check.title) +
               ",\"passed\":" + (check.passed ? "true" : "false") + ",\"detail\":" + jsonString(check.detail) + "}";
    }
    return out + "]}";
}

} // namespace sas::adapters::vendors
