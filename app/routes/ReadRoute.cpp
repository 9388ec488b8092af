#include "app/routes/ReadRoute.h"

#include "fhir/json/JsonReader.h"
#include "fhir/model/isValidPrimitive.h"
#include "fhir/rest/Exchange.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;

const std::vector<std::string>& servedResourceTypes()
{
    static const std::vector<std::string> types{"Appointment",  "HealthcareService", "Location", "Organization",
                                                "Practitioner", "PractitionerRole",  "Schedule", "Slot"};
    return types;
}

namespace
{

std::string httpDate(const std::string& instant)
{
    int zone = 0;
    Poco::DateTime parsed = Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, instant, zone);
    return Poco::DateTimeFormatter::format(parsed, Poco::DateTimeFormat::HTTP_FORMAT);
}

} // namespace

void addReadRoute(fhir::rest::Router& router, core::ResourceStore& store, fhir::rest::ServerCapabilities& capabilities)
{
    router.add("GET", "/fhir/{type}/{id}",
               fhir::rest::Access::forKinds({IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin}),
               [&store](fhir::rest::Exchange& exchange) -> core::Status {
                   const std::string& type = exchange.pathParameters().at("type");
                   const std::string& id = exchange.pathParameters().at("id");
                   const auto& types = servedResourceTypes();
                   if (std::find(types.begin(), types.end(), type) == types.end())
                       return core::fail(ErrorCode::NotFound, "resource type '" + type + "' is not served here");
                   if (!fhir::isValidPrimitive("id", id))
                       return core::fail(ErrorCode::Invalid, "'" + id + "' is not a valid FHIR id", "id");
                   if (auto representation = exchange.representation(); !representation)
                       return core::fail(representation.error());

                   auto stored = store.read(type, id);
                   if (!stored)
                       return core::fail(stored.error());
                   auto parsed = fhir::readJson(stored->json);
                   if (!parsed)
                       return core::fail(ErrorCode::Internal, "stored " + type + "/" + id + " no longer parses");
                   exchange.response().set("ETag", "W/\"" + std::to_string(stored->version) + "\"");
                   exchange.response().set("Last-Modified", httpDate(stored->lastUpdated));
                   exchange.sendResource(parsed->resource);
                   return {};
               });

    for (const auto& type : servedResourceTypes())
    {
        auto existing = std::find_if(capabilities.resources.begin(), capabilities.resources.end(),
                                     [&type](const auto& resource) { return resource.type == type; });
        if (existing == capabilities.resources.end())
        {
            fhir::rest::ResourceCapability capability;
            capability.type = type;
            capabilities.resources.push_back(std::move(capability));
            existing = std::prev(capabilities.resources.end());
        }
        existing->versioned = true;
        existing->interactions.push_back("read");
    }
}

} // namespace sas::app
