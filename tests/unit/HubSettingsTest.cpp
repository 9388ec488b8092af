// INT_R03 / INT_L02 configuration: vendor systems, routing table, AMQP keys, and the errors that name the key.
#include "app/GatewayConfig.h"
#include "app/HubSettings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <gtest/gtest.h>

namespace
{

Poco::AutoPtr<Poco::Util::MapConfiguration> settings(std::initializer_list<std::pair<const char*, const char*>> values)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : values)
        config->setString(key, value);
    return config;
}

std::string failingKey(const Poco::Util::AbstractConfiguration& config)
{
    try
    {
        sas::app::parseHubSettings(config, {"vendor-demo"});
    }
    catch (const sas::app::ConfigError& error)
    {
        return error.key();
    }
    return "";
}

} // namespace

TEST(HubSettings, ReadsVendorSystemsAndRouting)
{
    auto config = settings({{"auth.identity.vendor-demo.appointmentSystems", "urn:oid:1.1.111.1.11.1.1.1, https://vendor.example/rdv"},
                            {"hub.territories", "33, 44"},
                            {"hub.recipient.33", "fr.health.samu330"},
                            {"hub.recipient.44", "fr.health.samu440, fr.health.samu441"}});
    const auto hub = sas::app::parseHubSettings(*config, {"vendor-demo", "lrm-demo"});
    EXPECT_EQ(hub.vendorSystems.at("vendor-demo"),
              (std::vector<std::string>{"urn:oid:1.1.111.1.11.1.1.1", "https://vendor.example/rdv"}));
    EXPECT_EQ(hub.vendorSystems.count("lrm-demo"), 0u);
    EXPECT_EQ(hub.routing.senderId, "fr.health.test.ptfsas"); // never the production id by default
    EXPECT_EQ(hub.routing.recipientsByTerritory.at("44").size(), 2u);
    EXPECT_TRUE(hub.amqp.endpoint.host.empty());
}

TEST(HubSettings, FinalAckTimeoutHasADefaultAndAPerLrmOverride)
{
    auto config = settings({{"hub.territories", "33, 44"},
                            {"hub.recipient.33", "fr.health.samu330"},
                            {"hub.recipient.44", "fr.health.samu440"},
                            {"hub.finalAckTimeoutSeconds", "120"},
                            {"hub.finalAckTimeoutSeconds.fr.health.samu440", "0"}});
    const auto hub = sas::app::parseHubSettings(*config, {});
    EXPECT_EQ(hub.finalAck.fallback, std::chrono::seconds(120));
    EXPECT_EQ(hub.finalAck.byRecipient.count("fr.health.samu330"), 0u); // the default applies
    EXPECT_EQ(hub.finalAck.byRecipient.at("fr.health.samu440"), std::chrono::seconds(0)); // sends no final acks
    EXPECT_EQ(sas::app::parseHubSettings(*settings({}), {}).finalAck.fallback, std::chrono::seconds(900));
}

TEST(HubSettings, ErrorsNameTheKey)
{
    EXPECT_EQ(failingKey(*settings({{"hub.territories", "33"}})), "hub.recipient.33");
    EXPECT_EQ(failingKey(*settings({{"hub.senderId", "fr.health_ptfsas"}})), "hub.senderId");
    EXPECT_EQ(failingKey(*settings({{"hub.amqp.host", "localhost"}})), "hub.amqp.caFile");
    EXPECT_EQ(failingKey(*settings({{"hub.expirySeconds", "200000"}})), "hub.expirySeconds");
    EXPECT_EQ(failingKey(*settings({{"hub.finalAckTimeoutSeconds", "-1"}})), "hub.finalAckTimeoutSeconds");
    EXPECT_EQ(failingKey(*settings({{"hub.territories", "33"},
                                    {"hub.recipient.33", "fr.health.samu330"},
                                    {"hub.finalAckTimeoutSeconds.fr.health.samu330", "soon"}})),
              "hub.finalAckTimeoutSeconds.fr.health.samu330");
    EXPECT_EQ(failingKey(*settings({{"orientation.regulatorAccounts", "/nonexistent.csv"}})),
              "orientation.regulatorAccounts");
}
