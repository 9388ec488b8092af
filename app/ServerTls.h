#pragma once

#include "app/GatewayConfig.h"

#include <Poco/Net/Context.h>

#include <atomic>
#include <ctime>
#include <mutex>
#include <string>
#include <vector>

namespace sas::app
{

/// The server's TLS material, replaceable while the gateway serves: a new CRL, server certificate or CA bundle
/// takes effect for the next handshake, and connections already open finish on the material they started with.
///
/// The listening socket keeps one context for its whole life; at every ClientHello, OpenSSL hands the connection
/// the context in force (`SSL_set_SSL_CTX`, which holds a reference, so a replaced context lives until its last
/// connection closes). A set of files that does not load (missing file, key not matching the certificate, empty
/// CRL) is refused and the one in force stays: a bad deployment at night never takes the gateway off the air.
class ServerTls
{
public:
    /// Loads the files; throws Poco::Exception or ConfigError at start-up like makeServerTlsContext.
    explicit ServerTls(TlsConfig config);
    ServerTls(const ServerTls&) = delete;
    ServerTls& operator=(const ServerTls&) = delete;

    /// The context the listening socket is built with.
    Poco::Net::Context::Ptr listeningContext() const { return _listening; }

    struct Outcome
    {
        bool reloaded = false; ///< a new set is in force
        std::string problem;   ///< why the new set was refused (empty when none)
    };
    /// Reloads the files now (SIGHUP).
    Outcome reload();
    /// Reloads when a file's modification time or size changed since the last attempt (the periodic check, so a
    /// CRL refreshed by cron takes effect without a signal). An unchanged refused set is not retried every time.
    Outcome reloadIfChanged();

    /// Seconds until the server certificate in force expires (negative once expired), for the /metrics gauge.
    double secondsToServerCertificateExpiry() const;
    /// Seconds until the earliest CRL in force must be replaced (its nextUpdate); 0 without CRLs.
    double secondsToCrlNextUpdate() const;
    unsigned reloadCount() const { return _reloads.load(); }
    unsigned refusedCount() const { return _refusals.load(); }

private:
    struct Loaded;
    static int onClientHello(SSL* ssl, int* alert, void* self);
    std::vector<std::string> files() const;
    std::string stamp() const;
    Outcome install(std::string stamp);

    const TlsConfig _config;
    Poco::Net::Context::Ptr _listening;
    mutable std::mutex _mutex; ///< guards the fields below
    Poco::Net::Context::Ptr _current;
    std::string _stamp;
    std::time_t _certificateNotAfter = 0;
    std::time_t _crlNextUpdate = 0;
    std::atomic<unsigned> _reloads{0};
    std::atomic<unsigned> _refusals{0};
};

} // namespace sas::app
