#pragma once

#include "tests/support/NodeProcess.h"

#include <string>
#include <vector>

namespace sas::test
{

/// tools/oidc-dev-issuer.mjs run as a child process with the test PKI's server certificate and its test controls:
/// the OpenID Connect issuer (Pro Santé Connect's stand-in) the gateway signs regulators in with.
class DevIssuer
{
public:
    DevIssuer();
    DevIssuer(const DevIssuer&) = delete;
    DevIssuer& operator=(const DevIssuer&) = delete;

    /// "https://localhost:<port>"
    const std::string& issuer() const { return _issuer; }
    /// The gateway's settings (`--set`) for this issuer.
    std::vector<std::string> gatewaySettings() const;
    /// Signs a browser in at the gateway on `gatewayPort` through this issuer (the whole authorization-code flow,
    /// starting from `target`) and returns the session cookie ("name=value"); throws when a step fails.
    std::string signIn(int gatewayPort, const std::string& target) const;
    /// Spoils the next ID token ("expired", "audience", "issuer", "signature", "nonce", "future").
    void tamperNextToken(const std::string& how) const;

private:
    NodeProcess _process;
    std::string _issuer;
};

} // namespace sas::test
