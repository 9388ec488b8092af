#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgPool.h"
#include "tests/support/TestPostgres.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

using sas::adapters::postgres::builtInMigrations;
using sas::adapters::postgres::Migration;
using sas::adapters::postgres::Migrator;
using sas::adapters::postgres::PgConnection;
using sas::core::ErrorCode;

namespace
{

class MigratorTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { postgres = new sas::test::TestPostgres(); }
    static void TearDownTestSuite()
    {
        delete postgres;
        postgres = nullptr;
    }

    void SetUp() override
    {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        connection = postgres->connect(postgres->createDatabase(std::string("m_") + info->name()));
    }

    long count(const std::string& sql)
    {
        auto result = connection->exec(sql);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? std::stol(std::string(result->value(0, 0))) : -1;
    }

    static sas::test::TestPostgres* postgres;
    std::unique_ptr<PgConnection> connection;
};

sas::test::TestPostgres* MigratorTest::postgres = nullptr;

std::vector<Migration> twoSteps()
{
    return {{1, "first", "CREATE TABLE a (x int);"}, {2, "second", "CREATE TABLE b (y int); INSERT INTO b VALUES (1);"}};
}

} // namespace

TEST_F(MigratorTest, AppliesEveryBuiltInMigrationToAnEmptyDatabase)
{
    Migrator migrator(builtInMigrations());
    auto report = migrator.migrate(*connection);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fromVersion, 0);
    EXPECT_EQ(report->toVersion, migrator.latestVersion());
    EXPECT_EQ(report->applied.size(), builtInMigrations().size());
    EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), static_cast<long>(builtInMigrations().size()));
    EXPECT_EQ(count("SELECT count(*) FROM resource"), 0); // the resource store exists

    auto state = migrator.inspect(*connection);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->current());
}

TEST_F(MigratorTest, RunningTwiceIsANoOp)
{
    Migrator migrator(twoSteps());
    ASSERT_TRUE(migrator.migrate(*connection));
    auto again = migrator.migrate(*connection);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->applied.empty());
    EXPECT_EQ(again->fromVersion, 2);
    EXPECT_EQ(count("SELECT count(*) FROM b"), 1); // the INSERT did not run twice
}

TEST_F(MigratorTest, AppliesOnlyTheMissingMigrations)
{
    auto steps = twoSteps();
    ASSERT_TRUE(Migrator({steps[0]}).migrate(*connection));
    auto report = Migrator(steps).migrate(*connection);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->applied, std::vector<int>{2});
}

TEST_F(MigratorTest, RefusesADatabaseNewerThanTheBinary)
{
    ASSERT_TRUE(Migrator(twoSteps()).migrate(*connection));
    auto older = Migrator({twoSteps()[0]});
    auto report = older.migrate(*connection);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::Conflict);
    EXPECT_NE(report.error().message.find("version 2"), std::string::npos) << report.error().message;

    auto state = older.inspect(*connection);
    ASSERT_TRUE(state);
    EXPECT_FALSE(state->current());
}

TEST_F(MigratorTest, RefusesAMigrationEditedAfterItWasApplied)
{
    ASSERT_TRUE(Migrator(twoSteps()).migrate(*connection));
    auto edited = twoSteps();
    edited[0].sql = "CREATE TABLE a (x bigint);";
    auto report = Migrator(edited).migrate(*connection);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::Conflict);
}

TEST_F(MigratorTest, AFailingMigrationLeavesNothingBehind)
{
    std::vector<Migration> broken{{1, "good", "CREATE TABLE ok (x int);"}, {2, "bad", "CREATE TABLE oops (x nosuchtype);"}};
    auto report = Migrator(broken).migrate(*connection);
    ASSERT_FALSE(report);
    EXPECT_NE(report.error().message.find("migration 2 (bad)"), std::string::npos) << report.error().message;
    EXPECT_EQ(count("SELECT count(*) FROM pg_tables WHERE tablename IN ('ok', 'schema_migrations')"), 0);
}

TEST_F(MigratorTest, ConcurrentMigratorsApplyEachMigrationOnce)
{
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string dsn = postgres->createDatabase(std::string("m_") + info->name() + "_shared");
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            auto own = postgres->connect(dsn);
            if (!Migrator(twoSteps()).migrate(*own))
                ++failures;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    auto check = postgres->connect(dsn);
    auto rows = check->exec("SELECT count(*) FROM b");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->value(0, 0), "1");
}
