#include "app/VendorsConfig.h"

#include "app/GatewayConfig.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace sas::app
{
namespace
{

long integer(const Poco::Util::AbstractConfiguration& config, const std::string& key, long fallback, long min, long max)
{
    const std::string text = Poco::trim(config.getString(key, std::to_string(fallback)));
    long value = 0;
    try
    {
        value = static_cast<long>(Poco::NumberParser::parse64(text));
    }
    catch (const Poco::SyntaxException&)
    {
        throw ConfigError(key, "'" + text + "' is not an integer");
    }
    if (value < min || value > max)
        throw ConfigError(key, std::to_string(value) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
    return value;
}

} // namespace

VendorsConfig parseVendorsConfig(const Poco::Util::AbstractConfiguration& config)
{
    VendorsConfig result;
    try
    {
        result.registryFile = Poco::trim(config.getString("vendors.registryFile", ""));
        result.environment = Poco::trim(config.getString("vendors.environment", "dev"));
        result.certificateDirectory = Poco::trim(
            config.getString("vendors.certificateDirectory", config.getString("paths.var", "var") + "/certs"));
    }
    catch (const Poco::Exception& e)
    {
        throw ConfigError("vendors.registryFile", e.displayText());
    }
    // The file itself is read (and every key of it checked) when the gateway starts or reloads it.
    if (result.environment.empty())
        throw ConfigError("vendors.environment", "is empty");
    auto& fanOut = result.fanOut;
    fanOut.deadline = std::chrono::milliseconds(integer(config, "vendors.deadlineMs", 7000, 100, 60000));
    fanOut.threads = static_cast<int>(integer(config, "vendors.threads", 32, 1, 1024));
    fanOut.maxQueued = static_cast<std::size_t>(integer(config, "vendors.maxQueued", 4096, 1, 1000000));
    fanOut.cacheFreshness = std::chrono::milliseconds(integer(config, "vendors.cacheFreshnessMs", 60000, 0, 3600000));
    fanOut.cacheEntries = static_cast<std::size_t>(integer(config, "vendors.cacheEntries", 100000, 0, 10000000));
    fanOut.breaker.failuresToOpen = static_cast<int>(integer(config, "vendors.breaker.failures", 5, 1, 1000));
    fanOut.breaker.openFor = std::chrono::milliseconds(integer(config, "vendors.breaker.openMs", 30000, 100, 3600000));
    result.accountRetry = std::chrono::seconds(integer(config, "vendors.accountRetrySeconds", 300, 0, 86400));
    return result;
}

} // namespace sas::app
