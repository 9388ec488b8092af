#include "adapters/postgres/PgAgendaStore.h"

#include "adapters/postgres/PgAuditTrail.h"
#include "adapters/postgres/PgOrientationScope.h"
#include "adapters/postgres/PgTransaction.h"
#include "adapters/postgres/toPgArray.h"
#include "core/orientation/OrientationRecorder.h"

#include <charconv>
#include <cstdio>

namespace sas::adapters::postgres
{

using core::ErrorCode;
using namespace std::chrono;

namespace
{

constexpr char SEPARATOR = '\x1f'; // arrays travel as array_to_string(..., chr(31))

std::vector<std::string> splitArray(std::string_view text)
{
    std::vector<std::string> values;
    if (text.empty())
        return values;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == SEPARATOR)
        {
            values.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    return values;
}

long long toNumber(std::string_view text)
{
    long long value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

/// "2026-06-10" → days.
local_days parseDate(std::string_view text)
{
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(std::string(text).c_str(), "%d-%u-%u", &y, &m, &d);
    return local_days{year{y} / month{m} / day{d}};
}

std::string formatDate(local_days date)
{
    const year_month_day ymd{sys_days{date.time_since_epoch()}};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buffer;
}

/// "2026-06-10 08:30:00" (timestamp, no zone) ↔ local seconds.
local_seconds parseLocal(std::string_view text)
{
    int y = 0, hh = 0, mm = 0, ss = 0;
    unsigned m = 0, d = 0;
    std::sscanf(std::string(text).c_str(), "%d-%u-%u %d:%d:%d", &y, &m, &d, &hh, &mm, &ss);
    return local_seconds{local_days{year{y} / month{m} / day{d}}} + hours{hh} + minutes{mm} + seconds{ss};
}

std::string formatLocal(local_seconds at)
{
    const local_days day = floor<days>(at);
    const auto time = at - day;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%s %02d:%02d:%02d", formatDate(day).c_str(),
                  static_cast<int>(duration_cast<hours>(time).count()),
                  static_cast<int>(duration_cast<minutes>(time).count() % 60),
                  static_cast<int>(time.count() % 60));
    return buffer;
}

std::string epoch(sys_seconds at)
{
    return std::to_string(at.time_since_epoch().count());
}

const char* boolText(bool value)
{
    return value ? "true" : "false";
}

PgParam optionalBool(const std::optional<bool>& value)
{
    return value ? PgParam(boolText(*value)) : std::nullopt;
}

const char* STRUCTURE_COLUMNS =
    "id, kind, finess, siret, name, array_to_string(intervention_zone, chr(31)), array_to_string(managers, chr(31))";

core::Structure structureFrom(const PgResult& rows, int row)
{
    core::Structure s;
    s.id = std::string(rows.value(row, 0));
    s.kind = core::parseStructureKind(rows.value(row, 1)).value_or(core::StructureKind::Cpts);
    s.finess = std::string(rows.value(row, 2));
    s.siret = std::string(rows.value(row, 3));
    s.name = std::string(rows.value(row, 4));
    s.interventionZoneInsee = splitArray(rows.value(row, 5));
    s.managers = splitArray(rows.value(row, 6));
    return s;
}

core::Result<std::optional<core::Structure>> structureById(PgConnection& connection, const std::string& id)
{
    if (id.empty())
        return std::optional<core::Structure>{};
    auto rows = connection.exec(std::string("SELECT ") + STRUCTURE_COLUMNS + " FROM sas_structure WHERE id = $1", {id});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return std::optional<core::Structure>{};
    return std::optional<core::Structure>(structureFrom(*rows, 0));
}

const char* SETTINGS_COLUMNS =
    "participates, via, has_software, editor_disabled, hours_declared, forfait_reo, structure_finess, sos_siret, "
    "array_to_string(cpts_place_ids, chr(31)), interfaced, array_to_string(vendor_ids, chr(31))";

core::ParticipationSettings settingsFrom(const PgResult& rows, int row, int first, const std::string& practitionerId)
{
    core::ParticipationSettings s;
    s.practitionerId = practitionerId;
    s.participates = rows.value(row, first) == "t";
    if (!rows.isNull(row, first + 1))
        s.via = static_cast<core::ParticipationVia>(toNumber(rows.value(row, first + 1)));
    if (!rows.isNull(row, first + 2))
        s.hasSoftware = rows.value(row, first + 2) == "t";
    s.editorDisabled = rows.value(row, first + 3) == "t";
    s.hoursDeclared = rows.value(row, first + 4) == "t";
    s.forfaitReorientation = rows.value(row, first + 5) == "t";
    s.structureFiness = std::string(rows.value(row, first + 6));
    s.sosSiret = std::string(rows.value(row, first + 7));
    s.cptsPlaceIds = splitArray(rows.value(row, first + 8));
    s.interfaced = rows.value(row, first + 9) == "t";
    s.vendorIds = splitArray(rows.value(row, first + 10));
    return s;
}

core::Result<std::vector<core::AgendaRule>> rulesOf(PgConnection& connection, const std::string& placeId)
{
    auto rows = connection.exec("SELECT id, first_date::text, weekly, coalesce(until::text, ''), "
                                "array_to_string(exceptions, chr(31)), start_minute, end_minute, plage, capacity, "
                                "modalities FROM sas_agenda_rule WHERE place_id = $1 ORDER BY id",
                                {placeId});
    if (!rows)
        return core::fail(rows.error());
    std::vector<core::AgendaRule> rules;
    for (int r = 0; r < rows->rows(); ++r)
    {
        core::AgendaRule rule;
        rule.id = toNumber(rows->value(r, 0));
        rule.placeId = placeId;
        rule.firstDate = parseDate(rows->value(r, 1));
        rule.weekly = rows->value(r, 2) == "t";
        if (!rows->value(r, 3).empty())
            rule.until = parseDate(rows->value(r, 3));
        for (const auto& date : splitArray(rows->value(r, 4)))
            rule.exceptions.insert(parseDate(date));
        rule.start = minutes{toNumber(rows->value(r, 5))};
        rule.end = minutes{toNumber(rows->value(r, 6))};
        rule.plage = rows->value(r, 7) == "t";
        rule.capacity = static_cast<int>(toNumber(rows->value(r, 8)));
        rule.modalities = static_cast<core::Modalities>(toNumber(rows->value(r, 9)));
        rules.push_back(std::move(rule));
    }
    return rules;
}

/// Loads a place with everything around it; `lock` is "" or " FOR UPDATE" / " FOR SHARE".
core::Result<core::PlaceRecord> loadPlaceWith(PgConnection& connection, const std::string& placeId, const char* lock)
{
    auto rows = connection.exec(
        std::string("SELECT p.id, p.practitioner_id, p.structure_id, p.address, p.postcode, p.insee_code, p.departement, "
                    "p.latitude, p.longitude, p.time_zone, p.phone, p.additional_info, p.unavailable_indefinitely, "
                    "d.id_kind, d.national_id, d.family_name, d.given_name, d.profession, "
                    "array_to_string(d.specialties, chr(31)), d.identity, p.active AND d.active, ") +
            SETTINGS_COLUMNS +
            " FROM sas_place p JOIN sas_practitioner d ON d.id = p.practitioner_id WHERE p.id = $1" + lock,
        {placeId});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, "no place '" + placeId.substr(0, 64) + "'", "place");
    core::PlaceRecord record;
    core::Place& place = record.place;
    place.id = std::string(rows->value(0, 0));
    place.practitionerId = std::string(rows->value(0, 1));
    place.structureId = std::string(rows->value(0, 2));
    place.address = std::string(rows->value(0, 3));
    place.postcode = std::string(rows->value(0, 4));
    place.inseeCode = std::string(rows->value(0, 5));
    place.departement = std::string(rows->value(0, 6));
    place.location = {std::stod(std::string(rows->value(0, 7))), std::stod(std::string(rows->value(0, 8)))};
    place.timeZone = std::string(rows->value(0, 9));
    place.phone = std::string(rows->value(0, 10));
    place.additionalInfo = std::string(rows->value(0, 11));
    record.unavailability.placeId = place.id;
    record.unavailability.indefinite = rows->value(0, 12) == "t";
    core::Practitioner& practitioner = record.practitioner;
    practitioner.id = place.practitionerId;
    practitioner.nationalId = {rows->value(0, 13) == "rpps" ? core::NationalId::Kind::Rpps : core::NationalId::Kind::Adeli,
                               std::string(rows->value(0, 14))};
    practitioner.familyName = std::string(rows->value(0, 15));
    practitioner.givenName = std::string(rows->value(0, 16));
    practitioner.profession = std::string(rows->value(0, 17));
    practitioner.specialties = splitArray(rows->value(0, 18));
    record.practitionerIdentity = std::string(rows->value(0, 19));
    record.active = rows->value(0, 20) == "t";
    record.settings = settingsFrom(*rows, 0, 21, practitioner.id);

    auto periods = connection.exec("SELECT start_local::text, end_local::text FROM sas_unavailability_period "
                                   "WHERE place_id = $1 ORDER BY position",
                                   {placeId});
    if (!periods)
        return core::fail(periods.error());
    for (int r = 0; r < periods->rows(); ++r)
        record.unavailability.periods.push_back({parseLocal(periods->value(r, 0)), parseLocal(periods->value(r, 1))});

    auto rules = rulesOf(connection, placeId);
    if (!rules)
        return core::fail(rules.error());
    record.rules = std::move(*rules);

    auto pushed = connection.exec("SELECT slot_id, owner, extract(epoch FROM start_at)::bigint, "
                                  "extract(epoch FROM end_at)::bigint, modalities, booking_link FROM pushed_slot "
                                  "WHERE place_id = $1 AND free ORDER BY start_at, slot_id",
                                  {placeId});
    if (!pushed)
        return core::fail(pushed.error());
    for (int r = 0; r < pushed->rows(); ++r)
    {
        core::PushedSlot slot;
        slot.slotId = std::string(pushed->value(r, 0));
        slot.vendor = std::string(pushed->value(r, 1));
        slot.start = std::chrono::sys_seconds{std::chrono::seconds{toNumber(pushed->value(r, 2))}};
        slot.end = std::chrono::sys_seconds{std::chrono::seconds{toNumber(pushed->value(r, 3))}};
        slot.modalities = static_cast<core::Modalities>(toNumber(pushed->value(r, 4)));
        slot.bookingLink = std::string(pushed->value(r, 5));
        record.pushedSlots.push_back(std::move(slot));
    }

    auto load = connection.exec("SELECT l.rule_id, l.occurrence_date::text, l.booked FROM sas_occurrence_load l "
                                "JOIN sas_agenda_rule r ON r.id = l.rule_id WHERE r.place_id = $1",
                                {placeId});
    if (!load)
        return core::fail(load.error());
    for (int r = 0; r < load->rows(); ++r)
        record.booked[{toNumber(load->value(r, 0)), parseDate(load->value(r, 1))}] =
            static_cast<int>(toNumber(load->value(r, 2)));

    auto structure = structureById(connection, place.structureId);
    if (!structure)
        return core::fail(structure.error());
    record.structure = *structure;
    const std::string& via = record.settings.via == core::ParticipationVia::SosMedecins ? record.settings.sosSiret
                                                                                          : record.settings.structureFiness;
    auto participation = structureById(connection, via);
    if (!participation)
        return core::fail(participation.error());
    record.participationStructure = *participation;
    return record;
}

core::Status notify(PgConnection& connection, const std::string& placeId)
{
    auto sent = connection.exec("SELECT pg_notify($1, $2)", {AGENDA_CHANNEL, placeId});
    if (!sent)
        return core::fail(sent.error());
    return {};
}

const char* BOOKING_COLUMNS = "id, place_id, practitioner_id, coalesce(rule_id, 0), coalesce(occurrence_date::text, ''), "
                              "extract(epoch from slot_start)::bigint, en_sus, regulator, territory, status, "
                              "extract(epoch from created_at)::bigint";

core::Booking bookingFrom(const PgResult& rows, int r)
{
    core::Booking b;
    b.id = toNumber(rows.value(r, 0));
    b.placeId = std::string(rows.value(r, 1));
    b.practitionerId = std::string(rows.value(r, 2));
    b.ruleId = toNumber(rows.value(r, 3));
    if (!rows.value(r, 4).empty())
        b.date = parseDate(rows.value(r, 4));
    b.start = sys_seconds{seconds{toNumber(rows.value(r, 5))}};
    b.enSus = rows.value(r, 6) == "t";
    b.regulator = std::string(rows.value(r, 7));
    b.territory = std::string(rows.value(r, 8));
    b.status = std::string(rows.value(r, 9));
    b.createdAt = sys_seconds{seconds{toNumber(rows.value(r, 10))}};
    return b;
}

core::Result<core::Booking> insertBooking(PgConnection& connection, const core::Booking& booking)
{
    auto rows = connection.exec(
        std::string("INSERT INTO sas_booking (place_id, practitioner_id, rule_id, occurrence_date, slot_start, en_sus, "
                    "regulator, territory) VALUES ($1, $2, $3, $4::date, to_timestamp($5), $6, $7, $8) RETURNING ") +
            BOOKING_COLUMNS,
        {booking.placeId, booking.practitionerId,
         booking.enSus ? PgParam{} : PgParam(std::to_string(booking.ruleId)),
         booking.enSus ? PgParam{} : PgParam(formatDate(booking.date)), epoch(booking.start),
         boolText(booking.enSus), booking.regulator, booking.territory});
    if (!rows)
        return core::fail(rows.error());
    return bookingFrom(*rows, 0);
}

/// Records a write's audit event in the write's transaction, with the id the write gave when the caller could not
/// know it (a new rule, a new booking). No agent kind: a load without a caller, not audited.
core::Status auditWrite(PgConnection& connection, core::AuditRecord audit, const std::string& entityId = {})
{
    if (audit.agent.kind.empty())
        return {};
    if (audit.entityId.empty())
        audit.entityId = entityId;
    return appendAuditEvent(connection, audit);
}

} // namespace

core::Status PgAgendaStore::savePractitioner(const core::Practitioner& p, const std::string& identity,
                                             const core::ParticipationSettings& s, const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgTransaction transaction(**connection);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto saved = (*connection)->exec(
        "INSERT INTO sas_practitioner (id, id_kind, national_id, family_name, given_name, profession, specialties, "
        "identity, participates, via, has_software, editor_disabled, hours_declared, forfait_reo, structure_finess, "
        "sos_siret, cpts_place_ids, interfaced, vendor_ids) VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, "
        "$10::integer, $11::boolean, $12, $13, $14, $15, $16, $17::text[], $18, $19::text[]) ON CONFLICT (id) DO UPDATE SET "
        "id_kind = EXCLUDED.id_kind, national_id = EXCLUDED.national_id, family_name = EXCLUDED.family_name, "
        "given_name = EXCLUDED.given_name, profession = EXCLUDED.profession, specialties = EXCLUDED.specialties, "
        "identity = EXCLUDED.identity, participates = EXCLUDED.participates, via = EXCLUDED.via, "
        "has_software = EXCLUDED.has_software, editor_disabled = EXCLUDED.editor_disabled, "
        "hours_declared = EXCLUDED.hours_declared, forfait_reo = EXCLUDED.forfait_reo, "
        "structure_finess = EXCLUDED.structure_finess, sos_siret = EXCLUDED.sos_siret, "
        "cpts_place_ids = EXCLUDED.cpts_place_ids, interfaced = EXCLUDED.interfaced, vendor_ids = EXCLUDED.vendor_ids",
        {p.id, p.nationalId.kind == core::NationalId::Kind::Rpps ? "rpps" : "adeli", p.nationalId.value, p.familyName,
         p.givenName, p.profession, toPgArray(p.specialties), identity, boolText(s.participates),
         s.via ? PgParam(std::to_string(static_cast<int>(*s.via))) : std::nullopt, optionalBool(s.hasSoftware),
         boolText(s.editorDisabled), boolText(s.hoursDeclared), boolText(s.forfaitReorientation), s.structureFiness,
         s.sosSiret, toPgArray(s.cptsPlaceIds), boolText(s.interfaced), toPgArray(s.vendorIds)});
    if (!saved)
        return core::fail(saved.error());
    // Settings change every place's flags (behaviour 67): tell every node.
    auto places = (*connection)->exec("SELECT pg_notify($1, id) FROM sas_place WHERE practitioner_id = $2",
                                      {AGENDA_CHANNEL, p.id});
    if (!places)
        return core::fail(places.error());
    if (auto audited = auditWrite(**connection, audit, p.id); !audited)
        return audited;
    return transaction.commit();
}

core::Status PgAgendaStore::saveStructure(const core::Structure& s, const core::StructureSettings& settings,
                                          const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgTransaction transaction(**connection);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto saved = (*connection)->exec(
        "INSERT INTO sas_structure (id, kind, finess, siret, name, intervention_zone, managers, participates, "
        "practitioner_count, hours_declared, accepts_en_sus) VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, "
        "$9::integer, $10, $11) ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, finess = EXCLUDED.finess, "
        "siret = EXCLUDED.siret, name = EXCLUDED.name, intervention_zone = EXCLUDED.intervention_zone, "
        "managers = EXCLUDED.managers, participates = EXCLUDED.participates, "
        "practitioner_count = EXCLUDED.practitioner_count, hours_declared = EXCLUDED.hours_declared, "
        "accepts_en_sus = EXCLUDED.accepts_en_sus",
        {s.id, core::toString(s.kind), s.finess, s.siret, s.name, toPgArray(s.interventionZoneInsee),
         toPgArray(s.managers), boolText(settings.participates), std::to_string(settings.practitionerCount),
         boolText(settings.hoursDeclared), boolText(settings.acceptsEnSus)});
    if (!saved)
        return core::fail(saved.error());
    if (auto audited = auditWrite(**connection, audit, s.id); !audited)
        return audited;
    return transaction.commit();
}

core::Status PgAgendaStore::savePlace(const core::Place& p, const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgTransaction transaction(**connection);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto known = (*connection)->exec("SELECT 1 FROM sas_practitioner WHERE id = $1", {p.practitionerId});
    if (!known)
        return core::fail(known.error());
    if (known->rows() == 0)
        return core::fail(ErrorCode::NotFound, "no practitioner '" + p.practitionerId.substr(0, 64) + "'", "practitionerId");
    char lat[32], lon[32];
    std::snprintf(lat, sizeof lat, "%.8f", p.location.latitude);
    std::snprintf(lon, sizeof lon, "%.8f", p.location.longitude);
    auto saved = (*connection)->exec(
        "INSERT INTO sas_place (id, practitioner_id, structure_id, address, postcode, insee_code, departement, latitude, "
        "longitude, time_zone, phone, additional_info) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::double precision, "
        "$9::double precision, $10, $11, $12) ON CONFLICT (id) DO UPDATE SET practitioner_id = EXCLUDED.practitioner_id, "
        "structure_id = EXCLUDED.structure_id, address = EXCLUDED.address, postcode = EXCLUDED.postcode, "
        "insee_code = EXCLUDED.insee_code, departement = EXCLUDED.departement, latitude = EXCLUDED.latitude, "
        "longitude = EXCLUDED.longitude, time_zone = EXCLUDED.time_zone, phone = EXCLUDED.phone, "
        "additional_info = EXCLUDED.additional_info",
        {p.id, p.practitionerId, p.structureId, p.address, p.postcode, p.inseeCode, p.departement, lat, lon, p.timeZone,
         p.phone, p.additionalInfo});
    if (!saved)
        return core::fail(saved.error());
    if (auto audited = auditWrite(**connection, audit, p.id); !audited)
        return audited;
    if (auto sent = notify(**connection, p.id); !sent)
        return sent;
    return transaction.commit();
}

core::Result<std::vector<core::Structure>> PgAgendaStore::structures()
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(std::string("SELECT ") + STRUCTURE_COLUMNS + " FROM sas_structure ORDER BY id");
    if (!rows)
        return core::fail(rows.error());
    std::vector<core::Structure> out;
    for (int r = 0; r < rows->rows(); ++r)
        out.push_back(structureFrom(*rows, r));
    return out;
}

core::Result<std::optional<core::Structure>> PgAgendaStore::structure(const std::string& id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    return structureById(**connection, id);
}

core::Result<std::vector<std::string>> PgAgendaStore::placeIds()
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT id FROM sas_place ORDER BY id");
    if (!rows)
        return core::fail(rows.error());
    std::vector<std::string> ids;
    for (int r = 0; r < rows->rows(); ++r)
        ids.emplace_back(rows->value(r, 0));
    return ids;
}

core::Result<std::vector<core::Practitioner>> PgAgendaStore::practitioners()
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT id, id_kind, national_id, family_name, given_name FROM sas_practitioner ORDER BY id");
    if (!rows)
        return core::fail(rows.error());
    std::vector<core::Practitioner> out;
    for (int r = 0; r < rows->rows(); ++r)
    {
        core::Practitioner practitioner;
        practitioner.id = rows->value(r, 0);
        practitioner.nationalId.kind = rows->value(r, 1) == "adeli" ? core::NationalId::Kind::Adeli : core::NationalId::Kind::Rpps;
        practitioner.nationalId.value = rows->value(r, 2);
        practitioner.familyName = rows->value(r, 3);
        practitioner.givenName = rows->value(r, 4);
        out.push_back(std::move(practitioner));
    }
    return out;
}

core::Result<std::vector<std::string>> PgAgendaStore::placeIdsOf(const std::string& practitionerId)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT id FROM sas_place WHERE practitioner_id = $1 ORDER BY id", {practitionerId});
    if (!rows)
        return core::fail(rows.error());
    std::vector<std::string> ids;
    for (int r = 0; r < rows->rows(); ++r)
        ids.emplace_back(rows->value(r, 0));
    return ids;
}

core::Result<std::optional<core::ParticipationSettings>> PgAgendaStore::settings(const std::string& practitionerId)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(std::string("SELECT ") + SETTINGS_COLUMNS + " FROM sas_practitioner WHERE id = $1",
                                    {practitionerId});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return std::optional<core::ParticipationSettings>{};
    return std::optional<core::ParticipationSettings>(settingsFrom(*rows, 0, 0, practitionerId));
}

core::Result<core::PlaceRecord> PgAgendaStore::loadPlace(const std::string& placeId)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    return loadPlaceWith(**connection, placeId, "");
}

core::Result<std::vector<core::AgendaRule>> PgAgendaStore::changeAgenda(
    const std::string& placeId, const std::function<core::Result<core::AgendaChange>(const core::PlaceRecord&)>& decide,
    const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto record = loadPlaceWith(db, placeId, " FOR UPDATE OF p");
    if (!record)
        return core::fail(record.error());
    auto change = decide(*record);
    if (!change)
        return core::fail(change.error());
    std::vector<core::AgendaRule> stored;
    for (core::AgendaRule rule : change->upserts)
    {
        std::vector<std::string> exceptions;
        for (auto date : rule.exceptions)
            exceptions.push_back(formatDate(date));
        const std::vector<PgParam> values{
            placeId, formatDate(rule.firstDate), boolText(rule.weekly),
            rule.until ? PgParam(formatDate(*rule.until)) : std::nullopt, toPgArray(exceptions),
            std::to_string(rule.start.count()), std::to_string(rule.end.count()), boolText(rule.plage),
            std::to_string(rule.plage ? rule.capacity : 1), std::to_string(int(rule.modalities))};
        if (rule.id == 0)
        {
            auto inserted = db.exec("INSERT INTO sas_agenda_rule (place_id, first_date, weekly, until, exceptions, "
                                    "start_minute, end_minute, plage, capacity, modalities) VALUES ($1, $2::date, $3, "
                                    "$4::date, $5::date[], $6::integer, $7::integer, $8, $9::integer, $10::smallint) "
                                    "RETURNING id",
                                    values);
            if (!inserted)
                return core::fail(inserted.error());
            rule.id = toNumber(inserted->value(0, 0));
        }
        else
        {
            std::vector<PgParam> withId = values;
            withId.push_back(std::to_string(rule.id));
            auto updated = db.exec("UPDATE sas_agenda_rule SET first_date = $2::date, weekly = $3, until = $4::date, "
                                   "exceptions = $5::date[], start_minute = $6::integer, end_minute = $7::integer, "
                                   "plage = $8, capacity = $9::integer, modalities = $10::smallint "
                                   "WHERE id = $11::bigint AND place_id = $1",
                                   withId);
            if (!updated)
                return core::fail(updated.error());
            if (updated->affectedRows() != 1)
                return core::fail(ErrorCode::NotFound, "no slot " + std::to_string(rule.id) + " at this place", "slot");
        }
        rule.placeId = placeId;
        stored.push_back(std::move(rule));
    }
    for (std::int64_t id : change->deletions)
    {
        auto deleted = db.exec("DELETE FROM sas_agenda_rule WHERE id = $1::bigint AND place_id = $2",
                               {std::to_string(id), placeId});
        if (!deleted)
            return core::fail(deleted.error());
    }
    // A creation names its first new rule; an edit or deletion the rule it was asked about.
    if (auto audited = auditWrite(db, audit, stored.empty() ? std::string() : std::to_string(stored.front().id));
        !audited)
        return core::fail(audited.error());
    if (auto sent = notify(db, placeId); !sent)
        return core::fail(sent.error());
    if (auto committed = transaction.commit(); !committed)
        return core::fail(committed.error());
    return stored;
}

core::Status PgAgendaStore::saveUnavailability(const core::Unavailability& u, const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto updated = db.exec("UPDATE sas_place SET unavailable_indefinitely = $2 WHERE id = $1",
                           {u.placeId, boolText(u.indefinite)});
    if (!updated)
        return core::fail(updated.error());
    if (updated->affectedRows() != 1)
        return core::fail(ErrorCode::NotFound, "no place '" + u.placeId.substr(0, 64) + "'", "place");
    if (auto cleared = db.exec("DELETE FROM sas_unavailability_period WHERE place_id = $1", {u.placeId}); !cleared)
        return core::fail(cleared.error());
    for (std::size_t i = 0; i < u.periods.size(); ++i)
    {
        auto inserted = db.exec("INSERT INTO sas_unavailability_period VALUES ($1, $2::integer, $3::timestamp, $4::timestamp)",
                                {u.placeId, std::to_string(i), formatLocal(u.periods[i].start), formatLocal(u.periods[i].end)});
        if (!inserted)
            return core::fail(inserted.error());
    }
    if (auto audited = auditWrite(db, audit, u.placeId); !audited)
        return audited;
    if (auto sent = notify(db, u.placeId); !sent)
        return sent;
    return transaction.commit();
}

core::Result<core::Booking> PgAgendaStore::book(
    const core::Booking& request,
    const std::function<core::Result<core::SlotOccurrence>(const std::vector<core::AgendaRule>&)>& occurrenceOf,
    const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    // Shared with other bookers, exclusive with agenda edits: the rule cannot change under us.
    auto place = db.exec("SELECT 1 FROM sas_place WHERE id = $1 FOR SHARE", {request.placeId});
    if (!place)
        return core::fail(place.error());
    if (place->rows() == 0)
        return core::fail(ErrorCode::NotFound, "no place '" + request.placeId.substr(0, 64) + "'", "place");
    auto rules = rulesOf(db, request.placeId);
    if (!rules)
        return core::fail(rules.error());
    auto occurrence = occurrenceOf(*rules);
    if (!occurrence)
        return core::fail(occurrence.error());
    // One conditional upsert: concurrent bookers queue on the row and each re-checks the count.
    auto counted = db.exec("INSERT INTO sas_occurrence_load AS l (rule_id, occurrence_date, booked) "
                           "VALUES ($1::bigint, $2::date, 1) ON CONFLICT (rule_id, occurrence_date) "
                           "DO UPDATE SET booked = l.booked + 1 WHERE l.booked < $3::integer RETURNING booked",
                           {std::to_string(request.ruleId), formatDate(request.date), std::to_string(occurrence->capacity)});
    if (!counted)
        return core::fail(counted.error());
    if (counted->rows() == 0 || toNumber(counted->value(0, 0)) > occurrence->capacity)
        return core::fail(ErrorCode::Conflict, "slot_full: this slot has no room left, choose another one", "slot");
    core::Booking booking = request;
    booking.start = occurrence->start;
    auto inserted = insertBooking(db, booking);
    if (!inserted)
        return inserted;
    if (auto audited = auditWrite(db, audit, std::to_string(inserted->id)); !audited)
        return core::fail(audited.error());
    core::orientation::OrientationInput orientation = request.orientation;
    orientation.sourceKey = std::to_string(inserted->id);
    orientation.start = occurrence->start;
    orientation.end = occurrence->end;
    auto messages = recordOrientation(db, orientation);
    if (!messages)
        return core::fail(messages.error());
    if (auto sent = notify(db, request.placeId); !sent)
        return core::fail(sent.error());
    if (auto committed = transaction.commit(); !committed)
        return core::fail(committed.error());
    queued(*messages);
    return inserted;
}

core::Result<core::Booking> PgAgendaStore::bookEnSus(const core::Booking& request, const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto inserted = insertBooking(db, request);
    if (!inserted)
        return inserted;
    core::orientation::OrientationInput orientation = request.orientation;
    orientation.sourceKey = std::to_string(inserted->id);
    orientation.start = request.start;
    auto messages = recordOrientation(db, orientation);
    if (!messages)
        return core::fail(messages.error());
    if (auto audited = auditWrite(db, audit, std::to_string(inserted->id)); !audited)
        return core::fail(audited.error());
    if (auto committed = transaction.commit(); !committed)
        return core::fail(committed.error());
    queued(*messages);
    return inserted;
}

core::Result<int> PgAgendaStore::recordOrientation(PgConnection& connection,
                                                   const core::orientation::OrientationInput& input)
{
    if (!_messages)
        return 0;
    PgOrientationScope scope(connection, *_messages);
    if (auto recorded = core::orientation::OrientationRecorder().record(input, scope); !recorded)
        return core::fail(recorded.error());
    return scope.queued();
}

void PgAgendaStore::queued(int messages) const
{
    if (messages > 0 && _afterCommit)
        _afterCommit();
}

core::Result<std::vector<core::Booking>> PgAgendaStore::bookings(const core::BookingFilter& f)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(
        std::string("SELECT ") + BOOKING_COLUMNS +
            " FROM sas_booking b WHERE ($1 = '' OR regulator = $1) AND ($2 = '' OR practitioner_id = $2) "
            "AND ($3 = '' OR place_id IN (SELECT id FROM sas_place WHERE structure_id = $3) "
            "     OR practitioner_id IN (SELECT id FROM sas_practitioner WHERE structure_finess = $3 OR sos_siret = $3)) "
            "AND ($4 = '' OR status = $4) AND ($5 = '' OR territory = $5) "
            "AND ($6::bigint IS NULL OR slot_start >= to_timestamp($6::bigint)) "
            "AND ($7::bigint IS NULL OR slot_start < to_timestamp($7::bigint)) ORDER BY slot_start, id LIMIT 10000",
        {f.regulator, f.practitionerId, f.structureId, f.status, f.territory,
         f.from ? PgParam(epoch(*f.from)) : std::nullopt, f.to ? PgParam(epoch(*f.to)) : std::nullopt});
    if (!rows)
        return core::fail(rows.error());
    std::vector<core::Booking> out;
    for (int r = 0; r < rows->rows(); ++r)
        out.push_back(bookingFrom(*rows, r));
    return out;
}

core::Result<core::Booking> PgAgendaStore::booking(std::int64_t id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(std::string("SELECT ") + BOOKING_COLUMNS + " FROM sas_booking WHERE id = $1::bigint",
                                    {std::to_string(id)});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, "no orientation " + std::to_string(id), "id");
    return bookingFrom(*rows, 0);
}

core::Status PgAgendaStore::setBookingStatus(std::int64_t id, const std::string& status, const core::AuditRecord& audit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    auto updated = db.exec("UPDATE sas_booking SET status = $2 WHERE id = $1::bigint RETURNING en_sus",
                           {std::to_string(id), status});
    if (!updated)
        return core::fail(updated.error());
    if (updated->rows() != 1)
        return core::fail(ErrorCode::NotFound, "no orientation " + std::to_string(id), "id");
    int messages = 0;
    if (_messages)
    {
        // The orientation's current state with the new status: an update for the LRM (honoured → fulfilled,
        // not honoured → noshow).
        PgOrientationScope scope(db, *_messages);
        const std::string source = updated->value(0, 0) == "t" ? "en-sus" : "agenda";
        auto existing = scope.find(source, std::to_string(id));
        if (!existing)
            return core::fail(existing.error());
        if (existing->has_value())
        {
            const auto orientationStatus = status == "honoured"       ? core::OrientationStatus::Fulfilled
                                           : status == "not-honoured" ? core::OrientationStatus::NoShow
                                                                      : core::OrientationStatus::Booked;
            const auto input = core::orientation::withStatus(
                **existing, orientationStatus, std::chrono::floor<std::chrono::seconds>(_clock->now()));
            if (auto recorded = core::orientation::OrientationRecorder().record(input, scope); !recorded)
                return core::fail(recorded.error());
            messages = scope.queued();
        }
    }
    if (auto audited = auditWrite(db, audit, std::to_string(id)); !audited)
        return audited;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    queued(messages);
    return {};
}

} // namespace sas::adapters::postgres
