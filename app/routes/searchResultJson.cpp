#include "app/routes/searchResultJson.h"

#include "app/routes/JsonApi.h"

#include <Poco/JSON/Array.h>

namespace sas::app
{

Poco::JSON::Object::Ptr searchResultJson(const core::SearchResult& result, const core::TimeZones& zones)
{
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr location = new Poco::JSON::Object;
    location->set("kind", std::string(core::toString(result.location.kind)));
    location->set("label", result.location.label);
    location->set("departement", result.location.departement);
    location->set("inseeCode", result.location.inseeCode);
    location->set("latitude", result.location.centre.latitude);
    location->set("longitude", result.location.centre.longitude);
    location->set("radiusKm", result.location.radiusKm);
    answer->set("location", location);
    answer->set("specialty", result.specialtyCode);
    answer->set("seed", std::to_string(result.seed)); // as text: JSON numbers lose 64-bit precision
    answer->set("page", result.page);
    answer->set("totalCards", result.totalCards);
    answer->set("totalPages", result.totalPages);
    answer->set("windowStart", formatInstantUtc(result.windowStart));
    Poco::JSON::Array::Ptr cards = new Poco::JSON::Array;
    for (const auto& card : result.cards)
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
        auto zone = zones.zone(card.timeZone.empty() ? "Europe/Paris" : card.timeZone);
        Poco::JSON::Array::Ptr slots = new Poco::JSON::Array;
        for (const auto& slot : card.slots)
        {
            Poco::JSON::Object::Ptr s = new Poco::JSON::Object;
            s->set("source", std::string(core::toString(slot.source)));
            if (slot.source == core::SlotSource::Agenda)
                s->set("ruleId", slot.ruleId);
            else
            {
                s->set("vendor", slot.vendorId);
                s->set("vendorSlotId", slot.vendorSlotId);
                s->set("bookingLink", slot.bookingLink);
            }
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
    answer->set("cards", cards);
    Poco::JSON::Array::Ptr vendors = new Poco::JSON::Array;
    for (const auto& outcome : result.vendors)
    {
        Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
        json->set("id", outcome.vendorId);
        json->set("status", std::string(core::toString(outcome.status)));
        json->set("slots", outcome.slots);
        json->set("cachedTargets", outcome.cachedTargets);
        json->set("droppedSlots", outcome.droppedSlots);
        Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
        for (const auto& problem : outcome.problems)
            problems->add(problem);
        json->set("problems", problems);
        vendors->add(json);
    }
    answer->set("vendors", vendors); // a vendor that failed has no slots above and says why here
    return answer;
}

} // namespace sas::app
