#include "fhir/rest/ClientLimiter.h"

#include <algorithm>
#include <cmath>

namespace sas::fhir::rest
{

ClientLimiter::ClientLimiter(ClientLimits limits, Clock clock) : _limits(std::move(limits)), _clock(std::move(clock)) { }

ClientLimiter::Admission ClientLimiter::admit(const core::ClientIdentity& identity)
{
    const auto found = _limits.find(identity.kind);
    const KindLimits limits = found == _limits.end() ? KindLimits{} : found->second;
    const auto now = _clock();
    std::lock_guard lock(_mutex);
    Bucket& bucket = _buckets[identity.name];
    if (limits.maxConcurrent > 0 && bucket.active >= limits.maxConcurrent)
    {
        ++_concurrencyLimited;
        return Admission{Verdict::TooManyConcurrent, std::chrono::seconds(1)};
    }
    if (limits.requestsPerSecond > 0)
    {
        const double capacity = std::max(1.0, limits.burst);
        if (!bucket.started)
        {
            bucket.tokens = capacity;
            bucket.refilled = now;
            bucket.started = true;
        }
        const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
        bucket.tokens = std::min(capacity, bucket.tokens + elapsed * limits.requestsPerSecond);
        bucket.refilled = now;
        if (bucket.tokens < 1.0)
        {
            ++_rateLimited;
            const double wait = (1.0 - bucket.tokens) / limits.requestsPerSecond;
            return Admission{Verdict::RateLimited,
                             std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))))};
        }
        bucket.tokens -= 1.0;
    }
    ++bucket.active;
    return Admission{};
}

void ClientLimiter::release(const core::ClientIdentity& identity)
{
    std::lock_guard lock(_mutex);
    auto found = _buckets.find(identity.name);
    if (found != _buckets.end() && found->second.active > 0)
        --found->second.active;
}

unsigned long long ClientLimiter::rateLimited() const
{
    std::lock_guard lock(_mutex);
    return _rateLimited;
}

unsigned long long ClientLimiter::concurrencyLimited() const
{
    std::lock_guard lock(_mutex);
    return _concurrencyLimited;
}

} // namespace sas::fhir::rest
