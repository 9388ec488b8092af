#pragma once

#include "core/Clock.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sas::web
{

/// A signed-in user of the web pages (a regulator; a practitioner or structure manager for the dashboard).
struct WebSession
{
    std::string id;          ///< random, only ever in the cookie
    std::string csrfToken;   ///< random, in every form of the session's pages
    std::string subject;     ///< the issuer's `sub`
    std::string nationalId;  ///< Pro Santé Connect's SubjectNameID / preferred_username, e.g. "810002909371"
    std::string displayName;
    std::chrono::system_clock::time_point expiresAt{};

    /// The identity name orientations are recorded under: "psc:<national id>", else "psc:<sub>".
    std::string identityName() const { return "psc:" + (nationalId.empty() ? subject : nationalId); }
};

/// A sign-in under way, between the redirect to the issuer and its return with the code.
struct PendingSignIn
{
    std::string nonce;
    std::string codeVerifier;
    std::string returnTo; ///< a path under /sas/ the user asked for
    std::chrono::system_clock::time_point startedAt{};
};

/// Server-side sessions and pending sign-ins, in memory (one gateway node; a load balancer keeps a browser on its
/// node by the session cookie). A sign-in state is usable once and for `signInWindow`; a session lasts `lifetime`
/// from sign-in. Both tables are bounded: past `capacity`, the oldest entries go first. Thread-safe.
class RegulatorSessions
{
public:
    RegulatorSessions(const core::Clock& clock, std::chrono::seconds lifetime,
                      std::chrono::seconds signInWindow = std::chrono::minutes(10), std::size_t capacity = 20000);

    void rememberSignIn(const std::string& state, PendingSignIn signIn);
    /// The sign-in of `state`, removed: a replayed or unknown state gets nullopt, as does an expired one.
    std::optional<PendingSignIn> takeSignIn(const std::string& state);

    /// Opens a session (fresh id and CSRF token); `session.id`, `csrfToken` and `expiresAt` are filled in.
    WebSession open(WebSession session);
    /// The live session of this id; nullopt for an unknown or expired one.
    std::optional<WebSession> find(const std::string& id);
    void close(const std::string& id);

    std::size_t size();

private:
    void purge(std::chrono::system_clock::time_point now);

    const core::Clock& _clock;
    std::chrono::seconds _lifetime;
    std::chrono::seconds _signInWindow;
    std::size_t _capacity;
    std::mutex _mutex;
    std::map<std::string, PendingSignIn> _signIns;
    std::map<std::string, WebSession> _sessions;
};

} // namespace sas::web
