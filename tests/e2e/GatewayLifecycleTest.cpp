// The real binary's life cycle: configuration errors, migrations, a too-new schema, graceful stop.
#include "adapters/postgres/PgConnection.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPostgres.h"

#include <Poco/Exception.h>

#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpsClient;

TEST(GatewayConfiguration, AValidConfigurationChecksOut)
{
    GatewayProcess gateway;
    auto outcome = gateway.runCommand({"check-config"});
    EXPECT_EQ(outcome.exitCode, 0) << outcome.output;
    EXPECT_NE(outcome.output.find("5 client identities"), std::string::npos) << outcome.output;
}

TEST(GatewayConfiguration, AnInvalidKeyStopsStartUpWithExit78NamingTheKey)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"server.https.port=abc", "server.https.port"},
        {"server.https.port=70000", "server.https.port"},
        {"tls.caFile=/nonexistent/ca.pem", "tls.caFile"},
        {"auth.identity.vendor-demo.kind=robot", "auth.identity.vendor-demo.kind"},
        {"server.threads=", "server.threads"},
    };
    for (const auto& [setting, key] : cases)
    {
        for (const char* command : {"check-config", "serve"})
        {
            GatewayProcess gateway(GatewayOptions{{setting}, ""});
            auto outcome = gateway.runCommand({command});
            EXPECT_EQ(outcome.exitCode, 78) << command << " with " << setting << ":\n" << outcome.output;
            EXPECT_NE(outcome.output.find("'" + key + "'"), std::string::npos) << outcome.output;
        }
    }
}

TEST(GatewayConfiguration, AMissingOverlayFileIsAConfigurationError)
{
    GatewayProcess gateway;
    auto outcome = gateway.runCommand({"check-config", "--config-file", "/nonexistent/overlay.properties"});
    EXPECT_EQ(outcome.exitCode, 78) << outcome.output;
    EXPECT_NE(outcome.output.find("/nonexistent/overlay.properties"), std::string::npos) << outcome.output;
}

TEST(GatewayConfiguration, AnUnknownCommandIsAUsageError)
{
    GatewayProcess gateway;
    auto outcome = gateway.runCommand({"launch-rockets"});
    EXPECT_EQ(outcome.exitCode, 64) << outcome.output;
}

TEST(GatewaySchema, MigrateIsIdempotentAndANewerSchemaRefusesToStart)
{
    sas::test::TestPostgres postgres;
    const std::string dsn = postgres.createDatabase("schema_e2e");
    GatewayProcess gateway(GatewayOptions{{}, dsn});

    auto first = gateway.runCommand({"migrate"});
    ASSERT_EQ(first.exitCode, 0) << first.output;
    auto second = gateway.runCommand({"migrate"});
    ASSERT_EQ(second.exitCode, 0) << second.output;
    EXPECT_NE(second.output.find("applied 0 migrations"), std::string::npos) << second.output;

    auto connection = postgres.connect(dsn);
    ASSERT_TRUE(connection->exec("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')"));

    auto refused = gateway.runCommand({"serve"});
    EXPECT_EQ(refused.exitCode, 65) << refused.output;
    EXPECT_NE(refused.output.find("version 9999"), std::string::npos) << refused.output;
    EXPECT_NE(refused.output.find("newer sas-gateway"), std::string::npos) << refused.output;
}

TEST(GatewayShutdown, SigtermLetsAnInFlightRequestFinishThenExitsZero)
{
    GatewayProcess gateway;
    gateway.start();

    // Hold a lock that /ready's schema query must wait for: a real slow request, no test hook.
    auto blocker = sas::adapters::postgres::PgConnection::open(gateway.embeddedDsn(), std::chrono::seconds(10));
    ASSERT_TRUE(blocker) << blocker.error().message;
    ASSERT_TRUE((*blocker)->execScript("BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE"));

    auto inFlight = std::async(std::launch::async, [&gateway] {
        return HttpsClient(gateway.port(), ClientTls{}).get("/ready");
    });

    // Watch from another connection: inside the blocker's transaction pg_stat_activity is a snapshot.
    auto observer = sas::adapters::postgres::PgConnection::open(gateway.embeddedDsn(), std::chrono::seconds(10));
    ASSERT_TRUE(observer) << observer.error().message;
    bool waiting = false;
    for (int attempt = 0; attempt < 200 && !waiting; ++attempt)
    {
        auto rows = (*observer)->exec("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                     "AND query LIKE '%schema_migrations%'");
        waiting = rows && rows->value(0, 0) != "0";
        if (!waiting)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(waiting) << "the /ready request never reached the database:\n" << gateway.log();

    gateway.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_TRUE(gateway.running()) << "the gateway exited with a request in flight:\n" << gateway.log();
    EXPECT_THROW(HttpsClient(gateway.port(), ClientTls{}).get("/health"), Poco::Exception)
        << "a new connection was accepted after SIGTERM";

    ASSERT_TRUE((*blocker)->execScript("COMMIT"));
    blocker->reset();
    auto response = inFlight.get();
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(gateway.waitForExit(std::chrono::seconds(30)), 0) << gateway.log();
}

TEST(GatewayReadiness, ReadyIs503WhileTheDatabaseIsDownOrBehindAndRecovers)
{
    sas::test::TestPostgres postgres;
    const std::string dsn = postgres.createDatabase("ready_e2e");
    GatewayProcess gateway(GatewayOptions{{}, dsn});
    gateway.start();
    HttpsClient probe(gateway.port(), ClientTls{});
    ASSERT_EQ(probe.get("/ready").status, 200);

    postgres.stop();
    auto down = probe.get("/ready");
    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_NE(down.body.find("\"transient\""), std::string::npos) << down.body;
    EXPECT_EQ(probe.get("/health").status, 200) << "liveness must not depend on the database";

    postgres.start();
    EXPECT_EQ(probe.get("/ready").status, 200) << "the pool must reconnect by itself";

    // A schema behind the binary (e.g. a restored backup) is not ready either.
    auto connection = postgres.connect(dsn);
    ASSERT_TRUE(connection->exec("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)"));
    auto behind = probe.get("/ready");
    EXPECT_EQ(behind.status, 503) << behind.body;
}
