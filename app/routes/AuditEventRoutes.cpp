#include "app/routes/AuditEventRoutes.h"

#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <regex>
#include <set>
#include <sstream>

namespace sas::app
{
namespace
{

using adapters::postgres::AuditDateBound;
using adapters::postgres::AuditEventRow;
using adapters::postgres::AuditQuery;
using core::ErrorCode;
using fhir::rest::Exchange;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr coding(const std::string& system, const std::string& code)
{
    Object::Ptr value = new Object;
    value->set("system", system);
    value->set("code", code);
    return value;
}

Object::Ptr detail(const std::string& type, const std::string& value)
{
    Object::Ptr entry = new Object;
    entry->set("type", type);
    entry->set("valueString", value);
    return entry;
}

/// The agenda SAS and directory entries the JSON APIs write are not FHIR resources: named by an identifier of
/// ours rather than a FHIR reference.
bool gatewayEntity(const std::string& type)
{
    static const std::set<std::string> types{"AgendaRule",         "Unavailability",     "Orientation",
                                             "DirectoryPractitioner", "DirectoryStructure", "DirectoryPlace",
                                             "DirectoryImport"};
    return types.count(type) > 0;
}

Object::Ptr auditEvent(const AuditEventRow& row)
{
    const auto& record = row.record;
    Object::Ptr event = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    event->set("resourceType", "AuditEvent");
    event->set("id", row.id);
    event->set("type", coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest"));
    Array::Ptr subtype = new Array;
    subtype->add(coding(record.subtype == "import" ? "urn:sas-gateway:interaction" : "http://hl7.org/fhir/restful-interaction",
                        record.subtype));
    event->set("subtype", subtype);
    event->set("action", record.action);
    event->set("recorded", row.recorded);
    event->set("outcome", record.outcome);

    Object::Ptr agent = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Object::Ptr agentType = new Object;
    Array::Ptr agentCodings = new Array;
    agentCodings->add(coding("urn:sas-gateway:identity-kind", record.agent.kind));
    agentType->set("coding", agentCodings);
    agent->set("type", agentType);
    Object::Ptr who = new Object;
    Object::Ptr identifier = new Object;
    identifier->set("system", "urn:sas-gateway:identity:" + record.agent.kind);
    identifier->set("value", record.agent.id);
    who->set("identifier", identifier);
    agent->set("who", who);
    agent->set("requestor", true);
    Array::Ptr agents = new Array;
    agents->add(agent);
    event->set("agent", agents);

    Object::Ptr source = new Object;
    Object::Ptr observer = new Object;
    observer->set("display", "SAS Gateway");
    source->set("observer", observer);
    event->set("source", source);

    Object::Ptr entity = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const bool ours = gatewayEntity(record.entityType);
    if (!record.entityId.empty() && ours)
    {
        Object::Ptr what = new Object;
        Object::Ptr entityIdentifier = new Object;
        entityIdentifier->set("system", "urn:sas-gateway:" + record.entityType);
        entityIdentifier->set("value", record.entityId);
        what->set("identifier", entityIdentifier);
        entity->set("what", what);
    }
    else if (!record.entityId.empty())
    {
        Object::Ptr what = new Object;
        what->set("reference", record.entityType + "/" + record.entityId +
                                   (record.entityVersion ? "/_history/" + std::to_string(*record.entityVersion) : ""));
        entity->set("what", what);
    }
    entity->set("type", coding(ours ? "urn:sas-gateway:entity-type" : "http://hl7.org/fhir/resource-types",
                               record.entityType));
    Array::Ptr details = new Array;
    if (!record.detail.empty())
    {
        // "kind=contextual-call;territory=33": codes only, written by the gateway itself.
        std::istringstream parts(record.detail);
        std::string part;
        while (std::getline(parts, part, ';'))
            if (auto equals = part.find('='); equals != std::string::npos)
                details->add(detail(part.substr(0, equals), part.substr(equals + 1)));
    }
    if (!record.agent.requestId.empty())
        details->add(detail("request-id", record.agent.requestId));
    if (details->size() > 0)
        entity->set("detail", details);
    Array::Ptr entities = new Array;
    entities->add(entity);
    event->set("entity", entities);
    return event;
}

void sendFhirJson(Exchange& exchange, const Object::Ptr& resource)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(resource, out);
    exchange.sendText(out.str(), "application/fhir+json; charset=utf-8", 200);
}

const std::regex FHIR_DATE_OR_DATETIME(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?)");

/// One `date` value: its prefix and bound(s).
core::Status addDate(const std::string& text, AuditQuery& query)
{
    std::string prefix = "eq";
    std::string value = text;
    if (text.size() > 2 && std::isalpha(static_cast<unsigned char>(text[0])))
    {
        prefix = text.substr(0, 2);
        value = text.substr(2);
    }
    if (!std::regex_match(value, FHIR_DATE_OR_DATETIME))
        return core::fail(ErrorCode::Invalid, "date must be a FHIR date or dateTime with an offset", "date");
    if (prefix == "eq")
    {
        query.recorded.push_back(AuditDateBound{">=", value, false});
        query.recorded.push_back(AuditDateBound{"<", value, true});
    }
    else if (prefix == "ge")
        query.recorded.push_back(AuditDateBound{">=", value, false});
    else if (prefix == "gt")
        query.recorded.push_back(AuditDateBound{">=", value, true});
    else if (prefix == "lt")
        query.recorded.push_back(AuditDateBound{"<", value, false});
    else if (prefix == "le")
        query.recorded.push_back(AuditDateBound{"<", value, true});
    else
        return core::fail(ErrorCode::Invalid, "date takes the prefixes eq, ge, gt, le and lt", "date");
    return {};
}

core::Result<AuditQuery> parseQuery(Exchange& exchange)
{
    AuditQuery query;
    const std::string& uri = exchange.request().getURI();
    Poco::URI::QueryParameters parameters;
    try
    {
        parameters = Poco::URI(uri).getQueryParameters();
    }
    catch (const Poco::Exception&)
    {
        return core::fail(ErrorCode::Invalid, "the query string is not well encoded");
    }
    for (const auto& [name, value] : parameters)
    {
        if (name == "date")
        {
            if (auto added = addDate(value, query); !added)
                return core::fail(added.error());
        }
        else if (name == "agent")
            query.agentId = value;
        else if (name == "entity-type")
            query.entityType = value.substr(value.find('|') == std::string::npos ? 0 : value.find('|') + 1);
        else if (name == "outcome")
        {
            if (value != "0" && value != "4" && value != "8" && value != "12")
                return core::fail(ErrorCode::Invalid, "outcome is one of 0, 4, 8, 12", "outcome");
            query.outcome = value;
        }
        else if (name == "_count")
        {
            if (!Poco::NumberParser::tryParse(value, query.count) || query.count < 0 || query.count > 1000)
                return core::fail(ErrorCode::Invalid, "_count must be an integer from 0 to 1000", "_count");
        }
        else if (name != "_format")
            return core::fail(ErrorCode::Invalid, "AuditEvent is searched by date, agent, entity-type and outcome",
                              name);
    }
    return query;
}

} // namespace

void addAuditEventRoutes(fhir::rest::Router& router, adapters::postgres::PgAuditTrail& trail, std::string fhirBase)
{
    const auto admin = fhir::rest::Access::forKinds({core::IdentityKind::Admin});
    router.add("GET", "/fhir/AuditEvent", admin, [&trail, fhirBase](Exchange& exchange) -> core::Status {
        auto query = parseQuery(exchange);
        if (!query)
            return core::fail(query.error());
        auto events = trail.search(*query);
        if (!events)
            return core::fail(events.error());
        Object::Ptr bundle = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        bundle->set("resourceType", "Bundle");
        bundle->set("id", Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        bundle->set("type", "searchset");
        Array::Ptr entries = new Array;
        for (const auto& event : *events)
        {
            Object::Ptr entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            entry->set("fullUrl", fhirBase + "/AuditEvent/" + event.id);
            entry->set("resource", auditEvent(event));
            Object::Ptr search = new Object;
            search->set("mode", "match");
            entry->set("search", search);
            entries->add(entry);
        }
        if (entries->size() > 0)
            bundle->set("entry", entries);
        sendFhirJson(exchange, bundle);
        return {};
    });
    router.add("GET", "/fhir/AuditEvent/{id}", admin, [&trail](Exchange& exchange) -> core::Status {
        auto event = trail.find(exchange.pathParameters().at("id"));
        if (!event)
            return core::fail(event.error());
        sendFhirJson(exchange, auditEvent(*event));
        return {};
    });
}

} // namespace sas::app
