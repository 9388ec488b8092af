#include "adapters/postgres/PgDirectoryImportStore.h"

#include "adapters/postgres/PgAgendaStore.h"
#include "adapters/postgres/PgAuditTrail.h"
#include "adapters/postgres/PgTransaction.h"
#include "adapters/postgres/toPgArray.h"

#include <algorithm>
#include <cstdio>

namespace sas::adapters::postgres
{
namespace
{

using core::ErrorCode;

/// Any fixed number: the advisory lock that keeps directory imports one at a time.
constexpr const char* IMPORT_LOCK = "7209350917";

/// COPY text format: backslash, tab and line breaks escaped.
void copyField(std::string& out, std::string_view value)
{
    for (char c : value)
    {
        switch (c)
        {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
    out += '\t';
}

std::vector<std::string> split(std::string_view text)
{
    std::vector<std::string> out;
    if (text.empty())
        return out;
    std::size_t start = 0;
    while (true)
    {
        const auto at = text.find('\x1f', start);
        out.emplace_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos)
            return out;
        start = at + 1;
    }
}

std::size_t number(std::string_view text)
{
    return text.empty() ? 0 : static_cast<std::size_t>(std::stoll(std::string(text)));
}

// The batch range is [$2, $3), $3 NULL for the last one.
constexpr const char* IN_BATCH = "a.run_id = $1 AND a.practitioner_id >= $2 AND ($3::text IS NULL OR a.practitioner_id < $3)";

const std::string UPSERT_PRACTITIONERS = std::string(
    "WITH incoming AS ("
    " SELECT a.practitioner_id AS id, min(a.id_kind) AS id_kind, min(a.national_id) AS national_id,"
    "  (array_agg(a.civility ORDER BY a.line))[1] AS civility, (array_agg(a.family_name ORDER BY a.line))[1] AS family_name,"
    "  (array_agg(a.given_name ORDER BY a.line))[1] AS given_name, (array_agg(a.profession ORDER BY a.line))[1] AS profession,"
    "  array_agg(DISTINCT a.specialty ORDER BY a.specialty) AS specialties"
    " FROM directory_import_activity a WHERE ") + IN_BATCH + " GROUP BY a.practitioner_id),"
    " upserted AS ("
    " INSERT INTO sas_practitioner AS p (id, id_kind, national_id, civility, family_name, given_name, profession,"
    "  specialties, source, active)"
    " SELECT id, id_kind, national_id, civility, family_name, given_name, profession, specialties, 'rpps', true FROM incoming"
    " ON CONFLICT (id) DO UPDATE SET id_kind = EXCLUDED.id_kind, national_id = EXCLUDED.national_id,"
    "  civility = EXCLUDED.civility, family_name = EXCLUDED.family_name, given_name = EXCLUDED.given_name,"
    "  profession = EXCLUDED.profession, specialties = EXCLUDED.specialties, source = 'rpps', active = true"
    " WHERE (p.id_kind, p.national_id, p.civility, p.family_name, p.given_name, p.profession, p.specialties, p.source, p.active)"
    "  IS DISTINCT FROM (EXCLUDED.id_kind, EXCLUDED.national_id, EXCLUDED.civility, EXCLUDED.family_name,"
    "  EXCLUDED.given_name, EXCLUDED.profession, EXCLUDED.specialties, 'rpps', true)"
    " RETURNING p.id, (p.xmax = 0) AS inserted)"
    " SELECT (SELECT count(*) FROM incoming), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted),"
    " coalesce(array_to_string(array_agg(id) FILTER (WHERE NOT inserted), chr(31)), '') FROM upserted";

const std::string UPSERT_PLACES = std::string(
    "WITH incoming AS ("
    " SELECT DISTINCT ON (a.place_id) a.place_id AS id, a.practitioner_id, a.address, a.postcode, a.insee_code,"
    "  a.departement, a.latitude, a.longitude, a.time_zone, a.phone, a.siret, a.finess, a.structure_ref, a.geo_precision"
    " FROM directory_import_activity a WHERE ") + IN_BATCH + " AND a.place_id <> '' ORDER BY a.place_id, a.line),"
    " upserted AS ("
    " INSERT INTO sas_place AS p (id, practitioner_id, address, postcode, insee_code, departement, latitude, longitude,"
    "  time_zone, phone, siret, finess, structure_ref, geo_precision, source, active)"
    " SELECT id, practitioner_id, address, postcode, insee_code, departement, latitude, longitude, time_zone, phone,"
    "  siret, finess, structure_ref, geo_precision, 'rpps', true FROM incoming"
    " ON CONFLICT (id) DO UPDATE SET practitioner_id = EXCLUDED.practitioner_id, address = EXCLUDED.address,"
    "  postcode = EXCLUDED.postcode, insee_code = EXCLUDED.insee_code, departement = EXCLUDED.departement,"
    "  latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, phone = EXCLUDED.phone, siret = EXCLUDED.siret,"
    "  finess = EXCLUDED.finess, structure_ref = EXCLUDED.structure_ref, geo_precision = EXCLUDED.geo_precision,"
    "  source = 'rpps', active = true"
    " WHERE (p.practitioner_id, p.address, p.postcode, p.insee_code, p.departement, p.latitude, p.longitude, p.phone,"
    "  p.siret, p.finess, p.structure_ref, p.geo_precision, p.source, p.active)"
    "  IS DISTINCT FROM (EXCLUDED.practitioner_id, EXCLUDED.address, EXCLUDED.postcode, EXCLUDED.insee_code,"
    "  EXCLUDED.departement, EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED.phone, EXCLUDED.siret, EXCLUDED.finess,"
    "  EXCLUDED.structure_ref, EXCLUDED.geo_precision, 'rpps', true)"
    " RETURNING p.id, (p.xmax = 0) AS inserted)"
    " SELECT (SELECT count(*) FROM incoming), count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted),"
    " coalesce(array_to_string(array_agg(id), chr(31)), '') FROM upserted";

// Places of the scope the run does not list; then imported practitioners left without an active imported place,
// not listed either, and (with a scope) having had a place in it.
constexpr const char* DEACTIVATE_PLACES =
    "WITH gone AS (UPDATE sas_place p SET active = false WHERE p.source = 'rpps' AND p.active"
    " AND (cardinality($2::text[]) = 0 OR p.departement = ANY($2::text[]))"
    " AND NOT EXISTS (SELECT 1 FROM directory_import_activity a WHERE a.run_id = $1 AND a.place_id = p.id)"
    " RETURNING p.id)"
    " SELECT count(*), coalesce(array_to_string(array_agg(id), chr(31)), '') FROM gone";
constexpr const char* DEACTIVATE_PRACTITIONERS =
    "WITH gone AS (UPDATE sas_practitioner d SET active = false WHERE d.source = 'rpps' AND d.active"
    " AND NOT EXISTS (SELECT 1 FROM directory_import_activity a WHERE a.run_id = $1 AND a.practitioner_id = d.id)"
    " AND NOT EXISTS (SELECT 1 FROM sas_place p WHERE p.practitioner_id = d.id AND p.source = 'rpps' AND p.active)"
    " AND (cardinality($2::text[]) = 0"
    "      OR EXISTS (SELECT 1 FROM sas_place p WHERE p.practitioner_id = d.id AND p.departement = ANY($2::text[])))"
    " RETURNING d.id)"
    " SELECT count(*) FROM gone";

} // namespace

core::Result<std::int64_t> PgDirectoryImportStore::beginRun(const std::string& file, const core::ImportScope& scope)
{
    if (!_locked)
    {
        auto locked = _db.exec(std::string("SELECT pg_try_advisory_lock(") + IMPORT_LOCK + ")");
        if (!locked)
            return core::fail(locked.error());
        if (locked->value(0, 0) != "t")
            return core::fail(ErrorCode::Conflict, "another directory import is running on this database");
        _locked = true;
    }
    _announceAll = false;
    // What interrupted runs left: their staged rows go, the runs are marked failed. Staging indexes are built
    // after the bulk load, not maintained row by row.
    for (const char* statement :
         {"UPDATE directory_import_run SET state = 'failed', finished_at = now(), summary = 'interrupted'"
          " WHERE state IN ('staging', 'applying')",
          "TRUNCATE directory_import_activity", "DROP INDEX IF EXISTS directory_import_activity_practitioner",
          "DROP INDEX IF EXISTS directory_import_activity_place"})
        if (auto done = _db.exec(statement); !done)
            return core::fail(done.error());
    auto run = _db.exec("INSERT INTO directory_import_run (file, scope, state) VALUES ($1, $2::text[], 'staging') RETURNING id",
                        {file, toPgArray(scope.departements)});
    if (!run)
        return core::fail(run.error());
    return static_cast<std::int64_t>(std::stoll(std::string(run->value(0, 0))));
}

core::Status PgDirectoryImportStore::stage(std::int64_t run, const std::vector<core::ImportedActivity>& activities)
{
    std::string data;
    data.reserve(activities.size() * 320);
    const std::string runId = std::to_string(run);
    char coordinate[32];
    for (const auto& activity : activities)
    {
        const core::Practitioner& p = activity.practitioner;
        copyField(data, runId);
        copyField(data, std::to_string(activity.line));
        copyField(data, p.id);
        copyField(data, p.nationalId.kind == core::NationalId::Kind::Rpps ? "rpps" : "adeli");
        copyField(data, p.nationalId.value);
        copyField(data, activity.civility);
        copyField(data, p.familyName);
        copyField(data, p.givenName);
        copyField(data, p.profession);
        copyField(data, p.specialties.empty() ? std::string() : p.specialties.front());
        if (activity.place)
        {
            const core::ImportedPlace& imported = *activity.place;
            const core::Place& place = imported.place;
            copyField(data, place.id);
            copyField(data, place.address);
            copyField(data, place.postcode);
            copyField(data, place.inseeCode);
            copyField(data, place.departement);
            std::snprintf(coordinate, sizeof coordinate, "%.8f", place.location.latitude);
            copyField(data, coordinate);
            std::snprintf(coordinate, sizeof coordinate, "%.8f", place.location.longitude);
            copyField(data, coordinate);
            copyField(data, core::toString(imported.precision));
            copyField(data, place.timeZone);
            copyField(data, place.phone);
            copyField(data, imported.siret);
            copyField(data, imported.finess);
            copyField(data, imported.structureRef);
        }
        else
            data += "\t\t\t\t\t\\N\t\\N\t\t\t\t\t\t\t";
        data.back() = '\n';
    }
    auto copied = _db.copyIn("COPY directory_import_activity (run_id, line, practitioner_id, id_kind, national_id, civility,"
                             " family_name, given_name, profession, specialty, place_id, address, postcode, insee_code,"
                             " departement, latitude, longitude, geo_precision, time_zone, phone, siret, finess,"
                             " structure_ref) FROM STDIN",
                             data);
    if (!copied)
        return core::fail(copied.error());
    return {};
}

core::Status PgDirectoryImportStore::announce(const std::vector<std::string>& placeIds,
                                              const std::vector<std::string>& practitionerIds)
{
    if (_announceAll || placeIds.size() + practitionerIds.size() > NOTIFY_LIMIT)
    {
        _announceAll = true;
        return {};
    }
    if (!placeIds.empty())
        if (auto sent = _db.exec("SELECT pg_notify($1, id) FROM unnest($2::text[]) id", {AGENDA_CHANNEL, toPgArray(placeIds)});
            !sent)
            return core::fail(sent.error());
    // A practitioner's names and specialties are on each of their places' search cards.
    if (!practitionerIds.empty())
        if (auto sent = _db.exec("SELECT pg_notify($1, id) FROM sas_place WHERE practitioner_id = ANY($2::text[])",
                                 {AGENDA_CHANNEL, toPgArray(practitionerIds)});
            !sent)
            return core::fail(sent.error());
    return {};
}

core::Result<core::ImportApplied> PgDirectoryImportStore::apply(
    std::int64_t run, const core::ImportScope& scope, std::size_t batchSize,
    const std::function<void(std::size_t, std::size_t)>& progress)
{
    const std::string runId = std::to_string(run);
    for (const char* statement :
         {"CREATE INDEX directory_import_activity_practitioner ON directory_import_activity (run_id, practitioner_id)",
          "CREATE INDEX directory_import_activity_place ON directory_import_activity (run_id, place_id)",
          "ANALYZE directory_import_activity"})
        if (auto done = _db.exec(statement); !done)
            return core::fail(done.error());
    if (auto marked = _db.exec("UPDATE directory_import_run SET state = 'applying' WHERE id = $1", {runId}); !marked)
        return core::fail(marked.error());

    auto bounds = _db.exec("SELECT practitioner_id FROM (SELECT practitioner_id, row_number() OVER (ORDER BY practitioner_id) AS n"
                           " FROM (SELECT DISTINCT practitioner_id FROM directory_import_activity WHERE run_id = $1) d) x"
                           " WHERE (n - 1) % $2 = 0 ORDER BY practitioner_id",
                           {runId, std::to_string(std::max<std::size_t>(1, batchSize))});
    if (!bounds)
        return core::fail(bounds.error());
    const int batches = bounds->rows();

    core::ImportApplied applied;
    for (int b = 0; b < batches; ++b)
    {
        const std::vector<PgParam> range{runId, std::string(bounds->value(b, 0)),
                                         b + 1 < batches ? PgParam(std::string(bounds->value(b + 1, 0))) : std::nullopt};
        PgTransaction transaction(_db);
        if (!transaction.begun())
            return core::fail(transaction.beginError());
        auto practitioners = _db.exec(UPSERT_PRACTITIONERS, range);
        if (!practitioners)
            return core::fail(practitioners.error());
        auto places = _db.exec(UPSERT_PLACES, range);
        if (!places)
            return core::fail(places.error());
        const std::size_t practitionersIn = number(practitioners->value(0, 0));
        const std::size_t practitionersAdded = number(practitioners->value(0, 1));
        const std::size_t practitionersUpdated = number(practitioners->value(0, 2));
        const std::size_t placesIn = number(places->value(0, 0));
        const std::size_t placesAdded = number(places->value(0, 1));
        const std::size_t placesUpdated = number(places->value(0, 2));
        if (auto sent = announce(split(places->value(0, 3)), split(practitioners->value(0, 3))); !sent)
            return core::fail(sent.error());
        if (auto committed = transaction.commit(); !committed)
            return core::fail(committed.error());
        applied.practitioners.added += practitionersAdded;
        applied.practitioners.updated += practitionersUpdated;
        applied.practitioners.unchanged += practitionersIn - practitionersAdded - practitionersUpdated;
        applied.places.added += placesAdded;
        applied.places.updated += placesUpdated;
        applied.places.unchanged += placesIn - placesAdded - placesUpdated;
        progress(static_cast<std::size_t>(b + 1), static_cast<std::size_t>(batches));
    }

    // Deactivation last, once every listed row is in: a run that stops earlier never deactivates anything.
    PgTransaction transaction(_db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());
    const std::vector<PgParam> params{runId, toPgArray(scope.departements)};
    auto places = _db.exec(DEACTIVATE_PLACES, params);
    if (!places)
        return core::fail(places.error());
    auto practitioners = _db.exec(DEACTIVATE_PRACTITIONERS, params);
    if (!practitioners)
        return core::fail(practitioners.error());
    applied.places.deactivated = number(places->value(0, 0));
    applied.practitioners.deactivated = number(practitioners->value(0, 0));
    if (auto sent = announce(split(places->value(0, 1)), {}); !sent)
        return core::fail(sent.error());
    if (_announceAll)
        if (auto sent = _db.exec("SELECT pg_notify($1, '*')", {AGENDA_CHANNEL}); !sent)
            return core::fail(sent.error());
    if (!_agent.kind.empty())
    {
        // One event per run, counts only: the file's lines name practitioners, never recorded here.
        auto counts = [](const char* kind, const core::ImportCounts& c) {
            return std::string(kind) + "-added=" + std::to_string(c.added) + ";" + kind +
                   "-updated=" + std::to_string(c.updated) + ";" + kind + "-unchanged=" + std::to_string(c.unchanged) +
                   ";" + kind + "-deactivated=" + std::to_string(c.deactivated);
        };
        std::string territory;
        for (const auto& departement : scope.departements)
            territory += (territory.empty() ? "" : ",") + departement;
        const core::AuditRecord audit{_agent, "U", "import", "DirectoryImport", runId, std::nullopt,
                                      counts("practitioners", applied.practitioners) + ";" +
                                          counts("places", applied.places) +
                                          ";territory=" + (territory.empty() ? "all" : territory),
                                      "0"};
        if (auto audited = appendAuditEvent(_db, audit); !audited)
            return core::fail(audited.error());
    }
    if (auto committed = transaction.commit(); !committed)
        return core::fail(committed.error());
    return applied;
}

core::Status PgDirectoryImportStore::abandon(std::int64_t run, const std::string& reason)
{
    auto marked = _db.exec("UPDATE directory_import_run SET state = 'failed', finished_at = now(), summary = $2 WHERE id = $1",
                           {std::to_string(run), reason});
    if (!marked)
        return core::fail(marked.error());
    if (auto dropped = _db.exec("TRUNCATE directory_import_activity"); !dropped)
        return core::fail(dropped.error());
    return {};
}

core::Status PgDirectoryImportStore::complete(std::int64_t run, const std::string& summary)
{
    auto marked = _db.exec("UPDATE directory_import_run SET state = 'completed', finished_at = now(), summary = $2 WHERE id = $1",
                           {std::to_string(run), summary});
    if (!marked)
        return core::fail(marked.error());
    if (auto dropped = _db.exec("TRUNCATE directory_import_activity"); !dropped)
        return core::fail(dropped.error());
    return {};
}

} // namespace sas::adapters::postgres
