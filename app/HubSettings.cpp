#include "app/HubSettings.h"

#include "app/GatewayConfig.h"
#include "app/configValues.h"

#include <Poco/File.h>

namespace sas::app
{

HubSettings parseHubSettings(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& identities)
{
    HubSettings hub;
    for (const auto& name : identities)
    {
        auto systems = getList(config, "auth.identity." + name + ".appointmentSystems");
        if (!systems.empty())
            hub.vendorSystems[name] = std::move(systems);
    }

    hub.regulatorAccountsFile = getString(config, "orientation.regulatorAccounts", "");
    if (!hub.regulatorAccountsFile.empty() && !Poco::File(hub.regulatorAccountsFile).exists())
        throw ConfigError("orientation.regulatorAccounts", "file '" + hub.regulatorAccountsFile + "' does not exist");

    auto& routing = hub.routing;
    routing.senderId = getString(config, "hub.senderId", "fr.health.test.ptfsas");
    if (routing.senderId.empty())
        throw ConfigError("hub.senderId", "is required (fr.health.ptfsas in production only)");
    if (routing.senderId.find('_') != std::string::npos)
        throw ConfigError("hub.senderId", "a Hub client id has no '_' (it separates the distributionID)");
    for (const auto& territory : getList(config, "hub.territories"))
    {
        auto recipients = getList(config, "hub.recipient." + territory);
        if (recipients.empty())
            throw ConfigError("hub.recipient." + territory, "names no Hub client id for a listed territory");
        routing.recipientsByTerritory[territory] = std::move(recipients);
    }
    routing.expiry = std::chrono::seconds(getInteger(config, "hub.expirySeconds", 86400, 60, 86400));

    auto& amqp = hub.amqp.endpoint;
    amqp.host = getString(config, "hub.amqp.host", "");
    if (!amqp.host.empty())
    {
        amqp.port = static_cast<int>(getInteger(config, "hub.amqp.port", 5671, 1, 65535));
        amqp.vhost = getString(config, "hub.amqp.vhost", "/");
        amqp.caFile = requireReadableFile(config, "hub.amqp.caFile");
        amqp.certificateFile = requireReadableFile(config, "hub.amqp.certificateFile");
        amqp.keyFile = requireReadableFile(config, "hub.amqp.keyFile");
        amqp.verifyHostname = getString(config, "hub.amqp.verifyHostname", "true") != "false";
        amqp.timeout = std::chrono::milliseconds(getInteger(config, "hub.amqp.timeoutMs", 5000, 100, 120000));
        amqp.heartbeatSeconds = 30;
        hub.amqp.reconnectInitial =
            std::chrono::milliseconds(getInteger(config, "hub.amqp.reconnectInitialMs", 200, 10, 60000));
        hub.amqp.reconnectMax = std::chrono::milliseconds(getInteger(config, "hub.amqp.reconnectMaxMs", 30000, 10, 600000));
    }
    hub.retryWindow = std::chrono::seconds(getInteger(config, "hub.retry.windowSeconds", 86400, 0, 30L * 86400));
    hub.retryBackoff = std::chrono::milliseconds(getInteger(config, "hub.retry.backoffMs", 30000, 10, 3600000));
    hub.pollInterval = std::chrono::milliseconds(getInteger(config, "hub.pollIntervalMs", 1000, 10, 60000));
    hub.finalAck.fallback = std::chrono::seconds(getInteger(config, "hub.finalAckTimeoutSeconds", 900, 0, 7L * 86400));
    for (const auto& [territory, recipients] : routing.recipientsByTerritory)
        for (const auto& recipient : recipients)
            if (config.hasProperty("hub.finalAckTimeoutSeconds." + recipient))
                hub.finalAck.byRecipient[recipient] = std::chrono::seconds(
                    getInteger(config, "hub.finalAckTimeoutSeconds." + recipient, 900, 0, 7L * 86400));
    return hub;
}

} // namespace sas::app
