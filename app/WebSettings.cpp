#include "app/WebSettings.h"

#include "app/GatewayConfig.h"
#include "app/configValues.h"

#include <Poco/File.h>

#include <fstream>

namespace sas::app
{

WebSettings parseWebSettings(const Poco::Util::AbstractConfiguration& config, const std::string& publicBaseUrl)
{
    WebSettings web;
    auto& oidc = web.oidc;
    oidc.issuer = getString(config, "oidc.issuer", "");
    web.sessionLifetime = std::chrono::seconds(getInteger(config, "web.sessionLifetimeSeconds", 12 * 3600, 60, 7 * 86400));
    if (oidc.issuer.empty())
        return web;
    if (oidc.issuer.rfind("https://", 0) != 0)
        throw ConfigError("oidc.issuer", "must be an https URL");
    oidc.clientId = requireString(config, "oidc.clientId");
    // The secret is kept out of the properties files: the file holding it is named instead.
    const std::string secretFile = getString(config, "oidc.clientSecretFile", "");
    if (!secretFile.empty())
    {
        std::ifstream stream(secretFile);
        if (!stream)
            throw ConfigError("oidc.clientSecretFile", "file '" + secretFile + "' does not exist or is not readable");
        std::getline(stream, oidc.clientSecret);
        while (!oidc.clientSecret.empty() && std::isspace(static_cast<unsigned char>(oidc.clientSecret.back())))
            oidc.clientSecret.pop_back();
    }
    oidc.redirectUri = getString(config, "oidc.redirectUri", "");
    if (oidc.redirectUri.empty())
        oidc.redirectUri = publicBaseUrl + "/sas/auth/callback";
    oidc.scopes = getString(config, "oidc.scopes", "");
    if (oidc.scopes.empty())
        oidc.scopes = "openid";
    if (oidc.scopes.find("openid") == std::string::npos)
        throw ConfigError("oidc.scopes", "must include openid");
    oidc.acrValues = getString(config, "oidc.acrValues", "");
    oidc.connection.caFile = getString(config, "oidc.caFile", "");
    if (!oidc.connection.caFile.empty() && !Poco::File(oidc.connection.caFile).exists())
        throw ConfigError("oidc.caFile", "file '" + oidc.connection.caFile + "' does not exist");
    oidc.connection.timeout = std::chrono::milliseconds(getInteger(config, "oidc.timeoutMs", 5000, 100, 60000));
    oidc.clockSkew = std::chrono::seconds(getInteger(config, "oidc.clockSkewSeconds", 60, 0, 600));
    oidc.jwksLifetime = std::chrono::seconds(getInteger(config, "oidc.jwksCacheSeconds", 3600, 60, 86400));
    return web;
}

} // namespace sas::app
