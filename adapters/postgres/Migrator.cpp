#include "adapters/postgres/Migrator.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

namespace sas::adapters::postgres
{
namespace
{

using core::ErrorCode;

/// Arbitrary constant shared by every gateway node: the advisory lock that serialises migrations.
constexpr const char* MIGRATION_LOCK_KEY = "7215004913";

constexpr const char* CREATE_TABLE = R"(CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()))";

core::Error tooNew(int databaseVersion, int binaryVersion)
{
    return core::makeError(ErrorCode::Conflict,
                           "the database schema is at version " + std::to_string(databaseVersion) +
                               " but this binary knows versions up to " + std::to_string(binaryVersion) +
                               ": run a newer sas-gateway (refusing to start)");
}

} // namespace

Migrator::Migrator(std::vector<Migration> migrations) : _migrations(std::move(migrations))
{
    std::sort(_migrations.begin(), _migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

int Migrator::latestVersion() const
{
    return _migrations.empty() ? 0 : _migrations.back().version;
}

std::string Migrator::checksum(const std::string& sql)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : sql)
    {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

core::Result<SchemaState> Migrator::inspect(PgConnection& connection) const
{
    SchemaState state{0, latestVersion()};
    auto exists = connection.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists)
        return core::fail(exists.error());
    if (exists->value(0, 0) != "t")
        return state;
    auto max = connection.exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!max)
        return core::fail(max.error());
    state.databaseVersion = std::stoi(std::string(max->value(0, 0)));
    return state;
}

core::Result<MigrationReport> Migrator::migrate(PgConnection& connection) const
{
    if (auto begun = connection.execScript("BEGIN"); !begun)
        return core::fail(begun.error());
    auto rollback = [&connection](core::Error error) -> core::Result<MigrationReport> {
        (void)connection.execScript("ROLLBACK");
        return core::fail(std::move(error));
    };

    if (auto locked = connection.exec(std::string("SELECT pg_advisory_xact_lock(") + MIGRATION_LOCK_KEY + ")"); !locked)
        return rollback(locked.error());
    if (auto created = connection.execScript(CREATE_TABLE); !created)
        return rollback(created.error());

    auto applied = connection.exec("SELECT version, checksum FROM schema_migrations ORDER BY version");
    if (!applied)
        return rollback(applied.error());
    std::map<int, std::string> recorded;
    for (int row = 0; row < applied->rows(); ++row)
        recorded[std::stoi(std::string(applied->value(row, 0)))] = std::string(applied->value(row, 1));

    MigrationReport report;
    report.fromVersion = recorded.empty() ? 0 : recorded.rbegin()->first;
    if (report.fromVersion > latestVersion())
        return rollback(tooNew(report.fromVersion, latestVersion()));

    for (const auto& migration : _migrations)
    {
        const std::string sum = checksum(migration.sql);
        if (auto found = recorded.find(migration.version); found != recorded.end())
        {
            if (found->second != sum)
                return rollback(core::makeError(ErrorCode::Conflict,
                                                "migration " + std::to_string(migration.version) + " (" +
                                                    migration.name +
                                                    ") differs from the one applied to this database"));
            continue;
        }
        if (auto run = connection.execScript(migration.sql); !run)
        {
            core::Error error = run.error();
            error.message = "migration " + std::to_string(migration.version) + " (" + migration.name + "): " +
                            error.message;
            return rollback(std::move(error));
        }
        auto record = connection.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                      {std::to_string(migration.version), migration.name, sum});
        if (!record)
            return rollback(record.error());
        report.applied.push_back(migration.version);
    }

    if (auto committed = connection.execScript("COMMIT"); !committed)
        return core::fail(committed.error());
    report.toVersion = std::max(report.fromVersion, latestVersion());
    return report;
}

} // namespace sas::adapters::postgres
