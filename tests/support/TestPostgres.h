#pragma once

#include "adapters/postgres/EmbeddedPostgres.h"
#include "adapters/postgres/PgConnection.h"

#include <memory>
#include <string>

namespace sas::test
{

/// A throwaway PostgreSQL cluster for one test suite, made with the project's own
/// EmbeddedPostgres under test-work/ and stopped when destroyed. createDatabase() gives each test
/// its own empty database.
class TestPostgres
{
public:
    TestPostgres();
    ~TestPostgres();

    /// Creates an empty database and returns its DSN.
    std::string createDatabase(const std::string& name);
    std::unique_ptr<adapters::postgres::PgConnection> connect(const std::string& dsn);

    /// Stops and restarts the cluster (fast shutdown drops every connection).
    void stop();
    void start();

    /// DSN of the cluster's maintenance database.
    std::string adminDsn() const { return _admin; }

private:
    std::string _directory;
    std::unique_ptr<adapters::postgres::EmbeddedPostgres> _cluster;
    std::string _admin;
    std::string _socketDsnPrefix;
};

} // namespace sas::test
