#pragma once

#include "adapters/oidc/Jwks.h"
#include "core/Result.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sas::adapters::oidc
{

/// What the relying party expects of an ID token (OpenID Connect Core 1.0 §3.1.3.7).
struct IdTokenExpectations
{
    std::string issuer;   ///< exactly the discovery document's issuer
    std::string audience; ///< our client_id
    std::string nonce;    ///< the nonce sent with this sign-in
    std::chrono::sys_seconds now{};
    std::chrono::seconds skew{60};     ///< tolerated clock difference for exp, nbf and iat
    std::chrono::seconds maxAge{600};  ///< an iat older than this is refused: the token was just issued
};

/// The verified identity. Pro Santé Connect names the practitioner in `SubjectNameID` / `preferred_username`
/// (their national id); other issuers in `preferred_username`.
struct IdTokenClaims
{
    std::string subject;
    std::string preferredUsername;
    std::string subjectNameId;
    std::string givenName;
    std::string familyName;
    std::chrono::sys_seconds expiresAt{};

    /// "Given Family", else the preferred username, else the subject: what the page shows.
    std::string displayName() const;
};

/// The "kid" of a compact JWS's header, or nullopt when the header cannot be read.
std::optional<std::string> tokenKeyId(std::string_view token);

/// Verifies a compact JWS ID token: RS256 only (never "none" nor HMAC), the signature against `keys`, then `iss`,
/// `aud` (and `azp` when several audiences), `exp`, `nbf`, `iat` within `skew`, and `nonce`. Unauthenticated with
/// the first failed check named; the message never quotes a claim's value.
core::Result<IdTokenClaims> verifyIdToken(std::string_view token, const Jwks& keys, const IdTokenExpectations& expected);

} // namespace sas::adapters::oidc
