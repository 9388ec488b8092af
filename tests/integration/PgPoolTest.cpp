#include "adapters/postgres/PgPool.h"
#include "tests/support/TestPostgres.h"

#include <gtest/gtest.h>

#include <thread>

using sas::adapters::postgres::PgPool;
using sas::adapters::postgres::PgPoolConfig;
using sas::core::ErrorCode;

namespace
{

class PgPoolTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        postgres = new sas::test::TestPostgres();
        dsn = postgres->createDatabase("pool");
    }
    static void TearDownTestSuite()
    {
        delete postgres;
        postgres = nullptr;
    }

    static sas::test::TestPostgres* postgres;
    static std::string dsn;
};

sas::test::TestPostgres* PgPoolTest::postgres = nullptr;
std::string PgPoolTest::dsn;

} // namespace

TEST_F(PgPoolTest, ReusesConnectionsAndGivesUpWhenAllAreBusy)
{
    PgPool pool(PgPoolConfig{dsn, 2, std::chrono::milliseconds(200), std::chrono::seconds(5), std::chrono::milliseconds(5000)});
    {
        auto first = pool.acquire();
        auto second = pool.acquire();
        ASSERT_TRUE(first && second);
        EXPECT_EQ(pool.busy(), 2);
        auto third = pool.acquire();
        ASSERT_FALSE(third);
        EXPECT_EQ(third.error().code, ErrorCode::Unavailable);
        EXPECT_EQ(pool.timeouts(), 1u);
    }
    EXPECT_EQ(pool.busy(), 0);
    EXPECT_EQ(pool.open(), 2);
    auto again = pool.acquire();
    ASSERT_TRUE(again);
    EXPECT_EQ(pool.open(), 2); // reused, not reopened
}

TEST_F(PgPoolTest, AppliesTheStatementTimeout)
{
    PgPool pool(PgPoolConfig{dsn, 1, std::chrono::milliseconds(1000), std::chrono::seconds(5), std::chrono::milliseconds(100)});
    auto connection = pool.acquire();
    ASSERT_TRUE(connection);
    auto slow = (*connection)->exec("SELECT pg_sleep(2)");
    ASSERT_FALSE(slow);
    EXPECT_EQ(slow.error().code, ErrorCode::Unavailable);
    EXPECT_NE(slow.error().message.find("57014"), std::string::npos) << slow.error().message;
}

TEST_F(PgPoolTest, DropsAConnectionReturnedInsideATransaction)
{
    PgPool pool(PgPoolConfig{dsn, 1, std::chrono::milliseconds(1000), std::chrono::seconds(5), std::chrono::milliseconds(5000)});
    {
        auto connection = pool.acquire();
        ASSERT_TRUE(connection);
        ASSERT_TRUE((*connection)->execScript("BEGIN"));
    }
    EXPECT_EQ(pool.open(), 0);
    auto fresh = pool.acquire();
    ASSERT_TRUE(fresh);
    auto status = (*fresh)->exec("SELECT 1");
    EXPECT_TRUE(status);
}

TEST_F(PgPoolTest, MapsUniqueViolationsToConflict)
{
    PgPool pool(PgPoolConfig{dsn, 1, std::chrono::milliseconds(1000), std::chrono::seconds(5), std::chrono::milliseconds(5000)});
    auto connection = pool.acquire();
    ASSERT_TRUE(connection);
    ASSERT_TRUE((*connection)->execScript("CREATE TABLE IF NOT EXISTS u (k int PRIMARY KEY); TRUNCATE u"));
    ASSERT_TRUE((*connection)->exec("INSERT INTO u VALUES ($1)", {"1"}));
    auto duplicate = (*connection)->exec("INSERT INTO u VALUES ($1)", {"1"});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::Conflict);
}

TEST(PgPoolOffline, AnswersUnavailableWhenTheDatabaseIsUnreachable)
{
    sas::adapters::postgres::PgPoolConfig config;
    config.dsn = "host=/nonexistent/socket/dir dbname=x";
    config.size = 1;
    sas::adapters::postgres::PgPool pool(config);
    auto connection = pool.acquire();
    ASSERT_FALSE(connection);
    EXPECT_EQ(connection.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(pool.open(), 0);
}

TEST_F(PgPoolTest, ServerClosedConnectionsAreReplacedBeforeUse)
{
    PgPool pool(PgPoolConfig{dsn, 3, std::chrono::milliseconds(1000), std::chrono::seconds(5), std::chrono::milliseconds(5000)});
    {
        auto a = pool.acquire();
        auto b = pool.acquire();
        ASSERT_TRUE(a && b);
    }
    ASSERT_EQ(pool.open(), 2);

    // What a restart or a failover does to every idle connection.
    auto admin = postgres->connect(dsn);
    ASSERT_TRUE(admin->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));

    for (int i = 0; i < 3; ++i)
    {
        auto connection = pool.acquire();
        ASSERT_TRUE(connection);
        auto rows = (*connection)->exec("SELECT 1");
        EXPECT_TRUE(rows) << "request " << i << " got a dead connection: " << (rows ? "" : rows.error().message);
    }
}
