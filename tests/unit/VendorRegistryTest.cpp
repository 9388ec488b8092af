#include "adapters/vendors/VendorRegistry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sas::adapters::vendors;

namespace
{

class VendorRegistryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        _dir = std::filesystem::temp_directory_path() /
               ("sas-vendor-registry-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(_dir);
        for (const char* name : {"client.pem", "client.key", "ca.pem"})
            std::ofstream(_dir / name) << "x";
    }
    void TearDown() override { std::filesystem::remove_all(_dir); }

    std::string write(const std::string& text)
    {
        const auto file = _dir / "vendors.properties";
        std::ofstream(file) << text;
        return file.string();
    }

    static std::string tls(const std::string& id)
    {
        return "vendor." + id + ".tls.certificate = client.pem\nvendor." + id + ".tls.privateKey = client.key\nvendor." +
               id + ".tls.ca = ca.pem\n";
    }

    std::filesystem::path _dir;
};

} // namespace

TEST_F(VendorRegistryTest, ReadsEveryFieldForTheEnvironment)
{
    const auto file = write("vendors = alpha, beta\n"
                            "vendor.alpha.name = Alpha Agenda\n"
                            "vendor.alpha.capability = end-to-end\n"
                            "vendor.alpha.flows = ps, cpts\n"
                            "vendor.alpha.baseUrl.recette = https://recette.alpha.test/fhir/\n"
                            "vendor.alpha.baseUrl.production = https://alpha.test/fhir\n"
                            "vendor.alpha.tls.serverName = api.alpha.test\n"
                            "vendor.alpha.timeout.connectMs = 500\n"
                            "vendor.alpha.timeout.requestMs = 3000\n"
                            "vendor.alpha.maxInFlight = 4\n" +
                            tls("alpha") +
                            "vendor.beta.flows = sos\n"
                            "vendor.beta.enabled = false\n");
    auto registry = loadVendorRegistry(file, "recette", _dir.string());
    ASSERT_TRUE(registry) << registry.error().message;
    const VendorDefinition* alpha = registry->find("alpha");
    ASSERT_NE(alpha, nullptr);
    EXPECT_EQ(alpha->displayName, "Alpha Agenda");
    EXPECT_EQ(alpha->capability, VendorCapability::EndToEnd);
    EXPECT_EQ(alpha->baseUrl, "https://recette.alpha.test/fhir");
    EXPECT_EQ(alpha->tls.serverName, "api.alpha.test");
    EXPECT_EQ(alpha->tls.caFile, (_dir / "ca.pem").string());
    EXPECT_EQ(alpha->connectTimeout.count(), 500);
    EXPECT_EQ(alpha->requestTimeout.count(), 3000);
    EXPECT_EQ(alpha->maxInFlight, 4);
    EXPECT_TRUE(alpha->supports(sas::core::VendorFlow::Cpts));
    EXPECT_FALSE(alpha->supports(sas::core::VendorFlow::Sos));
    const VendorDefinition* beta = registry->find("beta");
    ASSERT_NE(beta, nullptr);
    EXPECT_FALSE(beta->enabled);
    EXPECT_EQ(beta->displayName, "beta");
    EXPECT_EQ(beta->capability, VendorCapability::SlotsOnly);

    auto production = loadVendorRegistry(file, "production", _dir.string());
    ASSERT_TRUE(production);
    EXPECT_EQ(production->find("alpha")->baseUrl, "https://alpha.test/fhir");
    EXPECT_EQ(production->find("alpha")->tls.serverName, "api.alpha.test");
}

TEST_F(VendorRegistryTest, EveryProblemNamesItsKey)
{
    const auto file = write("vendors = alpha, alpha, bad id\n"
                            "vendor.alpha.flows = ps, fax\n"
                            "vendor.alpha.capability = everything\n"
                            "vendor.alpha.baseUrl.recette = http://alpha.test\n"
                            "vendor.alpha.tls.certificate = missing.pem\n"
                            "vendor.alpha.timeout.requestMs = soon\n"
                            "vendor.gamma.flows = ps\n");
    auto registry = loadVendorRegistry(file, "recette", _dir.string());
    ASSERT_FALSE(registry);
    std::set<std::string> keys;
    for (const auto& issue : registry.error().issues)
        keys.insert(issue.expression);
    for (const char* key : {"vendors", "vendor.alpha.flows", "vendor.alpha.capability", "vendor.alpha.baseUrl.recette",
                            "vendor.alpha.tls.certificate", "vendor.alpha.tls.privateKey", "vendor.alpha.tls.ca",
                            "vendor.alpha.timeout.requestMs", "vendor.gamma"})
        EXPECT_TRUE(keys.count(key)) << key;
    EXPECT_NE(registry.error().message.find("vendors.properties"), std::string::npos);
}

TEST_F(VendorRegistryTest, EnabledVendorNeedsAnEndpointForTheEnvironment)
{
    const auto file = write("vendors = alpha\nvendor.alpha.flows = ps\nvendor.alpha.baseUrl.production = https://a.test\n" +
                            tls("alpha"));
    auto registry = loadVendorRegistry(file, "recette", _dir.string());
    ASSERT_FALSE(registry);
    EXPECT_EQ(registry.error().issues.front().expression, "vendor.alpha.baseUrl.recette");
}

TEST_F(VendorRegistryTest, ReloadKeepsTheOldRegistryWhenTheNewOneIsInvalid)
{
    const auto file = write("vendors = alpha\nvendor.alpha.flows = ps\nvendor.alpha.baseUrl.recette = https://a.test\n" +
                            tls("alpha"));
    ReloadableVendorRegistry registry(file, "recette", _dir.string());
    ASSERT_TRUE(registry.reload());
    const auto first = registry.current();
    ASSERT_NE(first->find("alpha"), nullptr);

    write("vendors = alpha\nvendor.alpha.flows = telepathy\n");
    const auto failed = registry.reload();
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().issues.front().expression, "vendor.alpha.flows");
    EXPECT_EQ(registry.current(), first) << "the registry in use is kept";

    write("vendors = alpha, beta\nvendor.alpha.flows = ps\nvendor.alpha.baseUrl.recette = https://a.test\n" + tls("alpha") +
          "vendor.beta.flows = sos\nvendor.beta.baseUrl.recette = https://b.test\n" + tls("beta"));
    ASSERT_TRUE(registry.reload());
    EXPECT_NE(registry.current()->find("beta"), nullptr);
    EXPECT_NE(first->find("alpha"), nullptr) << "a search holding the old registry keeps it intact";
}
