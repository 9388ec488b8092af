#include "adapters/postgres/PgResourceStore.h"

namespace sas::adapters::postgres
{

using core::ErrorCode;

core::Result<core::StoredResource> PgResourceStore::read(const std::string& type, const std::string& id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(
        "SELECT version, to_char(last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), deleted, body "
        "FROM resource WHERE type = $1 AND id = $2",
        {type, id});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return core::fail(ErrorCode::NotFound, type + "/" + id + " is not known");
    core::StoredResource stored{type, id, std::stoi(std::string(rows->value(0, 0))), std::string(rows->value(0, 1)),
                                rows->value(0, 2) == "t", rows->isNull(0, 3) ? "" : std::string(rows->value(0, 3))};
    if (stored.deleted)
        return core::fail(ErrorCode::Gone, type + "/" + id + " was deleted");
    return stored;
}

core::Result<core::StoredResource> PgResourceStore::create(const core::StoredResource& resource, const std::string& owner)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    // One statement writes both tables, so a crash can never leave one without the other.
    auto written = (*connection)->exec(
        "WITH current AS ("
        "  INSERT INTO resource (type, id, version, last_updated, owner, body) "
        "  VALUES ($1, $2, 1, $3::timestamptz, NULLIF($4, ''), $5) ON CONFLICT DO NOTHING RETURNING type) "
        "INSERT INTO resource_version (type, id, version, last_updated, method, body) "
        "SELECT $1, $2, 1, $3::timestamptz, 'POST', $5 FROM current",
        {resource.type, resource.id, resource.lastUpdated, owner, resource.json});
    if (!written)
        return core::fail(written.error());
    if (written->affectedRows() == 0)
        return core::fail(ErrorCode::Conflict, resource.type + "/" + resource.id + " already exists");
    core::StoredResource stored = resource;
    stored.version = 1;
    return stored;
}

} // namespace sas::adapters::postgres
