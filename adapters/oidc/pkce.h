#pragma once

#include <string>
#include <string_view>

namespace sas::adapters::oidc
{

/// `bytes` random bytes from OpenSSL's CSPRNG, base64url-encoded: states, nonces, PKCE verifiers, session ids.
/// Throws std::runtime_error when the generator fails (never returns a weak value).
std::string randomToken(std::size_t bytes = 32);

/// The PKCE S256 challenge of a verifier (RFC 7636 §4.2).
std::string pkceChallenge(std::string_view verifier);

} // namespace sas::adapters::oidc
