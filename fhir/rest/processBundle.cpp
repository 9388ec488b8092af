#include "fhir/rest/processBundle.h"

#include "fhir/json/JsonReader.h"
#include "fhir/model/rewriteReferences.h"
#include "fhir/rest/canonicaliseSlotTimes.h"
#include "fhir/rest/errorToHttp.h"
#include "fhir/rest/tokenCondition.h"
#include "fhir/rest/weakETag.h"
#include "fhir/store/jsonRenderer.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <map>

namespace sas::fhir::rest
{
namespace
{

using core::ErrorCode;

/// One entry of the Bundle, checked and ready to apply.
struct PlannedEntry
{
    std::size_t index = 0;
    std::string method; ///< POST, PUT, DELETE or GET (a read: `[type]/[id]`)
    std::string type;
    std::string id;
    std::optional<store::TokenCondition> condition; ///< If-None-Exist (POST) or conditional URL (PUT)
    std::string fullUrl;
    std::optional<Node> resource;
    std::optional<int> ifMatch;
    bool matchedExisting = false; ///< If-None-Exist found the resource: nothing written
    bool updateOnMatch = false;   ///< a POST carrying a natural key (INT_R03: the Appointment's identifier)
    bool updatesMatch = false;    ///< …which matched a stored resource: this POST updates it (as outside Bundles)
    std::optional<store::WriteOutcome> outcome;
    std::optional<store::StoredResource> read; ///< what a GET found
};

std::string entryPath(std::size_t index)
{
    return "Bundle.entry[" + std::to_string(index) + "]";
}

std::string newId()
{
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::string text(const Node* node)
{
    return node ? node->value() : std::string();
}

/// Moves a validator's `Slot.status` under `Bundle.entry[i].resource.ofType(Slot).status`.
std::string locateInEntry(const std::string& expression, std::size_t index, const std::string& type)
{
    const std::string prefix = entryPath(index) + ".resource.ofType(" + type + ")";
    if (expression == type)
        return prefix;
    if (expression.rfind(type + ".", 0) == 0)
        return prefix + expression.substr(type.size());
    return expression.empty() ? prefix : prefix + "." + expression;
}

/// Checks one entry and records every problem in `issues`; nothing touches the store.
/// Problems found while checking entries: structural ones (400) and profile rules (422).
struct EntryIssues
{
    std::vector<core::Issue> structural;
    std::vector<core::Issue> profile;
};

std::optional<PlannedEntry> planEntry(const Node& entry, std::size_t index, const ResourceServices& services,
                                      EntryIssues& issues)
{
    const std::string at = entryPath(index);
    auto problem = [&](const std::string& message, const std::string& where, const char* code = "invalid") {
        issues.structural.push_back(core::Issue{core::Severity::Error, code, message, where});
        return std::nullopt;
    };
    const Node* request = entry.first("request");
    if (!request)
        return problem("every entry needs a request", at + ".request", "required");
    PlannedEntry planned;
    planned.index = index;
    planned.method = text(request->first("method"));
    planned.fullUrl = text(entry.first("fullUrl"));
    std::string url = text(request->first("url"));
    if (url.rfind(services.fhirBase + "/", 0) == 0)
        url = url.substr(services.fhirBase.size() + 1);
    if (planned.method != "POST" && planned.method != "PUT" && planned.method != "DELETE" && planned.method != "GET")
        return problem("request.method " + planned.method + " is not supported in a Bundle (POST, PUT, DELETE, GET)",
                       at + ".request.method", "not-supported");

    const auto question = url.find('?');
    const std::string path = url.substr(0, question);
    const auto slash = path.find('/');
    planned.type = path.substr(0, slash);
    if (std::find(services.types.begin(), services.types.end(), planned.type) == services.types.end())
        return problem("resource type '" + planned.type + "' is not served here", at + ".request.url", "not-supported");
    if (slash != std::string::npos)
        planned.id = path.substr(slash + 1);
    if (planned.method == "GET")
    {
        // Reads only: a search answers a Bundle of its own, which GET [type]?… gives directly.
        if (question != std::string::npos || planned.id.empty() || planned.id.find('/') != std::string::npos)
            return problem("GET in a Bundle reads one resource: [type]/[id] (searches and history are not supported "
                           "here)",
                           at + ".request.url", "not-supported");
        return planned;
    }
    if (question != std::string::npos)
    {
        auto condition = tokenCondition(url.substr(question + 1), at + ".request.url");
        if (!condition)
            return problem(condition.error().message, at + ".request.url", "not-supported");
        planned.condition = *condition;
    }
    if (const Node* ifNoneExist = request->first("ifNoneExist"))
    {
        auto condition = tokenCondition(ifNoneExist->value(), at + ".request.ifNoneExist");
        if (!condition)
            return problem(condition.error().message, at + ".request.ifNoneExist", "not-supported");
        planned.condition = *condition;
    }
    if (const Node* ifMatch = request->first("ifMatch"))
    {
        planned.ifMatch = parseETag(ifMatch->value());
        if (!planned.ifMatch)
            return problem("ifMatch must be an ETag such as W/\"3\"", at + ".request.ifMatch");
    }

    if (planned.method == "POST")
    {
        if (!planned.id.empty())
            return problem("POST takes a type URL, not an id", at + ".request.url");
        planned.id = newId();
    }
    else if (planned.id.empty() && !planned.condition)
        return problem(planned.method + " needs [type]/[id] or a conditional URL", at + ".request.url");

    if (planned.method == "DELETE")
        return planned;
    const Node* resource = entry.first("resource");
    if (!resource)
        return problem(planned.method + " needs a resource", at + ".resource", "required");
    if (resource->resourceType() != planned.type)
        return problem("the resource is a " + std::string(resource->resourceType()) + ", the URL names " + planned.type,
                       at + ".resource");
    if (planned.method == "PUT" && !planned.condition && text(resource->first("id")) != planned.id)
        return problem("the resource's id differs from the URL's", at + ".resource.ofType(" + planned.type + ").id");
    planned.resource = *resource;
    if (auto valid = services.validate(*resource); !valid)
    {
        for (auto issue : valid.error().issues)
        {
            issue.expression = locateInEntry(issue.expression, index, planned.type);
            issues.profile.push_back(std::move(issue));
        }
        return std::nullopt;
    }
    canonicaliseSlotTimes(*planned.resource);
    // A repeated POST never duplicates a resource that has a business key, inside a Bundle as outside one.
    if (planned.method == "POST" && !planned.condition && services.naturalKey)
        if (auto key = services.naturalKey(*planned.resource))
        {
            planned.condition = std::move(*key);
            planned.updateOnMatch = true;
        }
    return planned;
}

core::Error entryError(core::Error error, std::size_t index)
{
    error.message = entryPath(index) + ": " + error.message;
    for (auto& issue : error.issues)
        if (issue.expression.empty())
            issue.expression = entryPath(index);
    return error;
}

store::ResourceWrite makeWrite(const PlannedEntry& planned, const Node& resource, const ResourceServices& services,
                               const Submitter& submitter)
{
    store::ResourceWrite write;
    write.type = planned.type;
    write.id = planned.id;
    write.owner = submitter.owner;
    write.ownerOnly = submitter.ownerOnly;
    write.agent = submitter.agent;
    write.createOnly = planned.method == "POST" && !planned.updatesMatch;
    write.expectedVersion = planned.ifMatch;
    write.index = services.indexOf(resource);
    write.render = store::jsonRenderer(resource);
    return write;
}

/// Applies planned entries inside one store transaction; the caller commits.
core::Status apply(std::vector<PlannedEntry>& entries, store::StoreTransaction& unit, const ResourceServices& services,
                   const Submitter& submitter)
{
    // Conditions first, under their locks: they decide ids that references may point to.
    std::map<std::string, std::string> targets; // fullUrl or conditional reference → Type/id
    std::map<std::string, std::size_t> keyed;   // natural key → the entry that writes it
    for (auto& planned : entries)
    {
        if (planned.updateOnMatch)
        {
            const auto& key = *planned.condition;
            const auto [first, inserted] =
                keyed.emplace(planned.type + "?" + key.parameter + "=" + key.system + "|" + key.code, planned.index);
            if (!inserted)
                return core::fail(entryError(
                    core::makeError(ErrorCode::Invalid, "this POST repeats the " + key.parameter + " of " +
                                                            entryPath(first->second) + ": one entry per " +
                                                            planned.type,
                                    entryPath(planned.index) + ".resource"),
                    planned.index));
        }
        if (planned.condition)
        {
            auto matches = unit.findByToken(planned.type, *planned.condition);
            if (!matches)
                return core::fail(entryError(matches.error(), planned.index));
            if (matches->size() > 1)
                return core::fail(entryError(core::makeError(ErrorCode::PreconditionFailed,
                                                             "the condition matches several resources"),
                                             planned.index));
            if (matches->size() == 1)
            {
                planned.id = matches->front();
                planned.updatesMatch = planned.updateOnMatch;
                planned.matchedExisting = planned.method == "POST" && !planned.updateOnMatch;
            }
            else if (planned.method == "PUT" && planned.id.empty())
                planned.id = planned.resource && planned.resource->first("id") ? planned.resource->first("id")->value()
                                                                               : newId();
            else if (planned.method == "DELETE")
                return core::fail(entryError(core::makeError(ErrorCode::NotFound, "the condition matches nothing"),
                                             planned.index));
        }
        if (!planned.fullUrl.empty() && planned.method != "DELETE" && planned.method != "GET")
            targets[planned.fullUrl] = planned.type + "/" + planned.id;
    }

    // Conditional references ("Practitioner?identifier=system|value") must match exactly one.
    for (const auto& planned : entries)
    {
        if (!planned.resource)
            continue;
        std::optional<core::Error> failure;
        forEachReference(*planned.resource, [&](const std::string& reference) {
            const auto question = reference.find('?');
            if (failure || question == std::string::npos || targets.count(reference))
                return;
            const std::string type = reference.substr(0, question);
            auto condition = tokenCondition(reference.substr(question + 1), entryPath(planned.index) + ".resource");
            if (!condition)
            {
                failure = condition.error();
                return;
            }
            auto matches = unit.findByToken(type, *condition);
            if (!matches)
                failure = matches.error();
            else if (matches->size() != 1)
                failure = core::makeError(ErrorCode::PreconditionFailed,
                                          "the conditional reference " + type + "?… matches " +
                                              std::to_string(matches->size()) + " resources, not one");
            else
                targets[reference] = type + "/" + matches->front();
        });
        if (failure)
            return core::fail(entryError(*failure, planned.index));
    }

    // DELETE, then POST, then PUT (FHIR's transaction order).
    for (const char* method : {"DELETE", "POST", "PUT"})
    {
        for (auto& planned : entries)
        {
            if (planned.method != method || planned.matchedExisting)
                continue;
            core::Result<store::WriteOutcome> outcome = core::fail(ErrorCode::Internal, "not applied");
            if (planned.method == "DELETE")
                outcome = unit.remove(store::ResourceDelete{planned.type, planned.id, submitter.owner, planned.ifMatch,
                                                            submitter.ownerOnly, submitter.agent});
            else
            {
                Node resource = rewriteReferences(*planned.resource, [&targets](const std::string& reference) {
                    auto found = targets.find(reference);
                    return found == targets.end() ? std::nullopt : std::optional<std::string>(found->second);
                });
                outcome = unit.write(makeWrite(planned, resource, services, submitter));
            }
            if (!outcome)
                return core::fail(entryError(outcome.error(), planned.index));
            planned.outcome = std::move(*outcome);
        }
    }

    // GET last, so it reads what this Bundle wrote. A vendor reads only what it owns, as outside Bundles: another
    // owner's resource is not known.
    for (auto& planned : entries)
    {
        if (planned.method != "GET")
            continue;
        auto read = unit.read(planned.type, planned.id);
        if (read && submitter.ownerOnly &&
            std::find(services.ownedTypes.begin(), services.ownedTypes.end(), planned.type) != services.ownedTypes.end() &&
            read->owner != submitter.owner)
            read = core::fail(ErrorCode::NotFound, planned.type + "/" + planned.id + " is not known");
        if (!read)
            return core::fail(entryError(read.error(), planned.index));
        planned.read = std::move(*read);
    }
    return {};
}

Node readEntry(const PlannedEntry& planned, const ResourceServices& services)
{
    Node response = Node::object();
    response.set("status", Node::string("200 OK"));
    response.set("etag", Node::string(weakETag(planned.read->version)));
    response.set("lastModified", Node::string(planned.read->lastUpdated));
    Node entry = Node::object();
    entry.set("fullUrl", Node::string(services.fhirBase + "/" + planned.type + "/" + planned.id));
    if (auto parsed = readJson(planned.read->json))
        entry.set("resource", std::move(parsed->resource));
    entry.set("response", std::move(response));
    return entry;
}

Node responseEntry(const PlannedEntry& planned, const ResourceServices& services)
{
    if (planned.read)
        return readEntry(planned, services);
    Node response = Node::object();
    std::string status = "200 OK";
    if (planned.method == "DELETE")
        status = "204 No Content";
    else if (planned.outcome && planned.outcome->created)
        status = "201 Created";
    response.set("status", Node::string(status));
    if (planned.method != "DELETE")
        response.set("location", Node::string(planned.type + "/" + planned.id +
                                              (planned.outcome ? "/_history/" + std::to_string(planned.outcome->stored.version)
                                                               : std::string())));
    if (planned.outcome)
    {
        response.set("etag", Node::string(weakETag(planned.outcome->stored.version)));
        response.set("lastModified", Node::string(planned.outcome->stored.lastUpdated));
    }
    Node entry = Node::object();
    if (planned.method != "DELETE")
        entry.set("fullUrl", Node::string(services.fhirBase + "/" + planned.type + "/" + planned.id));
    entry.set("response", std::move(response));
    return entry;
}

/// Invalid for what cannot be applied at all, Unprocessable when only profile rules fail.
core::Error refusal(EntryIssues issues)
{
    const ErrorCode code = issues.structural.empty() ? ErrorCode::Unprocessable : ErrorCode::Invalid;
    std::vector<core::Issue> all = std::move(issues.structural);
    all.insert(all.end(), issues.profile.begin(), issues.profile.end());
    const std::string message = std::to_string(all.size()) + " problem(s) in the Bundle; nothing was written";
    return core::Error{code, message, std::move(all)};
}

core::Result<std::vector<PlannedEntry>> planAll(const Node& bundle, const ResourceServices& services)
{
    std::vector<PlannedEntry> entries;
    EntryIssues issues;
    if (const Node::Member* member = bundle.find("entry"))
        for (std::size_t i = 0; i < member->values.size(); ++i)
            if (auto planned = planEntry(member->values[i], i, services, issues))
                entries.push_back(std::move(*planned));
    if (!issues.structural.empty() || !issues.profile.empty())
        return core::fail(refusal(std::move(issues)));
    return entries;
}

} // namespace

core::Result<Node> processTransaction(const Node& bundle, const ResourceServices& services, const Submitter& submitter)
{
    auto entries = planAll(bundle, services);
    if (!entries)
        return core::fail(entries.error());
    auto unit = services.store.begin();
    if (!unit)
        return core::fail(unit.error());
    if (auto applied = apply(*entries, **unit, services, submitter); !applied)
        return core::fail(applied.error()); // the unit rolls back when destroyed
    if (auto committed = (*unit)->commit(); !committed)
        return core::fail(committed.error());

    Node response = Node::resource("Bundle");
    response.set("type", Node::string("transaction-response"));
    for (const auto& planned : *entries)
        response.append("entry", responseEntry(planned, services));
    return response;
}

core::Result<Node> processBatch(const Node& bundle, const ResourceServices& services, const Submitter& submitter)
{
    Node response = Node::resource("Bundle");
    response.set("type", Node::string("batch-response"));
    const Node::Member* member = bundle.find("entry");
    const std::size_t count = member ? member->values.size() : 0;
    for (std::size_t i = 0; i < count; ++i)
    {
        EntryIssues issues;
        auto planned = planEntry(member->values[i], i, services, issues);
        core::Status status;
        if (!planned)
            status = core::fail(refusal(std::move(issues)));
        else
        {
            std::vector<PlannedEntry> one{std::move(*planned)};
            auto unit = services.store.begin();
            status = unit ? apply(one, **unit, services, submitter) : core::fail(unit.error());
            if (status)
                status = (*unit)->commit();
            if (status)
            {
                response.append("entry", responseEntry(one.front(), services));
                continue;
            }
        }
        const auto mapping = errorToHttp(status.error().code);
        Node result = Node::object();
        result.set("status", Node::string(std::to_string(mapping.status)));
        result.set("outcome", errorToOperationOutcome(status.error()));
        Node entry = Node::object();
        entry.set("response", std::move(result));
        response.append("entry", std::move(entry));
    }
    return response;
}

} // namespace sas::fhir::rest
