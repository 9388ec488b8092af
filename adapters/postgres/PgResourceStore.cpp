#include "adapters/postgres/PgResourceStore.h"

#include "adapters/postgres/PgAuditTrail.h"
#include "adapters/postgres/PgTransaction.h"
#include "adapters/postgres/toPgArray.h"

#include <tuple>

namespace sas::adapters::postgres
{
namespace
{

using core::ErrorCode;
using fhir::search::ParamType;
using fhir::store::ResourceWrite;
using fhir::store::StoredResource;
using fhir::store::WriteOutcome;

constexpr const char* INSTANT_SQL = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

std::string instant(const std::string& column)
{
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, INSTANT_SQL, column.c_str());
    return buffer;
}

std::string label(const std::string& type, const std::string& id)
{
    return type + "/" + id;
}

/// Where a resource stands before a write, read under its lock.
struct CurrentState
{
    bool exists = false;
    int version = 0;
    bool deleted = false;
    std::string owner;
    std::string now; ///< the transaction's timestamp, as a FHIR instant
};

/// Serialises writes of one resource across threads and nodes, then reads its state.
core::Result<CurrentState> lockAndRead(PgConnection& connection, const std::string& type, const std::string& id)
{
    auto locked = connection.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {"resource:" + label(type, id)});
    if (!locked)
        return core::fail(locked.error());
    auto rows = connection.exec("SELECT " + instant("clock_timestamp()") +
                                    ", r.version, r.deleted, coalesce(r.owner, '') FROM (SELECT 1) one "
                                    "LEFT JOIN resource r ON r.type = $1 AND r.id = $2",
                                {type, id});
    if (!rows)
        return core::fail(rows.error());
    CurrentState state;
    state.now = std::string(rows->value(0, 0));
    state.exists = !rows->isNull(0, 1);
    if (state.exists)
    {
        state.version = std::stoi(std::string(rows->value(0, 1)));
        state.deleted = rows->value(0, 2) == "t";
        state.owner = std::string(rows->value(0, 3));
    }
    return state;
}

core::Status replaceIndex(PgConnection& connection, const std::string& type, const std::string& id,
                          const fhir::search::SearchIndex& index)
{
    for (const char* table : {"search_token", "search_date", "search_reference", "search_string"})
        if (auto cleared = connection.exec(std::string("DELETE FROM ") + table + " WHERE type = $1 AND id = $2", {type, id});
            !cleared)
            return core::fail(cleared.error());

    std::vector<std::string> tokenParam, tokenSystem, tokenCode, dateParam, refParam, refType, refId, refUrl,
        stringParam, stringValue;
    std::vector<std::int64_t> dateLow, dateHigh;
    for (const auto& entry : index)
    {
        switch (entry.type)
        {
        case ParamType::Token:
            tokenParam.push_back(entry.parameter);
            tokenSystem.push_back(entry.system);
            tokenCode.push_back(entry.code);
            break;
        case ParamType::Date:
            dateParam.push_back(entry.parameter);
            dateLow.push_back(entry.low);
            dateHigh.push_back(entry.high);
            break;
        case ParamType::Reference:
            refParam.push_back(entry.parameter);
            refType.push_back(entry.targetType);
            refId.push_back(entry.targetId);
            refUrl.push_back(entry.code);
            break;
        case ParamType::String:
        case ParamType::Uri:
            stringParam.push_back(entry.parameter);
            stringValue.push_back(entry.code);
            break;
        default:
            break; // number, quantity, composite, special: no table yet
        }
    }
    auto insert = [&](const std::string& sql, std::vector<PgParam> params, bool any) -> core::Status {
        if (!any)
            return {};
        params.insert(params.begin(), {type, id});
        auto done = connection.exec(sql, params);
        return done ? core::Status{} : core::fail(done.error());
    };
    if (auto s = insert("INSERT INTO search_token (type, id, param, system, code) "
                        "SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])",
                        {toPgArray(tokenParam), toPgArray(tokenSystem), toPgArray(tokenCode)}, !tokenParam.empty());
        !s)
        return s;
    if (auto s = insert("INSERT INTO search_date (type, id, param, low, high) "
                        "SELECT $1, $2, * FROM unnest($3::text[], $4::bigint[], $5::bigint[])",
                        {toPgArray(dateParam), toPgArray(dateLow), toPgArray(dateHigh)}, !dateParam.empty());
        !s)
        return s;
    if (auto s = insert("INSERT INTO search_reference (type, id, param, target_type, target_id, url) "
                        "SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])",
                        {toPgArray(refParam), toPgArray(refType), toPgArray(refId), toPgArray(refUrl)}, !refParam.empty());
        !s)
        return s;
    return insert("INSERT INTO search_string (type, id, param, value) SELECT $1, $2, * FROM unnest($3::text[], $4::text[])",
                  {toPgArray(stringParam), toPgArray(stringValue)}, !stringParam.empty());
}

/// The Slot's typed row (migration 0007): replaced on every write of a Slot, removed on its delete, in the same
/// transaction as its search_* rows and from the same index entries, so PgSearch sees exactly what the generic
/// tables say. `stored` is null for a delete. Should a value repeat (R4 says 1..1), the smallest is kept, as the
/// migration's backfill does.
core::Status replaceSlotRow(PgConnection& connection, const std::string& id, const fhir::search::SearchIndex& index,
                            const StoredResource* stored)
{
    if (auto cleared = connection.exec("DELETE FROM slot_availability WHERE id = $1", {id}); !cleared)
        return core::fail(cleared.error());
    if (!stored)
        return {};
    const fhir::search::SearchIndexEntry* schedule = nullptr;
    const fhir::search::SearchIndexEntry* status = nullptr;
    const fhir::search::SearchIndexEntry* start = nullptr;
    for (const auto& entry : index)
    {
        if (entry.type == ParamType::Reference && entry.parameter == "schedule" && !entry.targetType.empty())
        {
            if (!schedule || std::tie(entry.targetType, entry.targetId) < std::tie(schedule->targetType, schedule->targetId))
                schedule = &entry;
        }
        else if (entry.type == ParamType::Token && entry.parameter == "status")
        {
            if (!status || std::tie(entry.system, entry.code) < std::tie(status->system, status->code))
                status = &entry;
        }
        else if (entry.type == ParamType::Date && entry.parameter == "start")
        {
            if (!start || std::tie(entry.low, entry.high) < std::tie(start->low, start->high))
                start = &entry;
        }
    }
    auto text = [](const fhir::search::SearchIndexEntry* entry, const std::string fhir::search::SearchIndexEntry::*field) {
        return entry ? PgParam(entry->*field) : PgParam();
    };
    auto number = [](const fhir::search::SearchIndexEntry* entry, std::int64_t fhir::search::SearchIndexEntry::*field) {
        return entry ? PgParam(std::to_string(entry->*field)) : PgParam();
    };
    using Entry = fhir::search::SearchIndexEntry;
    auto inserted = connection.exec(
        "INSERT INTO slot_availability (id, schedule_type, schedule_id, status_system, status_code, start_low, "
        "start_high, version, last_updated, body) VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8::integer, "
        "$9::timestamptz, $10)",
        {id, text(schedule, &Entry::targetType), text(schedule, &Entry::targetId), text(status, &Entry::system),
         text(status, &Entry::code), number(start, &Entry::low), number(start, &Entry::high),
         std::to_string(stored->version), stored->lastUpdated, stored->json});
    return inserted ? core::Status{} : core::fail(inserted.error());
}

/// The write itself, inside a transaction that already holds the resource's lock.
core::Result<WriteOutcome> writeLocked(PgConnection& connection, const ResourceWrite& write, const CurrentState& state)
{
    const bool live = state.exists && !state.deleted;
    // A deleted resource keeps its owner: another client may not resurrect it and inherit its history.
    if (write.ownerOnly && state.exists && !state.owner.empty() && state.owner != write.owner)
        return core::fail(ErrorCode::Forbidden, label(write.type, write.id) + " belongs to another client");
    if (write.createOnly && live)
        return core::fail(ErrorCode::Conflict, label(write.type, write.id) + " already exists");
    if (write.expectedVersion && (!live || *write.expectedVersion != state.version))
        return core::fail(ErrorCode::PreconditionFailed,
                          "If-Match names version " + std::to_string(*write.expectedVersion) + " but " +
                              label(write.type, write.id) + " is " +
                              (live ? "at version " + std::to_string(state.version) : std::string("not live")));

    const int version = state.version + 1;
    const std::string method = live ? "PUT" : (write.createOnly ? "POST" : "PUT");
    StoredResource stored{write.type, write.id, version, state.now, false, method, write.render(write.id, version, state.now),
                          write.owner};

    auto current = connection.exec(
        "INSERT INTO resource (type, id, version, last_updated, deleted, owner, body) "
        "VALUES ($1, $2, $3, $4::timestamptz, false, NULLIF($5, ''), $6) "
        "ON CONFLICT (type, id) DO UPDATE SET version = EXCLUDED.version, last_updated = EXCLUDED.last_updated, "
        "deleted = false, owner = EXCLUDED.owner, body = EXCLUDED.body",
        {write.type, write.id, std::to_string(version), state.now, write.owner, stored.json});
    if (!current)
        return core::fail(current.error());
    auto historyRow = connection.exec("INSERT INTO resource_version (type, id, version, last_updated, deleted, method, body) "
                                      "VALUES ($1, $2, $3, $4::timestamptz, false, $5, $6)",
                                      {write.type, write.id, std::to_string(version), state.now, method, stored.json});
    if (!historyRow)
        return core::fail(historyRow.error());
    if (auto indexed = replaceIndex(connection, write.type, write.id, write.index); !indexed)
        return core::fail(indexed.error());
    if (write.type == "Slot")
        if (auto typed = replaceSlotRow(connection, write.id, write.index, &stored); !typed)
            return core::fail(typed.error());
    return WriteOutcome{std::move(stored), !live};
}

StoredResource storedFrom(const PgResult& rows, int row, const std::string& type, const std::string& id)
{
    return StoredResource{type,
                          id,
                          std::stoi(std::string(rows.value(row, 0))),
                          std::string(rows.value(row, 1)),
                          rows.value(row, 2) == "t",
                          std::string(rows.value(row, 3)),
                          rows.isNull(row, 4) ? std::string() : std::string(rows.value(row, 4)),
                          rows.columns() > 5 ? std::string(rows.value(row, 5)) : std::string()};
}

/// The current version on `connection` (a pooled one, or a transaction's).
core::Result<StoredResource> readCurrent(PgConnection& connection, const std::string& type, const std::string& id)
{
    auto rows = connection.exec("SELECT version, " + instant("last_updated") +
                                    ", deleted, CASE WHEN deleted THEN 'DELETE' ELSE 'PUT' END, body, "
                                    "coalesce(owner, '') FROM resource WHERE type = $1 AND id = $2",
                                {type, id});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, label(type, id) + " is not known");
    StoredResource stored = storedFrom(*rows, 0, type, id);
    if (stored.deleted)
        return core::fail(ErrorCode::Gone, label(type, id) + " was deleted");
    return stored;
}

} // namespace

core::Result<StoredResource> PgResourceStore::read(const std::string& type, const std::string& id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    return readCurrent(**connection, type, id);
}

core::Result<std::string> PgResourceStore::owner(const std::string& type, const std::string& id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT coalesce(owner, '') FROM resource WHERE type = $1 AND id = $2", {type, id});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, label(type, id) + " is not known");
    return std::string(rows->value(0, 0));
}

core::Result<StoredResource> PgResourceStore::readVersion(const std::string& type, const std::string& id, int version)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT version, " + instant("last_updated") +
                                        ", deleted, method, body FROM resource_version "
                                        "WHERE type = $1 AND id = $2 AND version = $3",
                                    {type, id, std::to_string(version)});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, label(type, id) + " has no version " + std::to_string(version));
    StoredResource stored = storedFrom(*rows, 0, type, id);
    if (stored.deleted)
        return core::fail(ErrorCode::Gone, label(type, id) + " version " + std::to_string(version) + " is a delete");
    return stored;
}

namespace
{

/// The delete itself, inside a transaction.
core::Result<WriteOutcome> removeLocked(PgConnection& connection, const fhir::store::ResourceDelete& removal)
{
    const std::string& type = removal.type;
    const std::string& id = removal.id;
    const auto& expectedVersion = removal.expectedVersion;
    auto state = lockAndRead(connection, type, id);
    if (!state)
        return core::fail(state.error());
    if (!state->exists)
        return core::fail(ErrorCode::NotFound, label(type, id) + " is not known");
    if (removal.ownerOnly && !state->owner.empty() && state->owner != removal.owner)
        return core::fail(ErrorCode::Forbidden, label(type, id) + " belongs to another client");
    if (expectedVersion && (state->deleted || *expectedVersion != state->version))
        return core::fail(ErrorCode::PreconditionFailed, "If-Match does not name the current version of " + label(type, id));
    StoredResource stored{type, id, state->version, state->now, true, "DELETE", {}, state->owner};
    if (state->deleted)
        return WriteOutcome{stored, false, true};

    stored.version = state->version + 1;
    auto current = connection.exec("UPDATE resource SET version = $3, last_updated = $4::timestamptz, deleted = true, "
                                       "body = NULL WHERE type = $1 AND id = $2",
                                       {type, id, std::to_string(stored.version), state->now});
    if (!current)
        return core::fail(current.error());
    auto historyRow = connection.exec("INSERT INTO resource_version (type, id, version, last_updated, deleted, method) "
                                          "VALUES ($1, $2, $3, $4::timestamptz, true, 'DELETE')",
                                          {type, id, std::to_string(stored.version), state->now});
    if (!historyRow)
        return core::fail(historyRow.error());
    if (auto cleared = replaceIndex(connection, type, id, {}); !cleared)
        return core::fail(cleared.error());
    if (type == "Slot")
        if (auto typed = replaceSlotRow(connection, id, {}, nullptr); !typed)
            return core::fail(typed.error());
    return WriteOutcome{stored, false};
}

/// Locks a condition for the rest of the transaction and lists the live resources matching it.
/// The audit event of a stored version: create, update or delete of type/id/version.
core::AuditRecord auditOf(const core::AuditAgent& agent, const StoredResource& stored, bool created)
{
    core::AuditRecord record;
    record.agent = agent;
    record.action = stored.deleted ? "D" : (created ? "C" : "U");
    record.subtype = stored.deleted ? "delete" : (created ? "create" : "update");
    record.entityType = stored.type;
    record.entityId = stored.id;
    record.entityVersion = stored.version;
    return record;
}

core::Result<std::vector<std::string>> findLocked(PgConnection& connection, const std::string& type,
                                                  const fhir::store::TokenCondition& condition)
{
    // Two requests with the same condition queue here, so the second sees the first's result.
    auto locked = connection.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                                  {"condition:" + type + "?" + condition.parameter + "=" + condition.system + "|" +
                                   condition.code});
    if (!locked)
        return core::fail(locked.error());
    auto matches = connection.exec("SELECT DISTINCT id FROM search_token WHERE type = $1 AND param = $2 AND code = $3 "
                                   "AND ($4 = '' OR system = $4) ORDER BY id LIMIT 2",
                                   {type, condition.parameter, condition.code, condition.system});
    if (!matches)
        return core::fail(matches.error());
    std::vector<std::string> ids;
    for (int row = 0; row < matches->rows(); ++row)
        ids.emplace_back(matches->value(row, 0));
    return ids;
}

class PgStoreTransaction final : public fhir::store::StoreTransaction
{
public:
    PgStoreTransaction(PooledConnection connection, PgWriteHook* hook)
        : _connection(std::move(connection)), _transaction(*_connection), _hook(hook)
    {
    }

    bool begun() const { return _transaction.begun(); }
    const core::Error& beginError() const { return _transaction.beginError(); }

    core::Result<std::vector<std::string>> findByToken(const std::string& type,
                                                       const fhir::store::TokenCondition& condition) override
    {
        return findLocked(*_connection, type, condition);
    }
    core::Result<WriteOutcome> write(const ResourceWrite& write) override
    {
        auto state = lockAndRead(*_connection, write.type, write.id);
        if (!state)
            return core::fail(state.error());
        auto outcome = writeLocked(*_connection, write, *state);
        if (outcome && !write.agent.kind.empty())
            if (auto audited = appendAuditEvent(*_connection, auditOf(write.agent, outcome->stored, outcome->created));
                !audited)
                return core::fail(audited.error());
        if (outcome && _hook)
        {
            if (auto hooked = _hook->afterWrite(*_connection, write, *outcome); !hooked)
                return core::fail(hooked.error());
            _hooked = true;
        }
        return outcome;
    }
    core::Result<WriteOutcome> remove(const fhir::store::ResourceDelete& removal) override
    {
        auto outcome = removeLocked(*_connection, removal);
        if (outcome && !outcome->unchanged && !removal.agent.kind.empty())
            if (auto audited = appendAuditEvent(*_connection, auditOf(removal.agent, outcome->stored, false)); !audited)
                return core::fail(audited.error());
        if (outcome && _hook)
        {
            if (auto hooked = _hook->afterDelete(*_connection, removal, *outcome); !hooked)
                return core::fail(hooked.error());
            _hooked = true;
        }
        return outcome;
    }
    core::Result<StoredResource> read(const std::string& type, const std::string& id) override
    {
        return readCurrent(*_connection, type, id);
    }
    core::Status commit() override
    {
        auto committed = _transaction.commit();
        if (committed && _hooked)
            _hook->afterCommit();
        return committed;
    }

private:
    PooledConnection _connection;
    PgTransaction _transaction;
    PgWriteHook* _hook;
    bool _hooked = false;
};

} // namespace

core::Result<std::unique_ptr<fhir::store::StoreTransaction>> PgResourceStore::begin()
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto transaction = std::make_unique<PgStoreTransaction>(std::move(*connection), _hook);
    if (!transaction->begun())
        return core::fail(transaction->beginError());
    return std::unique_ptr<fhir::store::StoreTransaction>(std::move(transaction));
}

core::Result<WriteOutcome> PgResourceStore::remove(const fhir::store::ResourceDelete& removal)
{
    auto unit = begin();
    if (!unit)
        return core::fail(unit.error());
    auto outcome = (*unit)->remove(removal);
    if (!outcome)
        return outcome;
    if (auto committed = (*unit)->commit(); !committed)
        return core::fail(committed.error());
    return outcome;
}

core::Result<fhir::store::HistoryPage> PgResourceStore::history(const std::string& type, const std::string& id,
                                                                int count, int offset)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    std::string where = "true";
    std::vector<PgParam> params;
    if (!type.empty())
    {
        params.push_back(type);
        where = "type = $1";
        if (!id.empty())
        {
            params.push_back(id);
            where += " AND id = $2";
        }
    }
    auto total = (*connection)->exec("SELECT count(*) FROM resource_version WHERE " + where, params);
    if (!total)
        return core::fail(total.error());
    params.push_back(std::to_string(count));
    params.push_back(std::to_string(offset));
    const std::string limits = " LIMIT $" + std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
    auto rows = (*connection)->exec("SELECT version, " + instant("last_updated") +
                                        ", deleted, method, body, '' AS owner, type, id FROM resource_version WHERE " + where +
                                        " ORDER BY last_updated DESC, type, id, version DESC" + limits,
                                    params);
    if (!rows)
        return core::fail(rows.error());
    fhir::store::HistoryPage page;
    page.total = std::stol(std::string(total->value(0, 0)));
    for (int row = 0; row < rows->rows(); ++row)
        page.versions.push_back(storedFrom(*rows, row, std::string(rows->value(row, 6)), std::string(rows->value(row, 7))));
    return page;
}

core::Result<WriteOutcome> PgResourceStore::write(const ResourceWrite& write)
{
    auto unit = begin();
    if (!unit)
        return core::fail(unit.error());
    auto outcome = (*unit)->write(write);
    if (!outcome)
        return outcome;
    if (auto committed = (*unit)->commit(); !committed)
        return core::fail(committed.error());
    return outcome;
}

core::Result<WriteOutcome> PgResourceStore::writeConditional(const fhir::store::ConditionalWrite& conditional)
{
    auto unit = begin();
    if (!unit)
        return core::fail(unit.error());
    auto matches = (*unit)->findByToken(conditional.write.type, conditional.condition);
    if (!matches)
        return core::fail(matches.error());
    if (matches->size() > 1)
        return core::fail(ErrorCode::PreconditionFailed,
                          "the condition matches several " + conditional.write.type + " resources");

    ResourceWrite target = conditional.write;
    if (matches->size() == 1)
    {
        target.id = matches->front();
        target.createOnly = false;
        if (conditional.onMatch == fhir::store::OnMatch::ReturnExisting)
        {
            unit->reset(); // nothing to write: end the transaction before reading the match
            auto existing = read(target.type, target.id);
            if (!existing)
                return core::fail(existing.error());
            if (target.ownerOnly && !existing->owner.empty() && existing->owner != target.owner)
                return core::fail(ErrorCode::Forbidden, label(target.type, target.id) + " belongs to another client");
            return WriteOutcome{std::move(*existing), false};
        }
    }
    auto outcome = (*unit)->write(target);
    if (!outcome)
        return outcome;
    if (auto committed = (*unit)->commit(); !committed)
        return core::fail(committed.error());
    return outcome;
}

} // namespace sas::adapters::postgres
