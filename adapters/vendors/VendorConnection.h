#pragma once

#include "adapters/vendors/VendorDefinition.h"
#include "core/Result.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sas::adapters::vendors
{

struct VendorHttpResponse
{
    int status = 0;
    std::string body;
    std::string location; ///< the Location header, when sent
    std::string contentType;
};

struct VendorHttpRequest
{
    std::string method = "GET";
    std::string target;  ///< path and query, appended to the base URL's path
    std::string body;    ///< sent with Content-Type application/fhir+json when non-empty
};

/// Mutual-TLS HTTPS to one vendor with keep-alive: idle sessions are reused. The TLS context presents our
/// client certificate, trusts only the configured CA, requires TLS ≥ 1.2 and checks the server's host name
/// (tls.serverName) inside the handshake, so a wrong chain or name fails before any request byte is sent.
class VendorConnection
{
public:
    /// Throws Poco::Exception when the certificate, key or CA cannot be loaded.
    explicit VendorConnection(const VendorDefinition& vendor);

    /// One exchange, every socket operation bounded by `timeout` (connect by min(timeout, connectTimeout)).
    /// Failure: UpstreamTimeout when a socket timed out, UpstreamUnavailable for refused connections, TLS
    /// failures and other transport errors; never throws.
    core::Result<VendorHttpResponse> send(const VendorHttpRequest& request, std::chrono::milliseconds timeout);

    const VendorDefinition& vendor() const { return _vendor; }

private:
    std::unique_ptr<Poco::Net::HTTPSClientSession> takeSession();
    void giveBack(std::unique_ptr<Poco::Net::HTTPSClientSession> session);

    VendorDefinition _vendor;
    std::string _host;
    unsigned short _port = 443;
    std::string _basePath;
    Poco::Net::Context::Ptr _context;
    std::mutex _mutex;
    std::vector<std::unique_ptr<Poco::Net::HTTPSClientSession>> _idle;
};

/// Makes the client TLS context of a vendor (used by VendorConnection and the conformance checker).
Poco::Net::Context::Ptr makeVendorTlsContext(const VendorTls& tls, const std::string& expectedHost);

} // namespace sas::adapters::vendors
