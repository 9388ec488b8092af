// std::regex for the Hub's `\d` patterns (see adapters/hub/HubMessageGate.cpp for the RapidJSON 1.1.0 macro quirk).
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#include "tests/support/HubDispatcher.h"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <Poco/UUIDGenerator.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace sas::test
{
namespace
{

const std::string HUB = "fr.health.hub";

/// The 25 Hub schemas, resolved by file name for the full schema's `$ref`s.
class HubSchemas final : public rapidjson::IRemoteSchemaDocumentProvider
{
public:
    HubSchemas()
    {
        const auto directory = std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/hub/json-schema";
        for (const auto& entry : std::filesystem::directory_iterator(directory))
            _texts[entry.path().filename().string()] = read(entry.path());
        full = compile("EDXL-DE-full.schema.json");
    }

    const rapidjson::SchemaDocument* GetRemoteDocument(const char* uri, rapidjson::SizeType length) override
    {
        std::string name(uri, length);
        if (auto slash = name.rfind('/'); slash != std::string::npos)
            name = name.substr(slash + 1);
        // RapidJSON 1.1.0 passes the reference one character short ("RC-DE.schema.jso"): match on the prefix.
        for (const auto& [file, text] : _texts)
            if (file == name || (file.size() == name.size() + 1 && file.compare(0, name.size(), name) == 0))
            {
                auto found = _documents.find(file);
                return found != _documents.end() ? found->second.get() : compile(file);
            }
        return nullptr;
    }

    const rapidjson::SchemaDocument* full = nullptr;

private:
    static std::string read(const std::filesystem::path& path)
    {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    const rapidjson::SchemaDocument* compile(const std::string& name)
    {
        rapidjson::Document document;
        document.Parse(_texts[name].c_str());
        auto schema = std::make_unique<rapidjson::SchemaDocument>(document, this);
        return (_documents[name] = std::move(schema)).get();
    }

    std::map<std::string, std::string> _texts;
    std::map<std::string, std::unique_ptr<rapidjson::SchemaDocument>> _documents;
};

const HubSchemas& schemas()
{
    static HubSchemas instance; // thread-safe static init; validation below only reads the documents
    return instance;
}

std::string text(const rapidjson::Value* value)
{
    return value && value->IsString() ? value->GetString() : "";
}

const rapidjson::Value* member(const rapidjson::Value* object, const char* name)
{
    if (!object || !object->IsObject() || !object->HasMember(name))
        return nullptr;
    return &(*object)[name];
}

std::string nowText()
{
    std::time_t now = std::time(nullptr);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&now));
    return buffer;
}

std::string newId(const std::string& sender)
{
    return sender + "_" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

/// An EDXL-DE envelope from `sender` to `recipient` around `message` (JSON text).
std::string envelope(const std::string& sender, const std::string& recipient, const std::string& kind,
                     const std::string& id, const std::string& message)
{
    const std::string now = nowText();
    return R"({"distributionID":")" + id + R"(","senderID":")" + sender + R"(","dateTimeSent":")" + now +
           R"(","dateTimeExpires":"2072-09-27T08:23:34+02:00","distributionStatus":"Actual","distributionKind":")" + kind +
           R"(","descriptor":{"language":"fr-FR","explicitAddress":{"explicitAddressScheme":"hubex","explicitAddressValue":")" +
           recipient + R"("}},"content":[{"jsonContent":{"embeddedJsonContent":{"message":)" + message + "}}}]}";
}

std::string errorMessage(int code, const std::string& status, const std::string& cause, const std::string& referenced)
{
    rapidjson::StringBuffer escaped;
    rapidjson::Writer<rapidjson::StringBuffer> writer(escaped);
    writer.String(cause.c_str());
    return R"({"error":{"errorCode":{"statusCode":)" + std::to_string(code) + R"(,"statusString":")" + status +
           R"("},"errorCause":)" + escaped.GetString() + R"(,"referencedDistributionID":")" + referenced + R"("}})";
}

} // namespace

std::string HubDispatcher::schemaProblem(const std::string& body)
{
    rapidjson::Document document;
    document.Parse(body.c_str());
    if (document.HasParseError())
        return "not JSON";
    rapidjson::SchemaValidator validator(*schemas().full);
    if (document.Accept(validator))
        return "";
    rapidjson::StringBuffer where;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
    return std::string("'") + validator.GetInvalidSchemaKeyword() + "' fails at " + where.GetString();
}

HubDispatcher::HubDispatcher(adapters::hub::AmqpEndpoint endpoint) : _endpoint(std::move(endpoint)) { }

HubDispatcher::~HubDispatcher()
{
    stop();
}

void HubDispatcher::start()
{
    schemas();
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void HubDispatcher::stop()
{
    _stopping = true;
    if (_thread.joinable())
        _thread.join();
}

std::vector<DispatchedMessage> HubDispatcher::seen() const
{
    std::lock_guard lock(_mutex);
    return _seen;
}

void HubDispatcher::run()
{
    while (!_stopping)
    {
        auto connection = adapters::hub::AmqpConnection::open(_endpoint);
        if (!connection || !(*connection)->consume("dispatch"))
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        while (!_stopping)
        {
            auto delivery = (*connection)->next(std::chrono::milliseconds(100));
            if (!delivery)
                break; // broker gone: reconnect
            if (*delivery)
                dispatch(**connection, **delivery);
        }
    }
}

void HubDispatcher::dispatch(adapters::hub::AmqpConnection& connection, const adapters::hub::AmqpDelivery& delivery)
{
    DispatchedMessage seen{delivery.routingKey, delivery.body, false, "", ""};
    rapidjson::Document document;
    document.Parse(delivery.body.c_str());
    int refusal = 0;
    std::string status;
    if (delivery.deliveryMode != 2)
        refusal = 100, status = "DELIVERY_MODE_INCONSISTENCY", seen.problem = "not persistent";
    else if (delivery.contentType != "application/json")
        refusal = 101, status = "NOT_ALLOWED_CONTENT_TYPE", seen.problem = "content type " + delivery.contentType;
    else if (document.HasParseError() || !document.IsObject())
        refusal = 102, status = "UNRECOGNIZED_MESSAGE_FORMAT", seen.problem = "not JSON";
    else if (text(member(&document, "senderID")) != delivery.routingKey)
        refusal = 200, status = "SENDER_INCONSISTENCY", seen.problem = "senderID is not the routing key";
    else if (auto problem = schemaProblem(delivery.body); !problem.empty())
        refusal = 300, status = "INVALID_MESSAGE", seen.problem = problem;
    else
        seen.valid = true;

    if (refusal)
    {
        const std::string id = newId(HUB);
        const std::string referenced =
            document.IsObject() ? text(member(&document, "distributionID")) : "distributionID_could_not_be_extracted";
        (void)connection.publish("distribution", delivery.routingKey + ".info",
                                 envelope(HUB, delivery.routingKey, "Error", id,
                                          errorMessage(refusal, status, seen.problem, referenced)));
    }
    else
    {
        const std::string kind = text(member(&document, "distributionKind"));
        const std::string recipient = text(member(member(member(&document, "descriptor"), "explicitAddress"), "explicitAddressValue"));
        seen.queue = recipient + (kind == "Ack" ? ".ack" : kind == "Error" ? ".info" : ".message");
        (void)connection.publish("distribution", seen.queue, delivery.body);
    }
    (void)connection.ack(delivery.tag);
    std::lock_guard lock(_mutex);
    _seen.push_back(std::move(seen));
}

FakeLrm::FakeLrm(adapters::hub::AmqpEndpoint endpoint, std::string clientId, LrmBehaviour behaviour)
    : _endpoint(std::move(endpoint)), _clientId(std::move(clientId)), _behaviour(behaviour)
{
}

FakeLrm::~FakeLrm()
{
    stop();
}

void FakeLrm::start()
{
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void FakeLrm::stop()
{
    _stopping = true;
    if (_thread.joinable())
        _thread.join();
}

std::vector<std::string> FakeLrm::received() const
{
    std::lock_guard lock(_mutex);
    return _received;
}

std::vector<std::chrono::steady_clock::time_point> FakeLrm::arrivals() const
{
    std::lock_guard lock(_mutex);
    return _arrivals;
}

void FakeLrm::run()
{
    // Acks held back by LrmBehaviour::Late: (when to send, ack body).
    std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> late;
    while (!_stopping)
    {
        auto connection = adapters::hub::AmqpConnection::open(_endpoint);
        if (!connection || !(*connection)->declarePassive(_clientId + ".message") ||
            !(*connection)->consume(_clientId + ".message"))
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        while (!_stopping)
        {
            const auto now = std::chrono::steady_clock::now();
            for (auto held = late.begin(); held != late.end();)
                if (held->first <= now && (*connection)->publish("hubsante", _clientId, held->second))
                    held = late.erase(held);
                else
                    ++held;
            auto delivery = (*connection)->next(std::chrono::milliseconds(100));
            if (!delivery)
                break;
            if (!*delivery)
                continue;
            const std::string& body = (**delivery).body;
            {
                std::lock_guard lock(_mutex);
                _received.push_back(body);
                _arrivals.push_back(std::chrono::steady_clock::now());
            }
            rapidjson::Document document;
            document.Parse(body.c_str());
            const std::string distributionId = text(member(&document, "distributionID"));
            const std::string sender = text(member(&document, "senderID"));
            const bool create = body.find("\"CreateAppointment\"") != std::string::npos;
            const LrmBehaviour behaviour = _behaviour;
            const std::string id = newId(_clientId);
            const std::string ack =
                envelope(_clientId, sender, "Ack", id,
                         R"({"messageId":")" + id + R"(","sender":{"name":")" + _clientId + R"(","URI":"hubex:)" +
                             _clientId + R"("},"sentAt":")" + nowText() +
                             R"(","kind":"Ack","status":"Actual","recipient":[{"name":")" + sender +
                             R"(","URI":"hubex:)" + sender + R"("}],"reference":{"distributionID":")" +
                             distributionId + R"("}})");
            if (behaviour == LrmBehaviour::Conflict && create)
                (void)(*connection)->publish(
                    "hubsante", _clientId,
                    envelope(_clientId, sender, "Error", id,
                             errorMessage(409, "CONFLICT", "L'identifiant du RDV à créer existe déjà", distributionId)));
            else if (behaviour == LrmBehaviour::Late)
                late.emplace_back(std::chrono::steady_clock::now() + _lateAckDelay.load(), ack);
            else if (behaviour != LrmBehaviour::Silent)
                (void)(*connection)->publish("hubsante", _clientId, ack);
            (void)(*connection)->ack((**delivery).tag);
        }
    }
}

} // namespace sas::test
