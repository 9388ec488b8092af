#include "fhir/rest/addResourceInteractions.h"

#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/model/isValidPrimitive.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"
#include "fhir/rest/canonicaliseSlotTimes.h"
#include "fhir/rest/ownerScope.h"
#include "fhir/rest/readResourceBody.h"
#include "fhir/rest/sendStored.h"
#include "fhir/rest/tokenCondition.h"
#include "fhir/rest/weakETag.h"
#include "fhir/store/jsonRenderer.h"

#include <Poco/NumberParser.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>

namespace sas::fhir::rest
{
namespace
{

using core::ErrorCode;
using core::IdentityKind;

const Access READERS = Access::forKinds({IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin});
const Access WRITERS = Access::forKinds({IdentityKind::Vendor, IdentityKind::Admin});

core::Result<std::string> servedType(const ResourceServices& services, Exchange& exchange)
{
    const std::string& type = exchange.pathParameters().at("type");
    if (std::find(services.types.begin(), services.types.end(), type) == services.types.end())
        return core::fail(ErrorCode::NotFound, "resource type '" + type + "' is not served here");
    return type;
}

core::Result<std::string> validId(Exchange& exchange)
{
    const std::string& id = exchange.pathParameters().at("id");
    if (!isValidPrimitive("id", id))
        return core::fail(ErrorCode::Invalid, "'" + id + "' is not a valid FHIR id", "id");
    return id;
}

/// The served type and valid id of an instance URL.
core::Result<std::pair<std::string, std::string>> typeAndId(const ResourceServices& services, Exchange& exchange)
{
    auto type = servedType(services, exchange);
    if (!type)
        return core::fail(type.error());
    auto id = validId(exchange);
    if (!id)
        return core::fail(id.error());
    return std::pair{std::move(*type), std::move(*id)};
}

/// `If-Match: W/"3"` (or `"3"`) → 3; absent → nullopt.
core::Result<std::optional<int>> ifMatch(Exchange& exchange)
{
    const std::string value = exchange.request().get("If-Match", "");
    if (value.empty())
        return std::optional<int>();
    const auto version = parseETag(value);
    if (!version)
        return core::fail(ErrorCode::Invalid, "If-Match must be an ETag such as W/\"3\"", "If-Match");
    return version;
}

std::string ownerOf(const Exchange& exchange)
{
    return exchange.identity() ? exchange.identity()->name : std::string();
}

bool isVendor(const Exchange& exchange)
{
    return exchange.identity() && exchange.identity()->kind == IdentityKind::Vendor;
}

core::Status answerWrite(Exchange& exchange, const ResourceServices& services, const store::WriteOutcome& outcome)
{
    const auto& stored = outcome.stored;
    // INT_R03 and INT_R02 expect a Location on updates as well as on creates.
    exchange.response().set("Location", services.fhirBase + "/" + stored.type + "/" + stored.id + "/_history/" +
                                                std::to_string(stored.version));
    return sendStored(exchange, stored, outcome.created ? 201 : 200);
}

/// Parses, validates and prepares a write of the body; the caller fills id and conditions.
core::Result<store::ResourceWrite> prepareWrite(Exchange& exchange, const ResourceServices& services,
                                                const std::string& type, Node resource)
{
    if (auto valid = services.validate(resource); !valid)
        return core::fail(valid.error());
    canonicaliseSlotTimes(resource);
    store::ResourceWrite write;
    write.type = type;
    write.owner = ownerOf(exchange);
    write.ownerOnly = isVendor(exchange);
    write.agent = auditAgentOf(exchange);
    write.index = services.indexOf(resource);
    write.render = store::jsonRenderer(std::move(resource));
    return write;
}

Node historyBundle(const store::HistoryPage& page, const ResourceServices& services, const std::string& self)
{
    Node bundle = Node::resource("Bundle");
    bundle.set("type", Node::string("history"));
    bundle.set("total", Node::number(std::to_string(page.total)));
    Node link = Node::object();
    link.set("relation", Node::string("self"));
    link.set("url", Node::string(self));
    bundle.append("link", std::move(link));
    for (const auto& version : page.versions)
    {
        Node entry = Node::object();
        entry.set("fullUrl", Node::string(services.fhirBase + "/" + version.type + "/" + version.id));
        if (!version.deleted)
            if (auto parsed = readJson(version.json))
                entry.set("resource", std::move(parsed->resource));
        Node request = Node::object();
        request.set("method", Node::string(version.method));
        request.set("url", Node::string(version.method == "POST" ? version.type : version.type + "/" + version.id));
        entry.set("request", std::move(request));
        Node response = Node::object();
        response.set("status", Node::string(version.deleted ? "204" : (version.version == 1 ? "201" : "200")));
        response.set("etag", Node::string(weakETag(version.version)));
        response.set("lastModified", Node::string(version.lastUpdated));
        entry.set("response", std::move(response));
        bundle.append("entry", std::move(entry));
    }
    return bundle;
}

core::Result<std::pair<int, int>> paging(Exchange& exchange)
{
    int count = 50;
    int offset = 0;
    const std::string countText = exchange.queryValue("_count");
    const std::string offsetText = exchange.queryValue("_offset");
    if (!countText.empty() && (!Poco::NumberParser::tryParse(countText, count) || count < 0 || count > 1000))
        return core::fail(ErrorCode::Invalid, "_count must be an integer from 0 to 1000", "_count");
    if (!offsetText.empty() && (!Poco::NumberParser::tryParse(offsetText, offset) || offset < 0))
        return core::fail(ErrorCode::Invalid, "_offset must be a non-negative integer", "_offset");
    return std::pair{count, offset};
}

} // namespace

void addResourceInteractions(Router& router, const ResourceServices& services, ServerCapabilities& capabilities)
{
    router.add("GET", "/fhir/{type}/{id}", READERS, [&services](Exchange& exchange) -> core::Status {
        auto target = typeAndId(services, exchange);
        if (!target)
            return core::fail(target.error());
        const auto& [type, id] = *target;
        if (auto readable = checkOwnerMayRead(services, exchange, type, id); !readable)
            return readable;
        auto stored = services.store.read(type, id);
        if (!stored)
            return core::fail(stored.error());
        return sendStored(exchange, *stored, 200);
    });

    router.add("GET", "/fhir/{type}/{id}/_history/{vid}", READERS, [&services](Exchange& exchange) -> core::Status {
        auto target = typeAndId(services, exchange);
        if (!target)
            return core::fail(target.error());
        const auto& [type, id] = *target;
        int version = 0;
        if (!Poco::NumberParser::tryParse(exchange.pathParameters().at("vid"), version) || version < 1)
            return core::fail(ErrorCode::NotFound, "version ids are positive integers");
        if (auto readable = checkOwnerMayRead(services, exchange, type, id); !readable)
            return readable;
        auto stored = services.store.readVersion(type, id, version);
        if (!stored)
            return core::fail(stored.error());
        return sendStored(exchange, *stored, 200);
    });

    auto history = [&services](Exchange& exchange, const std::string& type, const std::string& id) -> core::Status {
        auto page = paging(exchange);
        if (!page)
            return core::fail(page.error());
        auto versions = services.store.history(type, id, page->first, page->second);
        if (!versions)
            return core::fail(versions.error());
        const std::string self = services.fhirBase + "/" + type + (id.empty() ? "" : "/" + id) + "/_history";
        exchange.sendResource(historyBundle(*versions, services, self));
        return {};
    };
    router.add("GET", "/fhir/{type}/{id}/_history", READERS, [&services, history](Exchange& exchange) -> core::Status {
        auto target = typeAndId(services, exchange);
        if (!target)
            return core::fail(target.error());
        const auto& [type, id] = *target;
        if (auto readable = checkOwnerMayRead(services, exchange, type, id); !readable)
            return readable;
        if (auto current = services.store.readVersion(type, id, 1); !current && current.error().code == ErrorCode::NotFound)
            return core::fail(current.error());
        return history(exchange, type, id);
    });
    router.add("GET", "/fhir/{type}/_history", READERS, [&services, history](Exchange& exchange) -> core::Status {
        auto type = servedType(services, exchange);
        if (!type)
            return core::fail(type.error());
        if (ownerScoped(services, exchange, *type))
            return core::fail(ErrorCode::Forbidden,
                              "a vendor reads the history of its own " + *type + " resources one at a time");
        return history(exchange, *type, "");
    });

    router.add("POST", "/fhir/{type}", WRITERS, [&services](Exchange& exchange) -> core::Status {
        auto type = servedType(services, exchange);
        if (!type)
            return core::fail(type.error());
        auto resource = readResourceBody(exchange, *type);
        if (!resource)
            return core::fail(resource.error());
        const std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        auto naturalKey = services.naturalKey ? services.naturalKey(*resource) : std::nullopt;
        auto write = prepareWrite(exchange, services, *type, std::move(*resource));
        if (!write)
            return core::fail(write.error());
        write->id = id;
        write->createOnly = true;

        const std::string ifNoneExist = exchange.request().get("If-None-Exist", "");
        if (ifNoneExist.empty() && naturalKey)
        {
            auto outcome = services.store.writeConditional(
                store::ConditionalWrite{std::move(*write), std::move(*naturalKey), store::OnMatch::Update});
            return outcome ? answerWrite(exchange, services, *outcome) : core::fail(outcome.error());
        }
        if (ifNoneExist.empty())
        {
            auto outcome = services.store.write(*write);
            return outcome ? answerWrite(exchange, services, *outcome) : core::fail(outcome.error());
        }
        auto condition = tokenCondition(ifNoneExist, "If-None-Exist");
        if (!condition)
            return core::fail(condition.error());
        auto outcome = services.store.writeConditional(
            store::ConditionalWrite{std::move(*write), *condition, store::OnMatch::ReturnExisting});
        return outcome ? answerWrite(exchange, services, *outcome) : core::fail(outcome.error());
    });

    router.add("PUT", "/fhir/{type}/{id}", WRITERS, [&services](Exchange& exchange) -> core::Status {
        auto target = typeAndId(services, exchange);
        if (!target)
            return core::fail(target.error());
        const auto& [type, id] = *target;
        auto expected = ifMatch(exchange);
        if (!expected)
            return core::fail(expected.error());
        auto resource = readResourceBody(exchange, type);
        if (!resource)
            return core::fail(resource.error());
        const Node* bodyId = resource->first("id");
        if (!bodyId)
            return core::fail(ErrorCode::Invalid, "an update must carry the resource's id", type + ".id");
        if (bodyId->value() != id)
            return core::fail(ErrorCode::Invalid, "the body's id differs from the URL's", type + ".id");
        auto write = prepareWrite(exchange, services, type, std::move(*resource));
        if (!write)
            return core::fail(write.error());
        write->id = id;
        write->expectedVersion = *expected;
        auto outcome = services.store.write(*write);
        return outcome ? answerWrite(exchange, services, *outcome) : core::fail(outcome.error());
    });

    router.add("PUT", "/fhir/{type}", WRITERS, [&services](Exchange& exchange) -> core::Status {
        auto type = servedType(services, exchange);
        if (!type)
            return core::fail(type.error());
        auto condition = tokenCondition(exchange.query(), "identifier");
        if (!condition)
            return core::fail(condition.error());
        auto resource = readResourceBody(exchange, *type);
        if (!resource)
            return core::fail(resource.error());
        // The id is the match's, or the client's when it gives one, or a new one.
        std::string id = resource->first("id") ? resource->first("id")->value()
                                               : Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        auto write = prepareWrite(exchange, services, *type, std::move(*resource));
        if (!write)
            return core::fail(write.error());
        write->id = id;
        auto outcome = services.store.writeConditional(store::ConditionalWrite{std::move(*write), *condition, store::OnMatch::Update});
        return outcome ? answerWrite(exchange, services, *outcome) : core::fail(outcome.error());
    });

    router.add("DELETE", "/fhir/{type}/{id}", WRITERS, [&services](Exchange& exchange) -> core::Status {
        auto target = typeAndId(services, exchange);
        if (!target)
            return core::fail(target.error());
        const auto& [type, id] = *target;
        auto expected = ifMatch(exchange);
        if (!expected)
            return core::fail(expected.error());
        auto outcome = services.store.remove(store::ResourceDelete{type, id, ownerOf(exchange), *expected, isVendor(exchange),
                                                                  auditAgentOf(exchange)});
        if (!outcome)
            return core::fail(outcome.error());
        exchange.response().set("ETag", weakETag(outcome->stored.version));
        exchange.sendText("", "text/plain", 204);
        return {};
    });

    for (const auto& type : services.types)
    {
        ResourceCapability capability;
        capability.type = type;
        capability.interactions = {"read", "vread", "update", "delete", "history-instance", "history-type", "create"};
        capability.versioned = true;
        capability.updateCreate = true;
        capability.conditionalCreate = "true";
        capability.conditionalUpdate = true;
        capabilities.resources.push_back(std::move(capability));
    }
}

} // namespace sas::fhir::rest
