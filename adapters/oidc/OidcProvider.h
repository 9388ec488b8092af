#pragma once

#include "adapters/oidc/Jwks.h"
#include "adapters/oidc/fetchHttp.h"
#include "adapters/oidc/verifyIdToken.h"
#include "core/Clock.h"
#include "core/Result.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace sas::adapters::oidc
{

/// The relying party's settings (config keys oidc.*, documented in config/sas-gateway.properties).
struct OidcSettings
{
    std::string issuer;        ///< empty: sign-in disabled
    std::string clientId;
    std::string clientSecret;  ///< client_secret_post; empty for a public client (PKCE only)
    std::string redirectUri;   ///< our /sas/auth/callback as the issuer knows it
    std::string scopes = "openid";
    std::string acrValues;     ///< Pro Santé Connect asks "eidas1"; empty: not sent
    IssuerConnection connection;
    std::chrono::seconds clockSkew{60};
    std::chrono::seconds jwksLifetime{3600};
    bool enabled() const { return !issuer.empty(); }
};

/// The issuer's discovery document, as far as we use it.
struct IssuerMetadata
{
    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
};

/// One sign-in under way: what the browser is sent to the issuer with, and what we keep to check the return.
struct AuthorizationRequest
{
    std::string url;
    std::string state;
    std::string nonce;
    std::string codeVerifier;
};

/// Pro Santé Connect (or any OpenID Connect issuer) seen from the gateway: discovery fetched on first use and
/// kept, the JWKS cached for `jwksLifetime` and fetched again at once when a token names an unknown key (the
/// issuer rotated its keys; at most once a minute), the code redeemed server to server, the ID token verified.
/// Every call to the issuer has the configured timeout. Thread-safe.
class OidcProvider
{
public:
    OidcProvider(OidcSettings settings, const core::Clock& clock);

    const OidcSettings& settings() const { return _settings; }

    /// A new authorization request (fresh state, nonce and PKCE verifier). UpstreamUnavailable/UpstreamTimeout when
    /// the discovery document cannot be fetched.
    core::Result<AuthorizationRequest> authorize();

    /// Redeems an authorization code at the token endpoint with the PKCE verifier, then verifies the ID token
    /// against the nonce of the sign-in. Unauthenticated when the issuer refuses the code or the token fails a check.
    core::Result<IdTokenClaims> redeem(const std::string& code, const std::string& codeVerifier, const std::string& nonce);

    /// The discovery document, fetched once (Unavailable kinds when the issuer is down; retried on the next call).
    core::Result<IssuerMetadata> metadata();

private:
    core::Result<std::shared_ptr<const Jwks>> keysFor(const std::string& keyId);

    OidcSettings _settings;
    const core::Clock& _clock;
    std::mutex _mutex;
    std::optional<IssuerMetadata> _metadata;
    std::shared_ptr<const Jwks> _jwks;
    std::chrono::system_clock::time_point _jwksFetched{};
};

/// application/x-www-form-urlencoded encoding of one value (RFC 3986 unreserved kept, everything else %XX).
std::string formEncode(const std::string& value);

} // namespace sas::adapters::oidc
