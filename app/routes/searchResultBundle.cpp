#include "app/routes/searchResultBundle.h"

#include "app/routes/JsonApi.h"
#include "core/time/ZoneRules.h"

#include <Poco/JSON/Array.h>

namespace sas::app
{
namespace
{

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object; }

Poco::JSON::Object::Ptr reference(const std::string& ref, const std::string& display)
{
    auto json = object();
    if (!ref.empty())
        json->set("reference", ref);
    if (!display.empty())
        json->set("display", display);
    return json;
}

Poco::JSON::Object::Ptr entry(const std::string& fullUrl, Poco::JSON::Object::Ptr resource, const char* mode)
{
    auto json = object();
    json->set("fullUrl", fullUrl);
    json->set("resource", resource);
    auto search = object();
    search->set("mode", std::string(mode));
    json->set("search", search);
    return json;
}

Poco::JSON::Object::Ptr link(const std::string& relation, const std::string& url)
{
    auto json = object();
    json->set("relation", relation);
    json->set("url", url);
    return json;
}

} // namespace

Poco::JSON::Object::Ptr searchResultBundle(const core::SearchResult& result, const core::TimeZones& zones,
                                           const std::string& selfUrl)
{
    auto bundle = object();
    bundle->set("resourceType", std::string("Bundle"));
    bundle->set("type", std::string("searchset"));
    bundle->set("timestamp", formatInstantUtc(result.windowStart));
    bundle->set("total", result.totalCards);
    Poco::JSON::Array::Ptr links = new Poco::JSON::Array;
    const std::string pageBase = selfUrl + "&seed=" + std::to_string(result.seed) + "&page=";
    links->add(link("self", pageBase + std::to_string(result.page)));
    if (result.page < result.totalPages)
        links->add(link("next", pageBase + std::to_string(result.page + 1)));
    if (result.page > 1)
        links->add(link("previous", pageBase + std::to_string(result.page - 1)));
    bundle->set("link", links);

    Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
    for (const auto& card : result.cards)
    {
        auto role = object();
        role->set("resourceType", std::string("PractitionerRole"));
        role->set("id", card.placeId);
        role->set("active", true);
        role->set("practitioner", reference("Practitioner/" + card.practitionerId, card.displayName));
        Poco::JSON::Array::Ptr locations = new Poco::JSON::Array;
        locations->add(reference("", card.address));
        role->set("location", locations);
        if (!card.cptsFiness.empty())
            role->set("organization", reference("", "CPTS " + card.cptsFiness));
        entries->add(entry("urn:sas:place:" + card.placeId, role, "match"));

        auto zone = zones.zone(card.timeZone.empty() ? "Europe/Paris" : card.timeZone);
        for (const auto& slot : card.slots)
        {
            auto resource = object();
            const std::string id = card.placeId + "-" + std::to_string(slot.ruleId) + "-" + formatDate(slot.date);
            resource->set("resourceType", std::string("Slot"));
            resource->set("id", id);
            resource->set("schedule", reference("", "Agenda SAS — " + card.displayName));
            resource->set("status", std::string("free"));
            resource->set("start", zone ? formatInstantWithOffset(slot.start, (*zone)->offsetAt(slot.start))
                                        : formatInstantUtc(slot.start));
            resource->set("end", zone ? formatInstantWithOffset(slot.end, (*zone)->offsetAt(slot.end))
                                      : formatInstantUtc(slot.end));
            if (slot.plage)
                resource->set("overbooked", false);
            resource->set("comment", card.placeId);
            entries->add(entry("urn:sas:slot:" + id, resource, "include"));
        }
    }
    bundle->set("entry", entries);
    return bundle;
}

} // namespace sas::app
