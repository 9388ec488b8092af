#include "app/routes/ContextualCallRoute.h"

#include "adapters/lrm/readContextualCall.h"
#include "adapters/lrm/resolvePreferredDoctor.h"
#include "app/routes/JsonApi.h"
#include "app/routes/searchResultBundle.h"
#include "app/routes/searchResultJson.h"
#include "web/html.h"
#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <sstream>

namespace sas::app
{
namespace
{

using adapters::lrm::ContextualCall;
using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

const char* decisionName(ContextualCall::Decision decision)
{
    switch (decision)
    {
    case ContextualCall::Decision::NotLrm:
        return "not-lrm";
    case ContextualCall::Decision::OriginError:
        return "origin-error";
    case ContextualCall::Decision::RedirectHome:
        return "redirect-home";
    case ContextualCall::Decision::Search:
        return "search";
    }
    return "unknown";
}

const char* specialtyKind(ContextualCall::Specialty::Kind kind)
{
    switch (kind)
    {
    case ContextualCall::Specialty::Kind::NotTransmitted:
        return "notTransmitted";
    case ContextualCall::Specialty::Kind::Normed:
        return "normed";
    case ContextualCall::Specialty::Kind::FullText:
        return "fullText";
    }
    return "unknown";
}

const char* doctorKind(ContextualCall::PreferredDoctor::Kind kind)
{
    switch (kind)
    {
    case ContextualCall::PreferredDoctor::Kind::None:
        return "none";
    case ContextualCall::PreferredDoctor::Kind::Normed:
        return "normed";
    case ContextualCall::PreferredDoctor::Kind::FullText:
        return "fullText";
    }
    return "unknown";
}

/// Identifiers only: the origin, the decision, which parameters were forgiven or ignored. Never a value (an address
/// or a doctor's name describes the patient).
void logCall(const ContextualCall& call)
{
    std::string forgiven;
    for (const auto& notice : call.notices)
        forgiven += std::string(forgiven.empty() ? "" : ",") + toString(notice.kind) + ":" + notice.key;
    std::string ignored;
    for (const auto& key : call.ignoredParameters)
        ignored += (ignored.empty() ? "" : ",") + key.substr(0, 32);
    Poco::Logger::get("sas.lrm").information("contextual call origin=%s dialect=%s decision=%s notices=[%s] ignored=[%s]",
                                             call.origin.substr(0, 64), call.dialect,
                                             std::string(decisionName(call.decision)), forgiven, ignored);
}

Poco::JSON::Object::Ptr contextJson(const ContextualCall& call)
{
    Poco::JSON::Object::Ptr context = new Poco::JSON::Object;
    context->set("origin", call.origin);
    context->set("dialect", call.dialect);
    context->set("address", call.addressString);
    context->set("inseeCode", call.inseeCode);
    context->set("city", call.city);
    context->set("departement", call.departement);
    Poco::JSON::Object::Ptr specialty = new Poco::JSON::Object;
    specialty->set("kind", std::string(specialtyKind(call.specialty.kind)));
    specialty->set("label", call.specialty.label);
    if (!call.specialty.code.empty())
    {
        specialty->set("oid", call.specialty.oid);
        specialty->set("code", call.specialty.code);
    }
    context->set("specialty", specialty);
    Poco::JSON::Object::Ptr doctor = new Poco::JSON::Object;
    doctor->set("kind", std::string(doctorKind(call.preferredDoctor.kind)));
    if (!call.preferredDoctor.rpps.empty())
        doctor->set("rpps", call.preferredDoctor.rpps);
    if (!call.preferredDoctor.text.empty())
        doctor->set("text", call.preferredDoctor.text);
    if (!call.preferredDoctor.errorCode.empty())
    {
        doctor->set("errorCode", call.preferredDoctor.errorCode);
        doctor->set("message", call.preferredDoctor.errorMessage);
    }
    context->set("preferredDoctor", doctor);
    Poco::JSON::Array::Ptr notices = new Poco::JSON::Array;
    for (const auto& notice : call.notices)
    {
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
        entry->set("kind", std::string(toString(notice.kind)));
        entry->set("parameter", notice.key);
        notices->add(entry);
    }
    context->set("notices", notices);
    Poco::JSON::Array::Ptr ignored = new Poco::JSON::Array;
    for (const auto& key : call.ignoredParameters)
        ignored->add(key);
    context->set("ignoredParameters", ignored);
    return context;
}

/// The engine's request for a contextual call: the commune (street addresses are placed at their commune by the
/// offline geocoder), the specialty's code or label, the preferred doctor's prefixed RPPS when normed.
core::SearchRequest engineRequestOf(const ContextualCall& call, const Exchange& exchange)
{
    core::SearchRequest request;
    request.specialty = call.specialty.code.empty() ? call.specialty.label : call.specialty.code;
    request.location.address = call.streetName.empty() ? std::string()
                                                        : (call.streetNumber + " " + call.streetName);
    request.location.inseeCode = call.inseeCode;
    request.location.city = call.inseeCode.empty() ? call.city : std::string();
    request.preferredDoctor = call.preferredDoctor.practitionerId;
    if (exchange.queryValue("ensus") == "1")
        request.mode = core::SearchMode::EnSus;
    if (const std::string page = exchange.queryValue("page"); !page.empty() && page.size() < 4 &&
                                                              page.find_first_not_of("0123456789") == std::string::npos)
        request.page = std::stoi(page);
    if (const std::string seed = exchange.queryValue("seed"); !seed.empty() && seed.size() < 21 &&
                                                              seed.find_first_not_of("0123456789") == std::string::npos)
        request.seed = std::stoull(seed);
    return request;
}

core::Status answerContextualCall(Exchange& exchange, AgendaApi& api, MappingState& mappings,
                                  const core::Communes& communes)
{
    const auto snapshot = mappings.current();
    ContextualCall call = readCallOf(exchange, api, mappings, communes);
    switch (call.decision)
    {
    case ContextualCall::Decision::NotLrm:
        return core::fail(ErrorCode::Invalid, "an LRM contextual call needs its origin parameter", "origin");
    case ContextualCall::Decision::OriginError:
        return core::fail(ErrorCode::Forbidden, adapters::lrm::ORIGIN_ERROR_MESSAGE, "origin");
    case ContextualCall::Decision::RedirectHome:
        return core::fail(ErrorCode::Invalid,
                          "the contextual call has no usable address: an INSEE code of the reference table or a city, "
                          "and a street name whenever a street number is sent",
                          call.inseeCode.empty() ? "city" : "inseecode");
    case ContextualCall::Decision::Search:
        break;
    }
    // FHIR when asked for (Accept or _format), the gateway's JSON otherwise (issue 7, point 5).
    const std::string accept = exchange.request().get("Accept", "");
    const std::string format = exchange.queryValue("_format");
    const bool wantsXml = format.find("xml") != std::string::npos ||
                          (accept.find("fhir+xml") != std::string::npos && accept.find("json") == std::string::npos);
    if (wantsXml)
        return core::fail(ErrorCode::NotAcceptable, "the contextual call answers in FHIR JSON or JSON only", "_format");
    const bool wantsFhir = accept.find("application/fhir+json") != std::string::npos ||
                           accept.find("application/json+fhir") != std::string::npos || format == "json" ||
                           format == "application/fhir+json";
    if (wantsFhir)
    {
        auto found = api.engine.search(engineRequestOf(call, exchange));
        if (!found)
            return core::fail(found.error());
        const std::string& uri = exchange.request().getURI();
        const std::size_t question = uri.find('?');
        const std::string query = question == std::string::npos ? std::string() : uri.substr(question + 1);
        const std::string self = "/sas/recherche?" + web::safeQuery(web::withoutParameters(query, {"page", "seed"}));
        std::ostringstream body;
        searchResultBundle(*found, api.zones, self)->stringify(body);
        exchange.sendText(body.str(), "application/fhir+json; charset=utf-8");
        return {};
    }
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    answer->set("decision", std::string(decisionName(call.decision)));
    answer->set("context", contextJson(call));
    answer->set("mappingVersion", snapshot->version);
    auto result = api.engine.search(engineRequestOf(call, exchange));
    if (result)
        answer->set("result", searchResultJson(*result, api.zones));
    else if (result.error().code == ErrorCode::NotFound)
    {
        answer->set("geolocationFailed", true);
        answer->set("message", "La zone \"" + call.addressString +
                                   "\" n'est pas reconnue par le moteur de recherche SAS");
    }
    else
        return core::fail(result.error());
    sendJson(exchange, Poco::Dynamic::Var(answer));
    return {};
}

core::Status reloadMappings(Exchange& exchange, MappingState& mappings)
{
    const mapping::MappingSet set = mappings.reload();
    if (!set.ok())
    {
        std::vector<core::Issue> issues;
        for (const auto& problem : set.problems)
            issues.push_back(core::Issue{core::Severity::Error, "invalid", problem.toString(), ""});
        return core::fail(core::Error{ErrorCode::Unprocessable,
                                      std::to_string(set.problems.size()) +
                                          " problem(s) in the mapping files; the previous set stays in force",
                                      std::move(issues)});
    }
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    answer->set("version", mappings.current()->version);
    answer->set("dialects", static_cast<int>(set.dialects.size()));
    answer->set("territories", static_cast<int>(set.territories.size()));
    sendJson(exchange, Poco::Dynamic::Var(answer));
    return {};
}

} // namespace

ContextualCall readCallOf(Exchange& exchange, AgendaApi& api, MappingState& mappings, const core::Communes& communes)
{
    const auto snapshot = mappings.current();
    const std::string& uri = exchange.request().getURI();
    const std::size_t question = uri.find('?');
    const std::string raw = question == std::string::npos ? std::string() : uri.substr(question + 1);
    ContextualCall call = adapters::lrm::readContextualCall(
        raw, adapters::lrm::ContextualCallReferences{snapshot->origins, communes, api.specialties},
        snapshot->set.dialects);
    if (call.decision == ContextualCall::Decision::Search &&
        call.preferredDoctor.kind != ContextualCall::PreferredDoctor::Kind::None)
    {
        if (auto directory = api.store.practitioners())
            adapters::lrm::resolvePreferredDoctor(call, *directory);
        else
            Poco::Logger::get("sas.lrm").error("preferred doctor not looked up: %s", directory.error().message);
    }
    logCall(call);
    return call;
}

core::SearchRequest searchRequestOf(const ContextualCall& call, const Exchange& exchange)
{
    return engineRequestOf(call, exchange);
}

void addContextualCallRoutes(fhir::rest::Router& router, AgendaApi& api, MappingState& mappings,
                             const core::Communes& communes, std::function<core::Status(Exchange&)> browserPage)
{
    // Public: who calls decides the answer (certificate: JSON or FHIR; none: the browser's page).
    router.add("GET", "/sas/recherche", Access::publicRoute(),
               [&api, &mappings, &communes, browserPage](Exchange& exchange) -> core::Status
               {
                   const auto& identity = exchange.identity();
                   if (!identity)
                       return browserPage(exchange);
                   if (identity->kind != IdentityKind::Lrm && identity->kind != IdentityKind::Admin)
                       return core::fail(ErrorCode::Forbidden, std::string("identity kind '") +
                                                                   core::toString(identity->kind) +
                                                                   "' may not call /sas/recherche");
                   return answerContextualCall(exchange, api, mappings, communes);
               });
    router.setLenientQuery("/sas/recherche"); // an LRM's `%` not followed by two hex digits stays literal (PHP's way)
    router.add("POST", "/admin/mapping/reload", Access::forKinds({IdentityKind::Admin}),
               [&mappings](Exchange& exchange) -> core::Status { return reloadMappings(exchange, mappings); });
}

} // namespace sas::app
