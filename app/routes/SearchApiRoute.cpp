#include "app/routes/AgendaApi.h"
#include "app/routes/JsonApi.h"

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

        Poco::JSON::Object answer;
        Poco::JSON::Object::Ptr location = new Poco::JSON::Object;
        location->set("kind", std::string(core::toString(result->location.kind)));
        location->set("label", result->location.label);
        location->set("departement", result->location.departement);
        location->set("inseeCode", result->location.inseeCode);
        location->set("latitude", result->location.centre.latitude);
        location->set("longitude", result->location.centre.longitude);
        location->set("radiusKm", result->location.radiusKm);
        answer.set("location", location);
        answer.set("specialty", result->specialtyCode);
        answer.set("seed", std::to_string(result->seed)); // as text: JSON numbers lose 64-bit precision
        answer.set("page", result->page);
        answer.set("totalCards", result->totalCards);
        answer.set("totalPages", result->totalPages);
        answer.set("windowStart", formatInstantUtc(result->windowStart));
        Poco::JSON::Array::Ptr cards = new Poco::JSON::Array;
        for (const auto& card : result->cards)
        {
            Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
            json->set("placeId", card.placeId);
            json->set("practitionerId", card.practitionerId);
            json->set("name", card.displayName);
            json->set("address", card.address);
            if (!card.cptsFiness.empty())
            {
                json->set("cptsFiness", card.cptsFiness);
                Poco::JSON::Array::Ptr members = new Poco::JSON::Array;
                for (const auto& member : card.memberPlaceIds)
                    members->add(member);
                json->set("memberPlaceIds", members);
            }
            json->set("preferredDoctor", card.preferredDoctor);
            json->set("participates", card.participates);
            json->set("inPerson", card.inPerson);
            if (card.distanceKm)
                json->set("distanceKm", *card.distanceKm);
            json->set("timeZone", card.timeZone);
            auto zone = api.zones.zone(card.timeZone.empty() ? "Europe/Paris" : card.timeZone);
            Poco::JSON::Array::Ptr slots = new Poco::JSON::Array;
            for (const auto& slot : card.slots)
            {
                Poco::JSON::Object::Ptr s = new Poco::JSON::Object;
                s->set("ruleId", slot.ruleId);
                s->set("date", formatDate(slot.date));
                s->set("start", zone ? formatInstantWithOffset(slot.start, (*zone)->offsetAt(slot.start))
                                     : formatInstantUtc(slot.start));
                s->set("end", zone ? formatInstantWithOffset(slot.end, (*zone)->offsetAt(slot.end)) : formatInstantUtc(slot.end));
                s->set("plage", slot.plage);
                s->set("remaining", slot.remaining);
                s->set("modalities", modalityCodes(slot.modalities));
                slots->add(s);
            }
            json->set("slots", slots);
            cards->add(json);
        }
        answer.set("cards", cards);
        sendJson(exchange, answer);
        return {};
    });
}

} // namespace sas::app
