#pragma once

#include "adapters/oidc/OidcProvider.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <string>

namespace sas::app
{

/// The regulators' web pages (keys oidc.* and web.*, documented in config/sas-gateway.properties).
struct WebSettings
{
    adapters::oidc::OidcSettings oidc;          ///< oidc.issuer empty: browsers get no page, only certificates work
    std::chrono::seconds sessionLifetime{12 * 3600}; ///< a regulation shift
};

/// Reads oidc.* and web.*; `publicBaseUrl` gives the default redirect URI. Throws ConfigError naming the key.
WebSettings parseWebSettings(const Poco::Util::AbstractConfiguration& config, const std::string& publicBaseUrl);

} // namespace sas::app
