#include "app/routes/AgendaApi.h"
#include "app/routes/JsonApi.h"
#include "app/routes/searchResultJson.h"

#include "fhir/rest/Exchange.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

namespace
{

core::Result<double> coordinate(const std::string& text, const std::string& name, double limit)
{
    double value = 0;
    auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (problem != std::errc() || end != text.data() + text.size() || value < -limit || value > limit)
        return core::fail(ErrorCode::Invalid, "Parameter \"" + name + "\" must be numeric.", name);
    return value;
}

} // namespace

void addSearchApiRoute(fhir::rest::Router& router, AgendaApi& api)
{
    router.add("GET", "/sas/api/search", Access::forKinds({IdentityKind::Lrm, IdentityKind::Admin}),
               [&api](Exchange& exchange) -> core::Status {
        core::SearchRequest request;
        request.specialty = exchange.queryValue("specialty");
        request.location.address = exchange.queryValue("address");
        request.location.postcode = exchange.queryValue("postcode");
        request.location.inseeCode = exchange.queryValue("insee");
        request.location.city = exchange.queryValue("city");
        request.location.departement = exchange.queryValue("departement");
        request.preferredDoctor = exchange.queryValue("preferredDoctor");
        const std::string lat = exchange.queryValue("lat"), lon = exchange.queryValue("lon");
        if (!lat.empty() || !lon.empty())
        {
            auto latitude = coordinate(lat, "lat", 90);
            if (!latitude)
                return core::fail(latitude.error());
            auto longitude = coordinate(lon, "lon", 180);
            if (!longitude)
                return core::fail(longitude.error());
            request.location.hasPoint = true;
            request.location.point = {*latitude, *longitude};
        }
        const std::string mode = exchange.queryValue("mode");
        if (mode == "en-sus")
            request.mode = core::SearchMode::EnSus;
        else if (!mode.empty() && mode != "slots")
            return core::fail(ErrorCode::Invalid, "mode is 'slots' or 'en-sus'", "mode");
        for (const auto& [name, value] : exchange.query())
        {
            if (name == "modality")
            {
                auto modality = core::parseModality(value);
                if (!modality)
                    return core::fail(ErrorCode::Invalid, "modality is AMB, VR or HH", "modality");
                request.modalities |= *modality;
            }
            else if (name == "within")
            {
                auto bucket = core::parseAvailabilityBucket(value);
                if (!bucket)
                    return core::fail(ErrorCode::Invalid, "within is one of 0-4, 4-8, 8-12, 12-24, 24-48, 48-72", "within");
                request.buckets.push_back(*bucket);
            }
        }
        if (const std::string page = exchange.queryValue("page"); !page.empty())
        {
            int value = 0;
            auto [end, problem] = std::from_chars(page.data(), page.data() + page.size(), value);
            if (problem != std::errc() || end != page.data() + page.size())
                return core::fail(ErrorCode::Invalid, "Parameter \"page\" must be numeric.", "page");
            request.page = value;
        }
        if (const std::string seed = exchange.queryValue("seed"); !seed.empty())
        {
            auto [end, problem] = std::from_chars(seed.data(), seed.data() + seed.size(), request.seed);
            if (problem != std::errc() || end != seed.data() + seed.size())
                return core::fail(ErrorCode::Invalid, "Parameter \"seed\" must be numeric.", "seed");
        }
        auto result = api.engine.search(request);
        if (!result)
            return core::fail(result.error());

        Poco::JSON::Object::Ptr answer = searchResultJson(*result, api.zones);
        sendJson(exchange, Poco::Dynamic::Var(answer));
        return {};
    });
}

} // namespace sas::app
