#pragma once

#include "adapters/vendors/FanOutVendorClient.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace sas::app
{

/// The booking-vendor keys of the gateway configuration (`vendors.*`, documented in config/sas-gateway.properties);
/// the vendors themselves are in the registry file it names (config/vendors.properties).
struct VendorsConfig
{
    std::string registryFile; ///< empty: no vendors
    std::string environment = "dev";
    std::string certificateDirectory; ///< relative TLS file names of the registry resolve here
    adapters::vendors::FanOutConfig fanOut;
    /// How often INT_R02 accounts not yet acknowledged by a vendor are sent again; 0: only at the next sign-in.
    std::chrono::seconds accountRetry{300};
};

/// Reads `vendors.*`; throws ConfigError naming the key at fault.
VendorsConfig parseVendorsConfig(const Poco::Util::AbstractConfiguration& config);

} // namespace sas::app
