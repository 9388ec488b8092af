#include "app/AgendaSlotPublisher.h"

#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/search/extractSearchIndex.h"
#include "fhir/store/jsonRenderer.h"

#include <cstdio>
#include <map>

namespace sas::app
{
namespace
{

using fhir::Node;
using namespace std::chrono;

constexpr const char* PREFIX = "sas-agenda-";

std::string instant(sys_seconds at)
{
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss time{at - day};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.000+00:00", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()), int(time.minutes().count()),
                  int(time.seconds().count()));
    return buffer;
}

std::string compactDate(local_days date)
{
    const year_month_day ymd{date};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buffer;
}

Node coding(const char* system, const std::string& code)
{
    Node c = Node::object();
    c.set("system", Node::string(system));
    c.set("code", Node::string(code));
    return c;
}

Node profiled(const char* type, const std::string& id, const char* profile)
{
    Node resource = Node::resource(type);
    resource.set("id", Node::string(id));
    Node meta = Node::object();
    meta.append("profile", Node::string(profile));
    resource.set("meta", std::move(meta));
    return resource;
}

Node practitionerOf(const core::Practitioner& practitioner)
{
    Node resource = profiled("Practitioner", PREFIX + practitioner.id,
                             "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur");
    Node identifier = Node::object();
    Node type = Node::object();
    type.append("coding", coding("http://interopsante.org/fhir/CodeSystem/fr-v2-0203", "IDNPS"));
    identifier.set("type", std::move(type));
    identifier.set("system", Node::string("urn:oid:1.2.250.1.71.4.2.1"));
    identifier.set("value", Node::string(practitioner.id));
    resource.append("identifier", std::move(identifier));
    Node name = Node::object();
    name.set("family", Node::string(practitioner.familyName));
    if (!practitioner.givenName.empty())
        name.append("given", Node::string(practitioner.givenName));
    resource.append("name", std::move(name));
    return resource;
}

Node scheduleOf(const std::string& placeId, const std::string& practitionerId)
{
    Node resource = profiled("Schedule", PREFIX + placeId, "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur");
    Node actor = Node::object();
    actor.set("reference", Node::string("Practitioner/" + std::string(PREFIX) + practitionerId));
    resource.append("actor", std::move(actor));
    return resource;
}

/// One FHIR Slot is one appointment: a créneau is one Slot, a plage with N places left is N Slots over the same
/// hours, `…-<yyyymmdd>-1` to `…-N` (each booking deletes the highest).
Node slotOf(const std::string& placeId, const core::SlotOccurrence& occurrence, int place)
{
    std::string id = PREFIX + placeId + "-" + std::to_string(occurrence.ruleId) + "-" + compactDate(occurrence.date);
    if (occurrence.plage)
        id += "-" + std::to_string(place);
    Node resource = profiled("Slot", id, "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur");
    for (core::Modality modality : {core::InPerson, core::Teleconsultation, core::HomeVisit})
        if (occurrence.modalities & modality)
        {
            Node serviceType = Node::object();
            serviceType.append("coding",
                               coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", core::modalityCode(modality)));
            resource.append("serviceType", std::move(serviceType));
        }
    Node schedule = Node::object();
    schedule.set("reference", Node::string("Schedule/" + std::string(PREFIX) + placeId));
    resource.set("schedule", std::move(schedule));
    resource.set("status", Node::string("free"));
    resource.set("start", Node::string(instant(occurrence.start)));
    resource.set("end", Node::string(instant(occurrence.end)));
    return resource;
}

/// The resource as stored, without what the store adds (meta.versionId, meta.lastUpdated): what decides a rewrite.
std::string contentOf(const Node& resource)
{
    Node copy = Node::object();
    for (const Node::Member& member : resource.members())
    {
        if (member.name != "meta")
        {
            copy.addMember(member);
            continue;
        }
        Node kept = Node::object();
        if (const Node* meta = resource.first("meta"))
            if (const auto* profile = meta->find("profile"))
                for (const Node& value : profile->values)
                    kept.append("profile", value);
        copy.set("meta", std::move(kept));
    }
    return fhir::writeJson(copy);
}

/// Writes `resource` unless the store holds the same content.
core::Status putIfChanged(fhir::store::StoreTransaction& unit, fhir::store::ResourceStore& store, Node resource)
{
    const std::string type(resource.resourceType());
    const std::string id = resource.first("id")->value();
    const std::string wanted = contentOf(resource);
    if (auto current = store.read(type, id); current && !current->deleted)
        if (auto parsed = fhir::readJson(current->json); parsed && contentOf(parsed->resource) == wanted)
            return {};
    fhir::store::ResourceWrite write;
    write.type = type;
    write.id = id;
    write.owner = core::AGENDA_OWNER;
    write.index = fhir::search::extractSearchIndex(resource);
    write.render = fhir::store::jsonRenderer(std::move(resource));
    if (auto written = unit.write(write); !written)
        return core::fail(written.error());
    return {};
}

} // namespace

core::Status AgendaSlotPublisher::publish(const std::string& placeId, const core::Practitioner* practitioner,
                                          const std::vector<core::SlotOccurrence>& free)
{
    // What is published for the place now: its Slots' ids and bodies.
    std::map<std::string, std::string> published;
    {
        auto connection = _pool.acquire();
        if (!connection)
            return core::fail(connection.error());
        auto rows = (*connection)->exec("SELECT id, body FROM slot_availability WHERE schedule_type = 'Schedule' "
                                        "AND schedule_id = $1",
                                        {PREFIX + placeId});
        if (!rows)
            return core::fail(rows.error());
        for (int row = 0; row < rows->rows(); ++row)
            published.emplace(std::string(rows->value(row, 0)), std::string(rows->value(row, 1)));
    }
    if (published.empty() && free.empty())
        return {};

    auto unit = _store.begin();
    if (!unit)
        return core::fail(unit.error());
    if (practitioner && !free.empty())
    {
        if (auto done = putIfChanged(**unit, _store, practitionerOf(*practitioner)); !done)
            return done;
        if (auto done = putIfChanged(**unit, _store, scheduleOf(placeId, practitioner->id)); !done)
            return done;
    }
    for (const core::SlotOccurrence& occurrence : free)
    {
        for (int place = 1; place <= (occurrence.plage ? occurrence.remaining() : 1); ++place)
        {
            Node slot = slotOf(placeId, occurrence, place);
            const std::string id = slot.first("id")->value();
            auto existing = published.find(id);
            if (existing != published.end())
            {
                auto parsed = fhir::readJson(existing->second);
                const bool same = parsed && contentOf(parsed->resource) == contentOf(slot);
                published.erase(existing);
                if (same)
                    continue;
            }
            fhir::store::ResourceWrite write;
            write.type = "Slot";
            write.id = id;
            write.owner = core::AGENDA_OWNER;
            write.index = fhir::search::extractSearchIndex(slot);
            write.render = fhir::store::jsonRenderer(std::move(slot));
            if (auto written = (*unit)->write(write); !written)
                return core::fail(written.error());
        }
    }
    // Booked full, begun, deleted, unavailable: no longer offered.
    for (const auto& [id, body] : published)
    {
        fhir::store::ResourceDelete removal;
        removal.type = "Slot";
        removal.id = id;
        removal.owner = core::AGENDA_OWNER;
        if (auto removed = (*unit)->remove(removal); !removed)
            return core::fail(removed.error());
    }
    return (*unit)->commit();
}

} // namespace sas::app
