#include "fhir/rest/addSearchRoute.h"

#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/checkSasSearchLimits.h"
#include "fhir/rest/errorToHttp.h"
#include "fhir/rest/ownerScope.h"
#include "fhir/rest/searchBundleJson.h"
#include "fhir/rest/subsetResource.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/handlingFromPrefer.h"
#include "fhir/search/parseSearch.h"
#include "fhir/search/selfLinkQuery.h"

#include <Poco/Net/MediaType.h>
#include <Poco/UUIDGenerator.h>
#include <algorithm>
#include <chrono>

namespace sas::fhir::rest
{
namespace
{

using core::ErrorCode;
using core::IdentityKind;
using search::QueryParameters;
using search::SearchParameterRegistry;
using search::SearchQuery;

const Access READERS = Access::forKinds({IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin});

constexpr const char* PS_BUNDLE = "http://sas.fr/fhir/StructureDefinition/BundleAgregateur";
constexpr const char* CPTS_BUNDLE =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-bundle-aggregator";
constexpr const char* SOS_BUNDLE =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-bundle-aggregator";

/// The IG's Bundle profile for its three searches; empty for any other search.
std::string bundleProfile(const SearchQuery& query)
{
    switch (sasSearchOf(query))
    {
    case SasSearch::PractitionerSlots:
        return PS_BUNDLE;
    case SasSearch::CptsSlots:
        return CPTS_BUNDLE;
    case SasSearch::SosSchedules:
        return SOS_BUNDLE;
    case SasSearch::None:
        break;
    }
    return {};
}

/// The request's search parameters: the URL's, then a form body's (POST _search).
core::Result<QueryParameters> requestParameters(Exchange& exchange, bool form)
{
    const std::string& uri = exchange.request().getURI();
    const std::size_t question = uri.find('?');
    QueryParameters parameters =
        question == std::string::npos ? QueryParameters{} : search::decodeQueryString(uri.substr(question + 1));
    if (!form)
        return parameters;
    const std::string contentType = exchange.request().getContentType();
    if (!contentType.empty() &&
        Poco::Net::MediaType(contentType).getType() + "/" + Poco::Net::MediaType(contentType).getSubType() !=
            "application/x-www-form-urlencoded")
        return core::fail(ErrorCode::UnsupportedMediaType,
                          "POST _search takes an application/x-www-form-urlencoded body");
    auto body = exchange.readBody();
    if (!body)
        return core::fail(body.error());
    for (auto& parameter : search::decodeQueryString(*body))
        parameters.push_back(std::move(parameter));
    return parameters;
}

std::string searchUrl(const std::string& base, const std::string& type, const QueryParameters& parameters)
{
    const std::string query = search::selfLinkQuery(parameters);
    return base + "/" + type + (query.empty() ? "" : "?" + query);
}

/// The request's parameters with `_offset` set to `offset`.
QueryParameters withOffset(const QueryParameters& parameters, std::size_t offset)
{
    QueryParameters result;
    for (const auto& parameter : parameters)
        if (parameter.first != "_offset")
            result.push_back(parameter);
    result.emplace_back("_offset", std::to_string(offset));
    return result;
}

search::Micros nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

core::Status answerSearch(Exchange& exchange, const ResourceServices& services, store::SearchStore& searches, bool form)
{
    const std::string& type = exchange.pathParameters().at("type");
    if (std::find(services.types.begin(), services.types.end(), type) == services.types.end() ||
        !SearchParameterRegistry::instance().supports(type))
        return core::fail(ErrorCode::NotFound, "resource type '" + type + "' is not served here");
    auto representation = exchange.representation();
    if (!representation)
        return core::fail(representation.error());
    auto parameters = requestParameters(exchange, form);
    if (!parameters)
        return core::fail(parameters.error());
    auto query =
        search::parseSearch(type, *parameters, search::handlingFromPrefer(exchange.request().get("Prefer", "")));
    if (!query)
        return core::fail(query.error());
    if (auto limits = checkSasSearchLimits(*query); !limits)
        return core::fail(limits.error());
    if (auto scoped = scopeSearch(services, exchange, *query); !scoped)
        return core::fail(scoped.error());

    auto result = searches.search(*query, nowMicros());
    if (!result)
        return core::fail(result.error());
    if (wantsSubset(*query))
    {
        for (auto& match : result->matches)
        {
            auto subset = subsetResource(match.json, *query);
            if (!subset)
                return core::fail(subset.error());
            match.json = std::move(*subset);
        }
    }

    SearchBundle bundle;
    bundle.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    bundle.profile = bundleProfile(*query);
    // `_total=none` only hides the count: the engine still computes it for the paging links.
    if (query->total != search::Total::None || query->summary == search::Summary::Count)
        bundle.total = result->total;
    bundle.fhirBase = services.fhirBase;
    bundle.links.emplace_back("self", searchUrl(services.fhirBase, type, *parameters));
    const std::size_t pageEnd = query->offset + result->matches.size();
    if (query->count > 0 && query->summary != search::Summary::Count)
    {
        if (pageEnd < result->total && !result->matches.empty())
            bundle.links.emplace_back("next", searchUrl(services.fhirBase, type, withOffset(*parameters, pageEnd)));
        if (query->offset > 0)
            bundle.links.emplace_back(
                "previous",
                searchUrl(services.fhirBase, type,
                          withOffset(*parameters, query->offset > query->count ? query->offset - query->count : 0)));
    }
    std::vector<core::Issue> warnings = query->warnings;
    if (result->includesIncomplete)
        warnings.push_back(core::Issue{core::Severity::Warning, "incomplete",
                                       "_include:iterate was followed " + std::to_string(store::MAX_INCLUDE_DEPTH) +
                                           " levels deep and still found resources; the included set is incomplete",
                                       "_include:iterate"});
    warnings.insert(warnings.end(), result->warnings.begin(), result->warnings.end());
    if (!warnings.empty())
    {
        core::Error outcome{ErrorCode::Invalid, "search warnings", std::move(warnings)};
        bundle.outcomeJson = writeJson(errorToOperationOutcome(outcome));
        bundle.outcomeFullUrl = "urn:uuid:" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    }

    const std::string json = searchBundleJson(bundle, *result);
    if (representation->format == Format::Json && !representation->pretty)
    {
        exchange.sendText(json, representation->contentType, 200);
        return {};
    }
    auto parsed = readJson(json);
    if (!parsed)
        return core::fail(ErrorCode::Internal, "the searchset Bundle does not parse: " + parsed.error().message);
    exchange.sendResource(parsed->resource, 200);
    return {};
}

void addSearchCapabilities(const ResourceServices& services, ServerCapabilities& capabilities)
{
    const auto& registry = SearchParameterRegistry::instance();
    for (const std::string& type : services.types)
    {
        if (!registry.supports(type))
            continue;
        auto capability = std::find_if(capabilities.resources.begin(), capabilities.resources.end(),
                                       [&type](const ResourceCapability& candidate) { return candidate.type == type; });
        if (capability == capabilities.resources.end())
        {
            capabilities.resources.push_back(ResourceCapability{});
            capability = capabilities.resources.end() - 1;
            capability->type = type;
        }
        if (std::find(capability->interactions.begin(), capability->interactions.end(), "search-type") ==
            capability->interactions.end())
            capability->interactions.push_back("search-type");
        capability->searchIncludes = registry.includesOf(type);
        capability->searchRevIncludes = registry.revIncludesOf(type);
        capability->searchParameters.clear();
        for (const search::SearchParameterDefinition* parameter : registry.parametersOf(type))
            capability->searchParameters.push_back(
                SearchParameterCapability{parameter->code, search::toString(parameter->type), parameter->definition});
    }
}

} // namespace

void addSearchRoute(Router& router, const ResourceServices& services, std::shared_ptr<store::SearchStore> searches,
                    ServerCapabilities& capabilities)
{
    router.add("GET", "/fhir/{type}", READERS,
               [&services, searches](Exchange& exchange) -> core::Status
               { return answerSearch(exchange, services, *searches, false); });
    router.add("POST", "/fhir/{type}/_search", READERS,
               [&services, searches](Exchange& exchange) -> core::Status
               { return answerSearch(exchange, services, *searches, true); });
    addSearchCapabilities(services, capabilities);
}

} // namespace sas::fhir::rest
