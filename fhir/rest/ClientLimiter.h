#pragma once

#include "core/model/ClientIdentity.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace sas::fhir::rest
{

/// The limits of one identity kind. Zero disables a limit.
struct KindLimits
{
    double requestsPerSecond = 0; ///< token bucket refill rate
    double burst = 0;             ///< bucket size: requests allowed at once after a quiet period
    int maxConcurrent = 0;        ///< requests in progress at once (each may hold a server thread and a DB connection)
};

/// Per-kind limits applied to each identity separately (two vendors never share a bucket).
using ClientLimits = std::map<core::IdentityKind, KindLimits>;

/// Rate limits (token bucket) and concurrency caps per client identity, so one vendor or LRM cannot take the
/// server's threads or database connections from the others. Thread-safe; the clock is injected.
class ClientLimiter
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit ClientLimiter(ClientLimits limits, Clock clock = [] { return std::chrono::steady_clock::now(); });

    enum class Verdict
    {
        Admitted,
        RateLimited,
        TooManyConcurrent,
    };
    struct Admission
    {
        Verdict verdict = Verdict::Admitted;
        std::chrono::seconds retryAfter{0}; ///< for a refusal: when a retry can succeed (at least 1 s)
    };

    /// Takes a token and a concurrency slot for `identity`; an admitted request must be release()d once.
    Admission admit(const core::ClientIdentity& identity);
    void release(const core::ClientIdentity& identity);

    /// Refusals so far, for /metrics.
    unsigned long long rateLimited() const;
    unsigned long long concurrencyLimited() const;

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::steady_clock::time_point refilled;
        bool started = false;
        int active = 0;
    };

    ClientLimits _limits;
    Clock _clock;
    mutable std::mutex _mutex;
    std::map<std::string, Bucket> _buckets; ///< by identity name
    unsigned long long _rateLimited = 0;
    unsigned long long _concurrencyLimited = 0;
};

/// Holds an admitted request's slot until the end of the request.
class ClientLease
{
public:
    ClientLease(ClientLimiter& limiter, const core::ClientIdentity& identity) : _limiter(&limiter), _identity(identity) { }
    ~ClientLease()
    {
        if (_limiter)
            _limiter->release(_identity);
    }
    ClientLease(const ClientLease&) = delete;
    ClientLease& operator=(const ClientLease&) = delete;

private:
    ClientLimiter* _limiter;
    core::ClientIdentity _identity;
};

} // namespace sas::fhir::rest
