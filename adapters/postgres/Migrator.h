#pragma once

#include "adapters/postgres/PgConnection.h"

#include <string>
#include <vector>

namespace sas::adapters::postgres
{

/// One versioned schema change, compiled into the binary from migrations/NNNN_name.sql.
struct Migration
{
    int version;
    std::string name;
    std::string sql;
};

/// The migrations of this build, in version order.
const std::vector<Migration>& builtInMigrations();

/// What migrate() did.
struct MigrationReport
{
    int fromVersion = 0;
    int toVersion = 0;
    std::vector<int> applied;
};

/// Where a database stands relative to the binary.
struct SchemaState
{
    int databaseVersion = 0; ///< highest recorded migration, 0 for an empty database
    int binaryVersion = 0;   ///< highest migration this binary knows
    bool current() const { return databaseVersion == binaryVersion; }
};

/// Applies migrations in order, each recorded in `schema_migrations` with a checksum, all under a
/// transaction-scoped advisory lock so nodes starting together do not race. Refuses (Conflict) a
/// database whose version is newer than the binary's or whose applied migration differs from the
/// binary's copy. Running it twice is a no-op.
class Migrator
{
public:
    explicit Migrator(std::vector<Migration> migrations);

    core::Result<MigrationReport> migrate(PgConnection& connection) const;
    core::Result<SchemaState> inspect(PgConnection& connection) const;

    int latestVersion() const;

    /// Stable checksum of a migration's SQL (FNV-1a 64, hex): detects edited migrations.
    static std::string checksum(const std::string& sql);

private:
    std::vector<Migration> _migrations;
};

} // namespace sas::adapters::postgres
