#include "tests/support/TestPostgres.h"

#include "tests/support/TestPaths.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sas::test
{

TestPostgres::TestPostgres() : _directory(makeWorkDirectory("pg"))
{
    adapters::postgres::EmbeddedPostgresConfig config;
    config.directory = _directory;
    config.database = "postgres";
    _cluster = std::make_unique<adapters::postgres::EmbeddedPostgres>(config);
    if (auto started = _cluster->start(); !started)
        throw std::runtime_error("test PostgreSQL did not start: " + started.error().message);
    _admin = _cluster->dsn();
    _socketDsnPrefix = "host=" + _directory + "/run user=sas";
}

void TestPostgres::stop()
{
    if (auto stopped = _cluster->stop(); !stopped)
        throw std::runtime_error("test PostgreSQL did not stop: " + stopped.error().message);
}

void TestPostgres::start()
{
    if (auto started = _cluster->start(); !started)
        throw std::runtime_error("test PostgreSQL did not restart: " + started.error().message);
}

TestPostgres::~TestPostgres()
{
    (void)_cluster->stop();
    removeWorkDirectory(_directory);
}

std::string TestPostgres::createDatabase(const std::string& name)
{
    auto admin = connect(_admin);
    if (auto dropped = admin->execScript("DROP DATABASE IF EXISTS \"" + name + "\""); !dropped)
        throw std::runtime_error(dropped.error().message);
    if (auto created = admin->execScript("CREATE DATABASE \"" + name + "\""); !created)
        throw std::runtime_error(created.error().message);
    return _socketDsnPrefix + " dbname=" + name;
}

std::unique_ptr<adapters::postgres::PgConnection> TestPostgres::connect(const std::string& dsn)
{
    auto connection = adapters::postgres::PgConnection::open(dsn, std::chrono::seconds(10));
    if (!connection)
        throw std::runtime_error(connection.error().message);
    return std::move(*connection);
}

} // namespace sas::test
