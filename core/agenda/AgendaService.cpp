#include "core/agenda/AgendaService.h"

#include "core/agenda/expandAgenda.h"
#include "core/agenda/participationRules.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

AuditRecord bookingStatusAudit(const AuditAgent& agent, const Booking& booking, const std::string& status)
{
    return AuditRecord{agent,        "U", "update", "Orientation", std::to_string(booking.id), std::nullopt,
                       "status=" + status + ";place=" + booking.placeId + ";territory=" + booking.territory, "0"};
}

AgendaService::AgendaService(AgendaStore& store, const TimeZones& zones, AvailabilityIndex& index, const Clock& clock)
    : _store(store), _zones(zones), _index(index), _clock(clock)
{
}

namespace
{

bool manages(const std::optional<Structure>& structure, const std::string& identity)
{
    return structure &&
           std::find(structure->managers.begin(), structure->managers.end(), identity) != structure->managers.end();
}

const char* scopeCode(EditScope scope)
{
    switch (scope)
    {
    case EditScope::Occurrence: return "occurrence";
    case EditScope::Series: return "series";
    case EditScope::SeriesFrom: return "series-from";
    }
    return "series";
}

/// An agenda write's audit event: codes and ids only (place, rule, booking), never a patient datum.
AuditRecord auditOf(const AuditAgent& agent, const char* action, const char* subtype, const char* type,
                    std::string id, std::string detail)
{
    return AuditRecord{agent, action, subtype, type, std::move(id), std::nullopt, std::move(detail), "0"};
}

Error forbidden()
{
    return makeError(ErrorCode::Forbidden, "this identity may not edit the agenda of this place");
}

} // namespace

Status AgendaService::mayEdit(const ClientIdentity& who, const PlaceRecord& record)
{
    switch (who.kind)
    {
    case IdentityKind::Admin: return {};
    case IdentityKind::Practitioner:
        if (who.name != record.practitionerIdentity)
            return fail(forbidden());
        if (!mayEditOwnAgenda(record.settings))
            return fail(ErrorCode::Forbidden, "the manual agenda is open only to practitioners who refuse vendor slots "
                                              "and do not participate through SOS Médecins");
        return {};
    case IdentityKind::StructureManager:
        if (manages(record.structure, who.name) || manages(record.participationStructure, who.name))
            return {};
        return fail(forbidden());
    default: return fail(forbidden());
    }
}

Result<std::shared_ptr<const ZoneRules>> AgendaService::zoneOf(const Place& place) const
{
    return _zones.zone(place.timeZone.empty() ? "Europe/Paris" : place.timeZone);
}

local_days AgendaService::today(const ZoneRules& zone) const
{
    return floor<days>(zone.toLocal(floor<seconds>(_clock.now())));
}

Result<PlaceRecord> AgendaService::loadForEdit(const ClientIdentity& who, const std::string& placeId)
{
    auto record = _store.loadPlace(placeId);
    if (!record)
        return record;
    if (auto allowed = mayEdit(who, *record); !allowed)
        return fail(allowed.error());
    return record;
}

Result<std::vector<AgendaRule>> AgendaService::createSlots(const ClientIdentity& who, const std::string& placeId,
                                                           local_days date, const SlotValues& values,
                                                           const std::vector<int>& repeat, const AuditAgent& agent)
{
    auto record = loadForEdit(who, placeId);
    if (!record)
        return fail(record.error());
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    if (auto valid = validateSlotValues(values); !valid)
        return fail(valid.error());
    if ((*zone)->toSys(local_seconds{date} + values.start) < floor<seconds>(_clock.now()))
        return fail(ErrorCode::Unprocessable, "Vous ne pouvez créer un créneau dans le passé.", "date");
    auto planned = planAgendaRules(placeId, date, values, repeat);
    if (!planned)
        return fail(planned.error());
    auto stored = _store.changeAgenda(placeId, [&](const PlaceRecord& current) -> Result<AgendaChange> {
        if (auto allowed = mayEdit(who, current); !allowed)
            return fail(allowed.error());
        return AgendaChange{*planned, {}};
    }, auditOf(agent, "C", "create", "AgendaRule", "", "place=" + placeId + ";rules=" + std::to_string(planned->size())));
    if (!stored)
        return stored;
    if (auto refreshed = refreshPlace(placeId, true); !refreshed)
        return fail(refreshed.error());
    return stored;
}

Result<std::vector<AgendaRule>> AgendaService::editSlot(const ClientIdentity& who, const std::string& placeId,
                                                        std::int64_t ruleId, EditScope scope, local_days date,
                                                        const SlotValues& values, const AuditAgent& agent)
{
    auto record = loadForEdit(who, placeId);
    if (!record)
        return fail(record.error());
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    const local_days day = today(**zone);
    auto stored = _store.changeAgenda(placeId, [&](const PlaceRecord& current) -> Result<AgendaChange> {
        if (auto allowed = mayEdit(who, current); !allowed)
            return fail(allowed.error());
        auto rule = std::find_if(current.rules.begin(), current.rules.end(),
                                 [&](const AgendaRule& r) { return r.id == ruleId; });
        if (rule == current.rules.end())
            return fail(ErrorCode::NotFound, "no slot " + std::to_string(ruleId) + " at this place", "slot");
        return editAgendaRule(*rule, scope, date, values, current.booked, day);
    }, auditOf(agent, "U", "update", "AgendaRule", std::to_string(ruleId), "place=" + placeId + ";scope=" + scopeCode(scope)));
    if (!stored)
        return stored;
    if (auto refreshed = refreshPlace(placeId, true); !refreshed)
        return fail(refreshed.error());
    return stored;
}

Result<std::vector<AgendaRule>> AgendaService::deleteSlot(const ClientIdentity& who, const std::string& placeId,
                                                          std::int64_t ruleId, EditScope scope, local_days date,
                                                          const AuditAgent& agent)
{
    auto record = loadForEdit(who, placeId);
    if (!record)
        return fail(record.error());
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    const local_days day = today(**zone);
    auto stored = _store.changeAgenda(placeId, [&](const PlaceRecord& current) -> Result<AgendaChange> {
        if (auto allowed = mayEdit(who, current); !allowed)
            return fail(allowed.error());
        auto rule = std::find_if(current.rules.begin(), current.rules.end(),
                                 [&](const AgendaRule& r) { return r.id == ruleId; });
        if (rule == current.rules.end())
            return fail(ErrorCode::NotFound, "no slot " + std::to_string(ruleId) + " at this place", "slot");
        return deleteAgendaRule(*rule, scope, date, current.booked, day);
    }, auditOf(agent, "D", "delete", "AgendaRule", std::to_string(ruleId), "place=" + placeId + ";scope=" + scopeCode(scope)));
    if (!stored)
        return stored;
    if (auto refreshed = refreshPlace(placeId, true); !refreshed)
        return fail(refreshed.error());
    return stored;
}

Status AgendaService::setUnavailability(const ClientIdentity& who, const Unavailability& unavailability,
                                        const AuditAgent& agent)
{
    auto record = loadForEdit(who, unavailability.placeId);
    if (!record)
        return fail(record.error());
    if (auto valid = validateUnavailability(unavailability); !valid)
        return valid;
    const AuditRecord audit =
        auditOf(agent, "U", "update", "Unavailability", unavailability.placeId,
                "periods=" + std::to_string(unavailability.periods.size()) +
                    ";indefinite=" + (unavailability.indefinite ? "true" : "false"));
    if (auto saved = _store.saveUnavailability(unavailability, audit); !saved)
        return saved;
    return refreshPlace(unavailability.placeId, true);
}

Result<std::vector<SlotOccurrence>> AgendaService::occurrences(const ClientIdentity& who, const std::string& placeId,
                                                               sys_seconds from, sys_seconds to)
{
    auto record = _store.loadPlace(placeId);
    if (!record)
        return fail(record.error());
    if (who.kind != IdentityKind::Lrm)
        if (auto allowed = mayEdit(who, *record); !allowed)
            return fail(allowed.error());
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    return expandAgenda(record->rules, **zone, from, to, &record->unavailability, record->booked);
}

Result<Booking> AgendaService::book(const ClientIdentity& who, const std::string& placeId, std::int64_t ruleId,
                                    local_days date, const AuditAgent& agent)
{
    if (who.kind != IdentityKind::Lrm && who.kind != IdentityKind::Admin)
        return fail(ErrorCode::Forbidden, "only regulators book on the agenda SAS");
    auto record = _store.loadPlace(placeId);
    if (!record)
        return fail(record.error());
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    const sys_seconds now = floor<seconds>(_clock.now());
    Booking booking;
    booking.placeId = placeId;
    booking.practitionerId = record->practitioner.id;
    booking.ruleId = ruleId;
    booking.date = date;
    booking.regulator = who.name;
    booking.territory = record->place.departement;
    booking.createdAt = now;
    booking.orientation = orientationOf(*record, who, false, now);
    const Unavailability unavailability = record->unavailability;
    const std::shared_ptr<const ZoneRules> rules = *zone;
    auto stored = _store.book(booking, [&](const std::vector<AgendaRule>& current) -> Result<SlotOccurrence> {
        auto rule = std::find_if(current.begin(), current.end(), [&](const AgendaRule& r) { return r.id == ruleId; });
        if (rule == current.end())
            return fail(ErrorCode::NotFound, "no slot " + std::to_string(ruleId) + " at this place", "slot");
        auto occurrence = occurrenceOn(*rule, date, *rules);
        if (!occurrence)
            return fail(ErrorCode::Unprocessable, "the slot has no occurrence on this date", "date");
        if (occurrence->plage ? occurrence->end <= now : occurrence->start < now)
            return fail(ErrorCode::Unprocessable, "the slot is in the past", "date");
        if (isUnavailable(unavailability, *rules, occurrence->start))
            return fail(ErrorCode::Unprocessable, "the place is unavailable at that time", "date");
        return *occurrence;
    }, auditOf(agent, "C", "create", "Orientation", "",
               "kind=slot;place=" + placeId + ";rule=" + std::to_string(ruleId) + ";territory=" + booking.territory));
    if (!stored)
        return stored;
    if (auto refreshed = refreshPlace(placeId, true); !refreshed)
        return fail(refreshed.error());
    return stored;
}

Result<Booking> AgendaService::bookEnSus(const ClientIdentity& who, const std::string& placeId, sys_seconds at,
                                         const AuditAgent& agent)
{
    if (who.kind != IdentityKind::Lrm && who.kind != IdentityKind::Admin)
        return fail(ErrorCode::Forbidden, "only regulators send patients en sus");
    auto record = _store.loadPlace(placeId);
    if (!record)
        return fail(record.error());
    const sys_seconds now = floor<seconds>(_clock.now());
    const bool inCds = record->structure && record->structure->kind == StructureKind::Cds;
    if (!record->settings.acceptsEnSus() || inCds)
        return fail(ErrorCode::Unprocessable, "this place does not accept patients beyond its slots", "place");
    if (at < now - minutes{15})
        return fail(ErrorCode::Unprocessable, "an en sus orientation cannot be in the past", "start");
    Booking booking;
    booking.placeId = placeId;
    booking.practitionerId = record->practitioner.id;
    booking.enSus = true;
    booking.start = at;
    booking.regulator = who.name;
    booking.territory = record->place.departement;
    booking.createdAt = now;
    booking.orientation = orientationOf(*record, who, true, now);
    if (auto zone = zoneOf(record->place))
        booking.date = floor<days>((*zone)->toLocal(at));
    return _store.bookEnSus(booking, auditOf(agent, "C", "create", "Orientation", "",
                                             "kind=en-sus;place=" + placeId + ";territory=" + booking.territory));
}

orientation::OrientationInput AgendaService::orientationOf(const PlaceRecord& record, const ClientIdentity& who,
                                                         bool enSus, sys_seconds now)
{
    orientation::OrientationInput input;
    input.source = enSus ? "en-sus" : "agenda";
    // The booking API knows the regulator by the identity that called it (an LRM certificate), not as a person:
    // the orientation names it with the SAS technical system, and the recorder flags it when no account matches.
    input.regulator = RegulatorReference{"urn:oid:1.2.250.1.213.3.6", who.name};
    const Practitioner& p = record.practitioner;
    input.practitioner = OrientationPractitioner{p.id, p.familyName, p.givenName,
                                                 p.specialties.empty() ? std::string() : p.specialties.front(),
                                                 p.profession == "Médecin" ? "10" : ""};
    const auto structureOf = [](const Structure& s) {
        const bool bySiret = s.kind == StructureKind::SosMedecins || s.finess.empty();
        return OrientationStructure{(bySiret ? "3" + s.siret : "1" + s.finess), s.name};
    };
    input.category = OrientationCategory::Ps;
    if (record.structure && record.structure->kind == StructureKind::Cds)
    {
        input.category = OrientationCategory::Cds;
        input.structure = structureOf(*record.structure);
    }
    else if (record.settings.participates && record.settings.via && record.participationStructure)
    {
        switch (*record.settings.via)
        {
        case ParticipationVia::Cpts: input.category = OrientationCategory::Cpts; break;
        case ParticipationVia::Msp: input.category = OrientationCategory::Msp; break;
        case ParticipationVia::SosMedecins: input.category = OrientationCategory::Sos; break;
        case ParticipationVia::Individual: break;
        }
        if (input.category != OrientationCategory::Ps)
            input.structure = structureOf(*record.participationStructure);
    }
    input.status = OrientationStatus::Booked;
    input.created = now;
    input.receivedAt = now;
    return input;
}

PlaceProfile AgendaService::profileOf(const PlaceRecord& record, std::shared_ptr<const ZoneRules> zone)
{
    const ParticipationSettings& settings = record.settings;
    // A practitioner working in a centre de santé is listed under the centre (behaviour 45).
    const bool inCds = record.structure && record.structure->kind == StructureKind::Cds;
    PlaceProfile profile;
    profile.placeId = record.place.id;
    profile.practitionerId = record.practitioner.id;
    profile.displayName = record.practitioner.givenName + " " + record.practitioner.familyName;
    profile.address = record.place.address;
    profile.location = record.place.location;
    profile.departement = record.place.departement;
    profile.inseeCode = record.place.inseeCode;
    profile.postcode = record.place.postcode;
    // Vendor slots refused (or participation through SOS Médecins, which forces the refusal): never asked
    // (sas-platform.md §6 behaviour 23).
    if (!settings.editorDisabled)
        profile.vendorIds = settings.vendorIds;
    profile.specialties = record.practitioner.specialties;
    profile.participates = settings.participates && !inCds;
    profile.acceptsEnSus = settings.acceptsEnSus() && !inCds;
    if (settings.participates && settings.via == ParticipationVia::Cpts &&
        std::find(settings.cptsPlaceIds.begin(), settings.cptsPlaceIds.end(), record.place.id) !=
            settings.cptsPlaceIds.end())
        profile.cptsFiness = settings.structureFiness;
    profile.unavailableIndefinitely = record.unavailability.indefinite;
    if (zone)
        for (const auto& period : record.unavailability.periods)
        {
            const auto minute = [&](local_seconds at) {
                return static_cast<std::int32_t>(floor<minutes>(zone->toSys(at)).time_since_epoch().count());
            };
            profile.awayMinutes.emplace_back(minute(period.start), minute(period.end));
        }
    profile.zone = std::move(zone);
    return profile;
}

Status AgendaService::refreshPlace(const std::string& placeId, bool publish)
{
    auto record = _store.loadPlace(placeId);
    if (!record)
    {
        if (record.error().code == ErrorCode::NotFound)
        {
            _index.removePlace(placeId);
            return publish && _publisher ? _publisher->publish(placeId, nullptr, {}) : Status{};
        }
        return fail(record.error());
    }
    if (!record->active)
    {
        _index.removePlace(placeId);
        return publish && _publisher ? _publisher->publish(placeId, nullptr, {}) : Status{};
    }
    auto zone = zoneOf(record->place);
    if (!zone)
        return fail(zone.error());
    const sys_seconds now = floor<seconds>(_clock.now());
    std::vector<IndexedSlot> slots;
    std::vector<SlotOccurrence> open; // what the FHIR façade shows: not begun, not full
    for (const SlotOccurrence& occurrence :
         expandAgenda(record->rules, **zone, now - hours{24}, now + HORIZON, &record->unavailability, record->booked))
    {
        slots.push_back(toIndexedSlot(occurrence));
        if (publish && occurrence.start >= now && occurrence.remaining() > 0)
            open.push_back(occurrence);
    }
    std::vector<PushedSlot> pushed;
    // Pushed vendor slots, unless the practitioner refuses vendor slots (behaviour 23), as pulled ones.
    if (!record->settings.editorDisabled)
        for (PushedSlot& slot : record->pushedSlots)
        {
            if (slot.end <= now - hours{24} || slot.start >= now + HORIZON || slot.end <= slot.start)
                continue;
            SlotOccurrence occurrence;
            occurrence.ruleId = static_cast<std::int64_t>(pushed.size());
            occurrence.date = floor<days>((*zone)->toLocal(slot.start));
            occurrence.start = slot.start;
            occurrence.end = slot.end;
            occurrence.modalities = slot.modalities;
            IndexedSlot indexed = toIndexedSlot(occurrence);
            indexed.flags = IndexedSlot::VENDOR;
            slots.push_back(indexed);
            pushed.push_back(std::move(slot));
        }
    _index.upsertPlace(profileOf(*record, *zone));
    _index.replaceSlots(placeId, std::move(slots), std::move(pushed));
    if (publish && _publisher)
        return _publisher->publish(placeId, &record->practitioner, open);
    return {};
}

Result<std::size_t> AgendaService::refreshAll()
{
    auto ids = _store.placeIds();
    if (!ids)
        return fail(ids.error());
    for (const std::string& id : *ids)
        if (auto refreshed = refreshPlace(id, _publisher != nullptr); !refreshed)
            return fail(refreshed.error());
    return ids->size();
}

} // namespace sas::core
