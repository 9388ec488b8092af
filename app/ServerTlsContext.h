#pragma once

#include "app/GatewayConfig.h"

#include <Poco/Net/Context.h>

namespace sas::app
{

/// Builds the server's TLS context: TLS 1.2 or later only, the server certificate and key, client
/// certificates requested and, when presented, verified against the configured CA bundle and CRLs
/// (a certificate from another CA, expired or revoked fails the handshake). A missing certificate
/// is allowed at the TLS level so public routes work; the request pipeline answers 401 elsewhere.
/// With CRLs configured, every CA in the bundle must have one (OpenSSL's CRL_CHECK rule).
/// Throws Poco::Exception, or ConfigError for an unreadable CRL or a key that does not match the certificate.
/// Pure: nothing process-wide is touched, so a reload can build a new context beside the one in force.
Poco::Net::Context::Ptr makeServerTlsContext(const TlsConfig& config);

} // namespace sas::app
