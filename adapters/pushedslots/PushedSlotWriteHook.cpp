#include "adapters/pushedslots/PushedSlotWriteHook.h"

#include "adapters/postgres/PgAgendaStore.h"
#include "adapters/vendors/bookingLink.h"
#include "core/model/Agenda.h"
#include "core/ports/AgendaPublisher.h"
#include "fhir/json/JsonReader.h"

#include <set>

namespace sas::adapters::pushedslots
{
namespace
{

constexpr std::string_view ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

/// Places whose offer changed in the transactions this thread runs, refreshed locally after the commit. A rolled
/// back transaction leaves its places here until the thread's next commit: one needless re-read, never a lost one
/// (the NOTIFY of a rolled-back transaction is never delivered, but re-reading a place is always right).
thread_local std::set<std::string> touchedPlaces;

std::string text(const fhir::Node* node, std::string_view name)
{
    const fhir::Node* value = node ? node->first(name) : nullptr;
    return value ? value->value() : std::string();
}

/// AMB, VR, HH from Slot.serviceType codings of v3-ActCode (as the IG's pulled slots); none means at the practice.
core::Modalities modalitiesOf(const fhir::Node& slot)
{
    core::Modalities modalities = 0;
    if (const auto* serviceTypes = slot.find("serviceType"))
        for (const fhir::Node& codeable : serviceTypes->values)
            if (const auto* codings = codeable.find("coding"))
                for (const fhir::Node& coding : codings->values)
                    if (text(&coding, "system") == ACT_CODE_SYSTEM)
                        if (auto modality = core::parseModality(text(&coding, "code")))
                            modalities |= *modality;
    return modalities ? modalities : core::Modalities(core::InPerson);
}

/// NOTIFYs each place (other nodes re-read it on commit) and remembers it for this node's refresh.
core::Status announce(postgres::PgConnection& connection, const postgres::PgResult& places)
{
    for (int row = 0; row < places.rows(); ++row)
    {
        if (places.isNull(row, 0))
            continue;
        const std::string placeId(places.value(row, 0));
        touchedPlaces.insert(placeId);
        if (auto sent = connection.exec("SELECT pg_notify($1, $2)", {postgres::AGENDA_CHANNEL, placeId}); !sent)
            return core::fail(sent.error());
    }
    return {};
}

} // namespace

core::Status PushedSlotWriteHook::afterWrite(postgres::PgConnection& connection, const fhir::store::ResourceWrite& write,
                                             const fhir::store::WriteOutcome& outcome)
{
    if (write.owner == core::AGENDA_OWNER)
        return {}; // the agenda SAS's own Slots, already in the index as agenda slots
    if (write.type == "Schedule")
    {
        // Its actors may have changed: re-attribute its Slots (the old and the new places both change).
        auto moved = connection.exec(
            "WITH old AS (SELECT slot_id, place_id FROM pushed_slot WHERE schedule_id = $1), "
            "upd AS (UPDATE pushed_slot s SET place_id = pushed_slot_place($1) WHERE s.schedule_id = $1 "
            "RETURNING s.slot_id, s.place_id) "
            "SELECT DISTINCT place FROM (SELECT place_id AS place FROM old UNION ALL SELECT place_id FROM upd) p "
            "WHERE place IS NOT NULL",
            {outcome.stored.id});
        if (!moved)
            return core::fail(moved.error());
        return announce(connection, *moved);
    }
    if (write.type != "Slot")
        return {};
    auto parsed = fhir::readJson(outcome.stored.json);
    if (!parsed)
        return core::fail(parsed.error());
    const fhir::Node& slot = parsed->resource;
    const std::string start = text(&slot, "start");
    const std::string end = text(&slot, "end");
    if (start.empty() || end.empty())
        return {}; // the Slot profile requires both; nothing searchable otherwise
    // Slot.schedule as the store resolved it for the typed Slot row of this very write.
    auto rows = connection.exec(
        "WITH old AS (SELECT place_id FROM pushed_slot WHERE slot_id = $1), "
        "sched AS (SELECT coalesce((SELECT schedule_id FROM slot_availability WHERE id = $1 "
        "AND schedule_type = 'Schedule'), '') AS id), "
        "upd AS (INSERT INTO pushed_slot AS p (slot_id, owner, schedule_id, place_id, free, start_at, end_at, "
        "modalities, booking_link) SELECT $1, $2, sched.id, pushed_slot_place(sched.id), $3, $4::timestamptz, "
        "$5::timestamptz, $6::smallint, $7 FROM sched ON CONFLICT (slot_id) DO UPDATE SET owner = EXCLUDED.owner, "
        "schedule_id = EXCLUDED.schedule_id, place_id = EXCLUDED.place_id, free = EXCLUDED.free, "
        "start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, modalities = EXCLUDED.modalities, "
        "booking_link = EXCLUDED.booking_link RETURNING p.place_id) "
        "SELECT DISTINCT place_id FROM (SELECT place_id FROM old UNION ALL SELECT place_id FROM upd) p",
        {outcome.stored.id, write.owner, text(&slot, "status") == "free" ? "true" : "false", start, end,
         std::to_string(modalitiesOf(slot)), vendors::bookingLink(text(&slot, "comment"))});
    if (!rows)
        return core::fail(rows.error());
    return announce(connection, *rows);
}

core::Status PushedSlotWriteHook::afterDelete(postgres::PgConnection& connection,
                                              const fhir::store::ResourceDelete& removal,
                                              const fhir::store::WriteOutcome& outcome)
{
    if (removal.type != "Slot" || outcome.unchanged || removal.owner == core::AGENDA_OWNER)
        return {};
    auto rows = connection.exec("DELETE FROM pushed_slot WHERE slot_id = $1 RETURNING place_id", {removal.id});
    if (!rows)
        return core::fail(rows.error());
    return announce(connection, *rows);
}

void PushedSlotWriteHook::afterCommit()
{
    if (touchedPlaces.empty())
        return;
    std::vector<std::string> places(touchedPlaces.begin(), touchedPlaces.end());
    touchedPlaces.clear();
    if (_refreshPlaces)
        _refreshPlaces(places);
}

} // namespace sas::adapters::pushedslots
