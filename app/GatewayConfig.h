#pragma once

#include "adapters/postgres/EmbeddedPostgres.h"
#include "adapters/postgres/PgPool.h"
#include "app/VendorsConfig.h"
#include "app/HubSettings.h"
#include "app/WebSettings.h"
#include "fhir/rest/CertificateIdentityMap.h"
#include "fhir/rest/RequestPipeline.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace sas::app
{

struct ServerConfig
{
    std::string bindAddress = "127.0.0.1";
    int httpsPort = 8443;
    std::string publicBaseUrl; ///< how clients reach us; default https://localhost:<port>
    int threads = 64;
    int maxQueued = 256;
    std::chrono::seconds keepAliveTimeout{15};
    std::chrono::seconds receiveTimeout{30};
    std::chrono::seconds headerTimeout{10}; ///< whole request head (slow-loris bound), fhir/rest/HeaderDeadline
    std::chrono::seconds shutdownGrace{20};
    fhir::rest::PipelineLimits limits;
};

struct TlsConfig
{
    std::string certificateFile;
    std::string privateKeyFile;
    std::string caFile;
    std::vector<std::string> crlFiles;
    std::string cipherList;
    std::chrono::seconds reloadCheck{60}; ///< how often the files are checked for changes; 0: on SIGHUP only
};

struct DatabaseConfig
{
    std::string dsn; ///< empty: start the embedded cluster
    adapters::postgres::PgPoolConfig pool;
    adapters::postgres::EmbeddedPostgresConfig embedded;
};

/// The search engine's reference data and overrides.
struct SearchConfig
{
    std::string dataDirectory = "data"; ///< geo/, sas/, terminology/ (data/SOURCES.md)
    std::vector<std::pair<std::string, double>> radiusOverrides; ///< département → city radius km
    double fallbackCityRadiusKm = 50; ///< where the 2025 table has 0 (973, 976)
    /// Memory for the INT_R01 answer cache (SlotSearchCache); 0 turns it off. `search.slotCacheMegabytes`.
    std::size_t slotCacheBytes = std::size_t{256} << 20;
};

/// Everything the gateway reads from configuration, parsed and checked once at start-up.
struct GatewayConfig
{
    std::string varDirectory;
    ServerConfig server;
    TlsConfig tls;
    DatabaseConfig database;
    std::vector<fhir::rest::CertificateRule> identities;
    std::string demoDirectory; ///< FHIR JSON resources loaded at start-up when absent; empty: none
    std::string profileDirectory; ///< SAS IG StructureDefinitions for validation on write
    std::string mappingDirectory = "mapping"; ///< LRM dialects and territories (mapping/README.md)
    SearchConfig search;
    VendorsConfig vendors;        ///< booking vendors: registry file and fan-out settings
    HubSettings hub;              ///< INT_R03 rules, orientations, INT_L02 (app/HubSettings.h)
    WebSettings web;              ///< regulators' pages: OpenID Connect sign-in, sessions
};

/// A configuration problem, naming the key at fault. Start-up stops with exit code 78.
class ConfigError : public std::runtime_error
{
public:
    ConfigError(std::string key, const std::string& problem)
        : std::runtime_error("configuration key '" + key + "': " + problem), _key(std::move(key)) { }
    const std::string& key() const { return _key; }

private:
    std::string _key;
};

/// Reads and checks every key (documented in config/sas-gateway.properties). Throws ConfigError
/// for the first missing or invalid key.
GatewayConfig parseGatewayConfig(const Poco::Util::AbstractConfiguration& config);

} // namespace sas::app
