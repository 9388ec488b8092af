#include "app/GatewayConfig.h"
#include "app/configValues.h"

#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cctype>

namespace sas::app
{

using Poco::Util::AbstractConfiguration;

std::string getString(const AbstractConfiguration& config, const std::string& key, const std::string& fallback)
{
    try
    {
        return Poco::trim(config.getString(key, fallback));
    }
    catch (const Poco::Exception& e)
    {
        throw ConfigError(key, e.displayText()); // e.g. a ${reference} to an undefined key
    }
}

std::string requireString(const AbstractConfiguration& config, const std::string& key)
{
    std::string value = getString(config, key, "");
    if (value.empty())
        throw ConfigError(key, "is required and missing or empty");
    return value;
}

long getInteger(const AbstractConfiguration& config, const std::string& key, long fallback, long min, long max)
{
    const std::string text = getString(config, key, std::to_string(fallback));
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

std::string requireReadableFile(const AbstractConfiguration& config, const std::string& key)
{
    std::string path = requireString(config, key);
    Poco::File file(path);
    if (!file.exists() || !file.isFile() || !file.canRead())
        throw ConfigError(key, "file '" + path + "' does not exist or is not readable");
    return path;
}

std::vector<std::string> getList(const AbstractConfiguration& config, const std::string& key)
{
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(getString(config, key, ""), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens)
        items.push_back(token);
    return items;
}

namespace
{

/// Identity names appear in logs and metrics: [A-Za-z0-9._-]{1,64}.
bool isIdentityName(const std::string& name)
{
    if (name.empty() || name.size() > 64)
        return false;
    for (unsigned char c : name)
        if (!std::isalnum(c) && c != '.' && c != '_' && c != '-')
            return false;
    return true;
}

/// A PostgreSQL identifier we can quote safely: [a-z_][a-z0-9_]{0,62}.
bool isDatabaseName(const std::string& name)
{
    if (name.empty() || name.size() > 63 || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    for (unsigned char c : name)
        if (!(std::islower(c) || std::isdigit(c) || c == '_'))
            return false;
    return true;
}

std::vector<fhir::rest::CertificateRule> parseIdentities(const AbstractConfiguration& config)
{
    std::vector<fhir::rest::CertificateRule> rules;
    for (const auto& name : getList(config, "auth.identities"))
    {
        if (!isIdentityName(name))
            throw ConfigError("auth.identities", "identity name '" + name + "' must match [A-Za-z0-9._-]{1,64}");
        const std::string prefix = "auth.identity." + name;
        const std::string kindText = requireString(config, prefix + ".kind");
        const auto kind = core::parseIdentityKind(kindText);
        if (!kind)
            throw ConfigError(prefix + ".kind", "'" + kindText + "' is not one of vendor, lrm, admin");
        fhir::rest::CertificateRule rule{name, *kind, requireString(config, prefix + ".cn"), std::nullopt};
        const std::string ou = getString(config, prefix + ".ou", "");
        if (!ou.empty())
            rule.organizationalUnit = ou;
        for (const auto& other : rules)
            if (other.commonName == rule.commonName && other.organizationalUnit == rule.organizationalUnit)
                throw ConfigError(prefix + ".cn", "the same subject is already mapped to '" + other.identityName + "'");
        rules.push_back(std::move(rule));
    }
    return rules;
}

/// limits.KIND.requestsPerSecond / .burst / .maxConcurrent for every identity kind; a concurrency cap must stay
/// below the database pool and the server threads, so one identity never holds them all.
fhir::rest::ClientLimits parseClientLimits(const AbstractConfiguration& config, int poolSize, int threads)
{
    struct Default
    {
        core::IdentityKind kind;
        long rate, burst, concurrent;
    };
    const Default defaults[] = {{core::IdentityKind::Vendor, 50, 200, 8},
                                {core::IdentityKind::Lrm, 100, 400, 8},
                                {core::IdentityKind::Admin, 50, 200, 4},
                                {core::IdentityKind::Practitioner, 10, 60, 4},
                                {core::IdentityKind::StructureManager, 20, 120, 4}};
    fhir::rest::ClientLimits limits;
    for (const auto& fallback : defaults)
    {
        const std::string prefix = std::string("limits.") + core::toString(fallback.kind);
        fhir::rest::KindLimits kind;
        kind.requestsPerSecond =
            static_cast<double>(getInteger(config, prefix + ".requestsPerSecond", fallback.rate, 0, 100000));
        kind.burst = static_cast<double>(getInteger(config, prefix + ".burst", fallback.burst, 0, 1000000));
        kind.maxConcurrent = static_cast<int>(getInteger(config, prefix + ".maxConcurrent", fallback.concurrent, 0, 4096));
        if (kind.maxConcurrent >= poolSize || kind.maxConcurrent >= threads)
            throw ConfigError(prefix + ".maxConcurrent",
                              "must be below db.poolSize (" + std::to_string(poolSize) + ") and server.threads (" +
                                  std::to_string(threads) + ") so one client cannot hold them all");
        limits[fallback.kind] = kind;
    }
    return limits;
}

} // namespace

GatewayConfig parseGatewayConfig(const AbstractConfiguration& config)
{
    GatewayConfig result;
    result.varDirectory = requireString(config, "paths.var");

    ServerConfig& server = result.server;
    server.bindAddress = getString(config, "server.https.bind", server.bindAddress);
    server.httpsPort = static_cast<int>(getInteger(config, "server.https.port", server.httpsPort, 1, 65535));
    server.publicBaseUrl = getString(config, "server.publicBaseUrl", "");
    if (server.publicBaseUrl.empty())
        server.publicBaseUrl = "https://localhost:" + std::to_string(server.httpsPort);
    while (!server.publicBaseUrl.empty() && server.publicBaseUrl.back() == '/')
        server.publicBaseUrl.pop_back();
    server.threads = static_cast<int>(getInteger(config, "server.threads", server.threads, 2, 4096));
    server.maxQueued = static_cast<int>(getInteger(config, "server.maxQueued", server.maxQueued, 1, 100000));
    server.keepAliveTimeout = std::chrono::seconds(getInteger(config, "server.keepAliveTimeout", 15, 1, 3600));
    server.receiveTimeout = std::chrono::seconds(getInteger(config, "server.receiveTimeout", 30, 1, 3600));
    server.headerTimeout = std::chrono::seconds(getInteger(config, "server.headerTimeout", 10, 1, 3600));
    server.shutdownGrace = std::chrono::seconds(getInteger(config, "server.shutdownGrace", 20, 0, 3600));
    server.limits.maxBodyBytes =
        static_cast<std::size_t>(getInteger(config, "server.maxBodyBytes", 16 * 1024 * 1024, 1024, 1L << 31));
    server.limits.maxQueryParameters =
        static_cast<std::size_t>(getInteger(config, "server.maxQueryParameters", 100, 1, 100000));

    TlsConfig& tls = result.tls;
    tls.certificateFile = requireReadableFile(config, "tls.certificateFile");
    tls.privateKeyFile = requireReadableFile(config, "tls.privateKeyFile");
    tls.caFile = requireReadableFile(config, "tls.caFile");
    for (const auto& crl : getList(config, "tls.crlFiles"))
    {
        Poco::File file(crl);
        if (!file.exists() || !file.canRead())
            throw ConfigError("tls.crlFiles", "file '" + crl + "' does not exist or is not readable");
        tls.crlFiles.push_back(crl);
    }
    tls.cipherList = getString(config, "tls.cipherList", "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES:!SHA1");
    tls.reloadCheck = std::chrono::seconds(getInteger(config, "tls.reloadCheckSeconds", 60, 0, 86400));

    DatabaseConfig& db = result.database;
    db.dsn = getString(config, "db.dsn", "");
    db.pool.size = static_cast<int>(getInteger(config, "db.poolSize", 16, 1, 1000));
    db.pool.acquireTimeout = std::chrono::milliseconds(getInteger(config, "db.acquireTimeoutMs", 2000, 1, 600000));
    db.pool.connectTimeout = std::chrono::seconds(getInteger(config, "db.connectTimeout", 5, 1, 600));
    db.pool.statementTimeout = std::chrono::milliseconds(getInteger(config, "db.statementTimeoutMs", 10000, 0, 3600000));
    db.embedded.directory = getString(config, "db.embedded.directory", result.varDirectory + "/pg");
    db.embedded.runAsUser = getString(config, "db.embedded.user", "");
    db.embedded.binDirectory = getString(config, "db.embedded.binDirectory", "");
    db.embedded.database = getString(config, "db.embedded.database", "sas");
    if (!isDatabaseName(db.embedded.database))
        throw ConfigError("db.embedded.database", "'" + db.embedded.database + "' must match [a-z_][a-z0-9_]*");

    result.identities = parseIdentities(config);
    result.server.limits.clients = parseClientLimits(config, db.pool.size, server.threads);

    result.profileDirectory = requireString(config, "validation.profileDirectory");
    if (!Poco::File(result.profileDirectory).exists() || !Poco::File(result.profileDirectory).isDirectory())
        throw ConfigError("validation.profileDirectory", "'" + result.profileDirectory + "' is not a directory");

    result.vendors = parseVendorsConfig(config);
    // Checked when loaded (Gateway::loadMappings): a missing directory is one of the problems listed, exit 78.
    result.mappingDirectory = getString(config, "mapping.directory", "mapping");
    std::vector<std::string> identityNames;
    for (const auto& rule : result.identities)
        identityNames.push_back(rule.identityName);
    result.hub = parseHubSettings(config, identityNames);

    result.web = parseWebSettings(config, server.publicBaseUrl);

    result.demoDirectory = getString(config, "demo.directory", "");
    if (!result.demoDirectory.empty() && !Poco::File(result.demoDirectory).isDirectory())
        throw ConfigError("demo.directory", "'" + result.demoDirectory + "' is not a directory");

    result.search.dataDirectory = getString(config, "search.dataDirectory", "data");
    result.search.fallbackCityRadiusKm =
        static_cast<double>(getInteger(config, "search.fallbackCityRadiusKm", 50, 1, 500));
    result.search.slotCacheBytes =
        static_cast<std::size_t>(getInteger(config, "search.slotCacheMegabytes", 256, 0, 65536)) << 20;
    for (const auto& item : getList(config, "search.radiusOverrides"))
    {
        const auto colon = item.find(':');
        long km = 0;
        try
        {
            km = colon == std::string::npos ? 0 : std::stol(item.substr(colon + 1));
        }
        catch (const std::exception&)
        {
            km = 0;
        }
        if (colon == 0 || colon == std::string::npos || km < 1 || km > 500)
            throw ConfigError("search.radiusOverrides", "'" + item + "' must be <département>:<km> with km in 1..500");
        result.search.radiusOverrides.emplace_back(item.substr(0, colon), static_cast<double>(km));
    }
    return result;
}

} // namespace sas::app
