#pragma once

#include "core/Clock.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <cstdint>
#include <string>

namespace sas::adapters::vendors
{

struct CircuitBreakerConfig
{
    int failuresToOpen = 5;                     ///< consecutive failed calls that open the circuit
    std::chrono::milliseconds openFor{30000};   ///< rest before one trial call is let through
};

/// What the breaker has seen of one vendor since start-up, for the operators' page.
struct VendorHealth
{
    std::string circuit = "closed"; ///< "closed", "open" (resting), "half-open" (rest over: next call is the trial)
    std::uint64_t successes = 0;
    std::uint64_t failures = 0;
    std::optional<std::chrono::system_clock::time_point> lastSuccess;
    std::optional<std::chrono::system_clock::time_point> lastFailure;
};

/// Per-vendor circuit breaker: after `failuresToOpen` consecutive failures (timeout, transport error, 5xx,
/// unreadable body) the vendor is not called for `openFor`; then one trial call (half-open) closes it on success
/// or reopens it on failure. Time comes from the injected clock.
class CircuitBreaker
{
public:
    CircuitBreaker(CircuitBreakerConfig config, const core::Clock& clock) : _config(config), _clock(clock) {}

    /// Whether a call may go out now; in half-open state only the first caller gets true.
    bool allow(const std::string& vendorId);
    void recordSuccess(const std::string& vendorId);
    void recordFailure(const std::string& vendorId);
    bool isOpen(const std::string& vendorId) const;
    /// Every vendor called at least once, by id.
    std::map<std::string, VendorHealth> health() const;

private:
    struct State
    {
        int consecutiveFailures = 0;
        bool open = false;
        bool trialInFlight = false;
        std::chrono::system_clock::time_point openedAt;
    };
    struct Tally
    {
        std::uint64_t successes = 0;
        std::uint64_t failures = 0;
        std::optional<std::chrono::system_clock::time_point> lastSuccess;
        std::optional<std::chrono::system_clock::time_point> lastFailure;
    };

    CircuitBreakerConfig _config;
    const core::Clock& _clock;
    mutable std::mutex _mutex;
    std::map<std::string, State> _states;
    std::map<std::string, Tally> _tallies;
};

} // namespace sas::adapters::vendors
