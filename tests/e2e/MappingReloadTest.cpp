// Issue 7, point 3: the mapping version in /ready and /metrics, and SIGHUP reloading the mapping directory of the
// real binary — a set with a problem refused and the one in force kept, a good set taken.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpsClient;

namespace
{

std::string readyVersion(const GatewayProcess& gateway)
{
    auto ready = HttpsClient(gateway.port(), ClientTls{}).get("/ready");
    EXPECT_EQ(ready.status, 200) << ready.body;
    Poco::JSON::Parser parser;
    return parser.parse(ready.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("mappingVersion");
}

/// Polls /ready until the version differs from `old` (a reload is asynchronous to the signal).
std::string versionAfterReload(const GatewayProcess& gateway, const std::string& old)
{
    for (int i = 0; i < 50; ++i)
    {
        const std::string version = readyVersion(gateway);
        if (version != old)
            return version;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return old;
}

} // namespace

TEST(MappingReload, SighupRefusesABrokenSetAndTakesAGoodOne)
{
    const auto root = std::filesystem::path(sas::test::makeWorkDirectory("sighup-mapping")) / "mapping";
    std::filesystem::copy(SAS_SOURCE_DIR "/mapping", root, std::filesystem::copy_options::recursive);
    GatewayProcess gateway(sas::test::GatewayOptions{{"mapping.directory=" + root.string()}, ""});
    gateway.start();

    const std::string first = readyVersion(gateway);
    ASSERT_EQ(first.size(), 12u) << first;
    auto metrics = HttpsClient(gateway.port(), ClientTls{"admin"}).get("/metrics");
    EXPECT_NE(metrics.body.find("sas_mapping_info{version=\"" + first + "\"} 1"), std::string::npos) << metrics.body;

    // A broken file: refused, the set in force stays, the process keeps serving.
    std::ofstream(root / "territories" / "broken.xml") << "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"x\">";
    gateway.signal(SIGHUP);
    for (int i = 0; i < 50 && gateway.log().find("stays in force") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_NE(gateway.log().find("broken.xml"), std::string::npos) << gateway.log();
    EXPECT_TRUE(gateway.running());
    EXPECT_EQ(readyVersion(gateway), first);

    // A good change: taken.
    std::filesystem::remove(root / "territories" / "broken.xml");
    std::ofstream(root / "territories" / "landes.xml")
        << R"(<?xml version="1.0" encoding="UTF-8"?>
<territory xmlns="urn:sas-gateway:mapping:1" id="landes" name="SAS Landes">
  <departement code="40"/>
  <lrm origin="SAMU40-LRM" dialect="exos" hubRecipient="fr.health.samu400" environment="production"/>
</territory>
)";
    gateway.signal(SIGHUP);
    const std::string second = versionAfterReload(gateway, first);
    EXPECT_NE(second, first);
    auto call = HttpsClient(gateway.port(), ClientTls{"lrm-demo"}).get("/sas/recherche?origin=SAMU40-LRM&inseecode=40192");
    EXPECT_EQ(call.status, 200) << call.body;
    metrics = HttpsClient(gateway.port(), ClientTls{"admin"}).get("/metrics");
    EXPECT_NE(metrics.body.find("sas_mapping_info{version=\"" + second + "\"} 1"), std::string::npos);

    gateway.signal(SIGTERM);
    EXPECT_EQ(gateway.waitForExit(std::chrono::seconds(30)), 0);
}
