#include "app/GatewayConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

using sas::app::ConfigError;
using sas::app::GatewayConfig;
using sas::app::parseGatewayConfig;
using sas::core::IdentityKind;

namespace
{

/// A private temporary directory holding dummy certificate files, removed at the end.
class GatewayConfigTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "sas-config-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        _var = pattern;
        std::filesystem::create_directories(_var / "certs");
        for (const char* name : {"ca.pem", "server-chain.pem", "server.key", "crl.pem"})
            std::ofstream(_var / "certs" / name) << "dummy\n";
    }

    void TearDown() override
    {
        std::error_code ignored;
        std::filesystem::remove_all(_var, ignored);
    }

    std::string var() const { return _var.string(); }
    std::string cert(const char* name) const { return (_var / "certs" / name).string(); }

    /// The smallest configuration that parses.
    Poco::AutoPtr<Poco::Util::MapConfiguration> minimalConfig() const
    {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("paths.var", var());
        config->setString("tls.certificateFile", cert("server-chain.pem"));
        config->setString("tls.privateKeyFile", cert("server.key"));
        config->setString("tls.caFile", cert("ca.pem"));
        config->setString("validation.profileDirectory", std::string(SAS_SOURCE_DIR) + "/data/profiles");
        return config;
    }

    /// The key named by the ConfigError that parsing `config` throws, or a failure.
    static std::string failingKey(const Poco::Util::AbstractConfiguration& config)
    {
        try
        {
            parseGatewayConfig(config);
        }
        catch (const ConfigError& e)
        {
            EXPECT_NE(std::string(e.what()).find(e.key()), std::string::npos) << "the message names the key";
            return e.key();
        }
        catch (const std::exception& e)
        {
            return std::string("<not a ConfigError: ") + e.what() + ">";
        }
        return "<parsed without error>";
    }

    /// Adds one identity's keys.
    static void addIdentity(Poco::Util::MapConfiguration& config, const std::string& name, const std::string& kind,
                            const std::string& cn, const std::string& ou = {})
    {
        const std::string previous = config.getString("auth.identities", "");
        config.setString("auth.identities", previous.empty() ? name : previous + ", " + name);
        config.setString("auth.identity." + name + ".kind", kind);
        if (!cn.empty())
            config.setString("auth.identity." + name + ".cn", cn);
        if (!ou.empty())
            config.setString("auth.identity." + name + ".ou", ou);
    }

    std::filesystem::path _var;
};

} // namespace

TEST_F(GatewayConfigTest, MinimalConfigurationGetsTheDocumentedDefaults)
{
    const GatewayConfig config = parseGatewayConfig(*minimalConfig());

    EXPECT_EQ(config.varDirectory, var());
    EXPECT_EQ(config.server.bindAddress, "127.0.0.1");
    EXPECT_EQ(config.server.httpsPort, 8443);
    EXPECT_EQ(config.server.publicBaseUrl, "https://localhost:8443");
    EXPECT_EQ(config.server.threads, 64);
    EXPECT_EQ(config.server.maxQueued, 256);
    EXPECT_EQ(config.server.keepAliveTimeout, std::chrono::seconds(15));
    EXPECT_EQ(config.server.receiveTimeout, std::chrono::seconds(30));
    EXPECT_EQ(config.server.shutdownGrace, std::chrono::seconds(20));
    EXPECT_EQ(config.server.limits.maxBodyBytes, 16777216u);
    EXPECT_EQ(config.server.limits.clients.at(sas::core::IdentityKind::Vendor).maxConcurrent, 8);
    EXPECT_EQ(config.server.limits.clients.at(sas::core::IdentityKind::Lrm).requestsPerSecond, 100);
    EXPECT_EQ(config.tls.caFile, cert("ca.pem"));
    EXPECT_EQ(config.tls.certificateFile, cert("server-chain.pem"));
    EXPECT_EQ(config.tls.privateKeyFile, cert("server.key"));
    EXPECT_TRUE(config.tls.crlFiles.empty());
    EXPECT_FALSE(config.tls.cipherList.empty());
    EXPECT_TRUE(config.database.dsn.empty());
    EXPECT_EQ(config.database.pool.size, 16);
    EXPECT_EQ(config.database.pool.acquireTimeout, std::chrono::milliseconds(2000));
    EXPECT_EQ(config.database.pool.statementTimeout, std::chrono::milliseconds(10000));
    EXPECT_EQ(config.database.embedded.directory, var() + "/pg");
    EXPECT_EQ(config.database.embedded.database, "sas");
    EXPECT_TRUE(config.identities.empty());
}

TEST_F(GatewayConfigTest, PublicBaseUrlFollowsThePortAndLosesTrailingSlashes)
{
    auto config = minimalConfig();
    config->setString("server.https.port", "9443");
    EXPECT_EQ(parseGatewayConfig(*config).server.publicBaseUrl, "https://localhost:9443");

    config->setString("server.publicBaseUrl", "https://sas.example/fhir//");
    EXPECT_EQ(parseGatewayConfig(*config).server.publicBaseUrl, "https://sas.example/fhir");
}

TEST_F(GatewayConfigTest, ValuesAreTrimmed)
{
    auto config = minimalConfig();
    config->setString("server.https.port", " 9443 ");
    config->setString("tls.caFile", "  " + cert("ca.pem") + "  ");
    const GatewayConfig parsed = parseGatewayConfig(*config);
    EXPECT_EQ(parsed.server.httpsPort, 9443);
    EXPECT_EQ(parsed.tls.caFile, cert("ca.pem"));
}

TEST_F(GatewayConfigTest, IdentitiesAreParsedInOrder)
{
    auto config = minimalConfig();
    addIdentity(*config, "vendor-demo", "vendor", "vendor-demo", "vendor");
    addIdentity(*config, "lrm.75_1", "lrm", "lrm-75");
    addIdentity(*config, "admin", "admin", "admin", "ops");

    const GatewayConfig parsed = parseGatewayConfig(*config);
    ASSERT_EQ(parsed.identities.size(), 3u);
    EXPECT_EQ(parsed.identities[0].identityName, "vendor-demo");
    EXPECT_EQ(parsed.identities[0].kind, IdentityKind::Vendor);
    EXPECT_EQ(parsed.identities[0].commonName, "vendor-demo");
    EXPECT_EQ(parsed.identities[0].organizationalUnit, std::optional<std::string>("vendor"));
    EXPECT_EQ(parsed.identities[1].identityName, "lrm.75_1");
    EXPECT_EQ(parsed.identities[1].kind, IdentityKind::Lrm);
    EXPECT_FALSE(parsed.identities[1].organizationalUnit) << "no OU key: any OU matches";
    EXPECT_EQ(parsed.identities[2].kind, IdentityKind::Admin);
}

TEST_F(GatewayConfigTest, SameCommonNameWithDifferentUnitsIsAllowed)
{
    auto config = minimalConfig();
    addIdentity(*config, "a", "vendor", "shared", "unit-a");
    addIdentity(*config, "b", "vendor", "shared", "unit-b");
    EXPECT_EQ(parseGatewayConfig(*config).identities.size(), 2u);
}

TEST_F(GatewayConfigTest, CrlFilesAreAList)
{
    auto config = minimalConfig();
    config->setString("tls.crlFiles", cert("crl.pem") + " , " + cert("ca.pem") + ",");
    const GatewayConfig parsed = parseGatewayConfig(*config);
    EXPECT_EQ(parsed.tls.crlFiles, (std::vector<std::string>{cert("crl.pem"), cert("ca.pem")}));
}

TEST_F(GatewayConfigTest, InvalidValuesNameTheirKey)
{
    struct Case
    {
        const char* description;
        std::function<void(Poco::Util::MapConfiguration&)> change;
        std::string expectedKey;
    };
    const std::vector<Case> cases{
        {"port not a number", [](auto& c) { c.setString("server.https.port", "abc"); }, "server.https.port"},
        {"port above 65535", [](auto& c) { c.setString("server.https.port", "70000"); }, "server.https.port"},
        {"port zero", [](auto& c) { c.setString("server.https.port", "0"); }, "server.https.port"},
        {"port with garbage", [](auto& c) { c.setString("server.https.port", "8443x"); }, "server.https.port"},
        {"port empty", [](auto& c) { c.setString("server.https.port", ""); }, "server.https.port"},
        {"threads too few", [](auto& c) { c.setString("server.threads", "1"); }, "server.threads"},
        {"body limit too small", [](auto& c) { c.setString("server.maxBodyBytes", "10"); }, "server.maxBodyBytes"},
        {"pool size negative", [](auto& c) { c.setString("db.poolSize", "-1"); }, "db.poolSize"},
        {"a client may hold the whole pool", [](auto& c) { c.setString("limits.lrm.maxConcurrent", "16"); },
         "limits.lrm.maxConcurrent"},
        {"a client may hold every thread", [](auto& c) { c.setString("server.threads", "6"); },
         "limits.vendor.maxConcurrent"},
        {"rate not a number", [](auto& c) { c.setString("limits.vendor.requestsPerSecond", "fast"); },
         "limits.vendor.requestsPerSecond"},
        {"tls.caFile missing", [](auto& c) { c.remove("tls.caFile"); }, "tls.caFile"},
        {"tls.certificateFile missing", [](auto& c) { c.remove("tls.certificateFile"); }, "tls.certificateFile"},
        {"tls.privateKeyFile empty", [](auto& c) { c.setString("tls.privateKeyFile", " "); }, "tls.privateKeyFile"},
        {"tls.caFile points nowhere", [](auto& c) { c.setString("tls.caFile", "/nonexistent/ca.pem"); },
         "tls.caFile"},
        {"tls.caFile is a directory", [this](auto& c) { c.setString("tls.caFile", var()); }, "tls.caFile"},
        {"tls.crlFiles points nowhere",
         [this](auto& c) { c.setString("tls.crlFiles", cert("crl.pem") + ", /nonexistent/crl.pem"); },
         "tls.crlFiles"},
        {"kind not a kind",
         [](auto& c) {
             c.setString("auth.identities", "x");
             c.setString("auth.identity.x.kind", "robot");
             c.setString("auth.identity.x.cn", "x");
         },
         "auth.identity.x.kind"},
        {"kind missing",
         [](auto& c) {
             c.setString("auth.identities", "x");
             c.setString("auth.identity.x.cn", "x");
         },
         "auth.identity.x.kind"},
        {"identity without cn", [](auto& c) { addIdentity(c, "x", "vendor", ""); }, "auth.identity.x.cn"},
        {"duplicate subject",
         [](auto& c) {
             addIdentity(c, "first", "vendor", "same-cn", "ou");
             addIdentity(c, "second", "lrm", "same-cn", "ou");
         },
         "auth.identity.second.cn"},
        {"duplicate subject without OU",
         [](auto& c) {
             addIdentity(c, "first", "vendor", "same-cn");
             addIdentity(c, "second", "lrm", "same-cn");
         },
         "auth.identity.second.cn"},
        {"identity name with spaces",
         [](auto& c) {
             c.setString("auth.identities", "vendor demo");
             c.setString("auth.identity.vendor demo.kind", "vendor");
             c.setString("auth.identity.vendor demo.cn", "vendor-demo");
         },
         "auth.identities"},
        {"database name with a quote", [](auto& c) { c.setString("db.embedded.database", "sas\";drop"); },
         "db.embedded.database"},
        {"database name upper case", [](auto& c) { c.setString("db.embedded.database", "SAS"); },
         "db.embedded.database"},
        {"paths.var empty", [](auto& c) { c.setString("paths.var", ""); }, "paths.var"},
        {"paths.var missing", [](auto& c) { c.remove("paths.var"); }, "paths.var"},
    };

    for (const auto& testCase : cases)
    {
        SCOPED_TRACE(testCase.description);
        auto config = minimalConfig();
        testCase.change(*config);
        EXPECT_EQ(failingKey(*config), testCase.expectedKey);
    }
}

TEST_F(GatewayConfigTest, ShippedFilesParseWithTheDevIdentities)
{
    const std::filesystem::path source(SAS_SOURCE_DIR);
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    // As `sas-gateway --config-file config/sas-gateway.properties --config-file config/dev.properties
    // --set paths.var=...`: lower priority values are searched first, the later file wins at equal priority.
    config->add(new Poco::Util::PropertyFileConfiguration((source / "config/sas-gateway.properties").string()), 0);
    config->add(new Poco::Util::PropertyFileConfiguration((source / "config/dev.properties").string()), 0);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    overrides->setString("paths.var", var());
    overrides->setString("demo.directory", (source / "data/demo").string()); // relative to the repo root in dev.properties
    overrides->setString("validation.profileDirectory", (source / "data/profiles").string());
    overrides->setString("orientation.regulatorAccounts", (source / "data/demo/regulators.csv").string());
    config->add(overrides, -100);

    GatewayConfig parsed;
    try
    {
        parsed = parseGatewayConfig(*config);
    }
    catch (const ConfigError& e)
    {
        FAIL() << e.what();
    }

    EXPECT_EQ(parsed.server.httpsPort, 8443);
    EXPECT_EQ(parsed.tls.caFile, cert("ca.pem"));
    EXPECT_EQ(parsed.tls.certificateFile, cert("server-chain.pem"));
    EXPECT_EQ(parsed.tls.privateKeyFile, cert("server.key"));
    EXPECT_EQ(parsed.tls.crlFiles, std::vector<std::string>{cert("crl.pem")});
    EXPECT_EQ(parsed.database.embedded.directory, var() + "/pg");
    EXPECT_EQ(parsed.hub.vendorSystems.at("vendor-demo"), std::vector<std::string>{"urn:oid:1.1.111.1.11.1.1.1"});
    EXPECT_EQ(parsed.hub.routing.recipientsByTerritory.at("33"), std::vector<std::string>{"fr.health.samu330"});
    ASSERT_EQ(parsed.identities.size(), 5u);
    EXPECT_EQ(parsed.identities[0].identityName, "vendor-demo");
    EXPECT_EQ(parsed.identities[0].kind, IdentityKind::Vendor);
    EXPECT_EQ(parsed.identities[1].identityName, "lrm-demo");
    EXPECT_EQ(parsed.identities[1].kind, IdentityKind::Lrm);
    EXPECT_EQ(parsed.identities[2].identityName, "admin");
    EXPECT_EQ(parsed.identities[2].kind, IdentityKind::Admin);
    EXPECT_EQ(parsed.identities[3].kind, IdentityKind::Practitioner);
    EXPECT_EQ(parsed.identities[4].kind, IdentityKind::StructureManager);
    for (const auto& identity : parsed.identities)
        EXPECT_TRUE(identity.organizationalUnit) << identity.identityName << " is pinned to an OU";
}

TEST_F(GatewayConfigTest, ShippedBaseFileAloneParsesWithoutIdentities)
{
    const std::filesystem::path source(SAS_SOURCE_DIR);
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    config->add(new Poco::Util::PropertyFileConfiguration((source / "config/sas-gateway.properties").string()), 0);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    overrides->setString("paths.var", var());
    // Relative to the working directory in the shipped file; ctest runs elsewhere.
    overrides->setString("validation.profileDirectory", (source / "data/profiles").string());
    config->add(overrides, -100);

    try
    {
        const GatewayConfig parsed = parseGatewayConfig(*config);
        EXPECT_TRUE(parsed.identities.empty());
        EXPECT_TRUE(parsed.tls.crlFiles.empty());
        EXPECT_EQ(parsed.server.limits.maxBodyBytes, 16777216u);
    }
    catch (const ConfigError& e)
    {
        FAIL() << e.what();
    }
}
