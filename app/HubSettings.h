#pragma once

#include "adapters/appointments/AppointmentWriteHook.h"
#include "adapters/hub/AmqpConnection.h"
#include "adapters/hub/HubMessageComposer.h"
#include "core/ports/HubOutbox.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <string>

namespace sas::app
{

/// The AMQP connection to the Hub Santé (hub.amqp.*). An empty endpoint host: messages wait in the outbox.
struct AmqpSettings
{
    adapters::hub::AmqpEndpoint endpoint;            ///< host, port, vhost, TLS files, time-out (connect, login, confirm)
    std::chrono::milliseconds reconnectInitial{200}; ///< backoff after a lost connection, doubling…
    std::chrono::milliseconds reconnectMax{30000};   ///< …up to this
};

/// INT_R03 rules, orientation and INT_L02 settings, parsed once at start-up (keys in config/sas-gateway.properties).
struct HubSettings
{
    adapters::appointments::VendorSystems vendorSystems; ///< auth.identity.NAME.appointmentSystems
    std::string regulatorAccountsFile;                    ///< orientation.regulatorAccounts (CSV), empty: none
    adapters::hub::HubRouting routing;
    AmqpSettings amqp;
    std::chrono::seconds retryWindow{std::chrono::hours(24)}; ///< resend after Hub errors 400/500 within this
    std::chrono::milliseconds retryBackoff{30000};            ///< first resend delay, doubling per attempt
    std::chrono::milliseconds pollInterval{1000};             ///< outbox scan when nothing woke the publisher
    core::ports::FinalAckTimeouts finalAck;                   ///< hub.finalAckTimeoutSeconds[.RECIPIENT]
};

/// Reads the keys above; throws ConfigError (app/GatewayConfig.h) naming the key at fault.
HubSettings parseHubSettings(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& identities);

} // namespace sas::app
