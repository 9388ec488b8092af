#include "adapters/vendors/CircuitBreaker.h"

namespace sas::adapters::vendors
{

bool CircuitBreaker::allow(const std::string& vendorId)
{
    std::lock_guard lock(_mutex);
    State& state = _states[vendorId];
    if (!state.open)
        return true;
    if (_clock.now() - state.openedAt < _config.openFor || state.trialInFlight)
        return false;
    state.trialInFlight = true; // half-open: this caller is the trial
    return true;
}

void CircuitBreaker::recordSuccess(const std::string& vendorId)
{
    std::lock_guard lock(_mutex);
    _states[vendorId] = State{};
    Tally& tally = _tallies[vendorId];
    ++tally.successes;
    tally.lastSuccess = _clock.now();
}

void CircuitBreaker::recordFailure(const std::string& vendorId)
{
    std::lock_guard lock(_mutex);
    State& state = _states[vendorId];
    Tally& tally = _tallies[vendorId];
    ++tally.failures;
    tally.lastFailure = _clock.now();
    ++state.consecutiveFailures;
    if (state.open || state.consecutiveFailures >= _config.failuresToOpen)
    {
        state.open = true;
        state.trialInFlight = false;
        state.openedAt = _clock.now();
    }
}

bool CircuitBreaker::isOpen(const std::string& vendorId) const
{
    std::lock_guard lock(_mutex);
    auto found = _states.find(vendorId);
    return found != _states.end() && found->second.open;
}

std::map<std::string, VendorHealth> CircuitBreaker::health() const
{
    std::lock_guard lock(_mutex);
    std::map<std::string, VendorHealth> out;
    const auto now = _clock.now();
    for (const auto& [vendor, tally] : _tallies)
    {
        VendorHealth& health = out[vendor];
        health.successes = tally.successes;
        health.failures = tally.failures;
        health.lastSuccess = tally.lastSuccess;
        health.lastFailure = tally.lastFailure;
        if (auto state = _states.find(vendor); state != _states.end() && state->second.open)
            health.circuit = now - state->second.openedAt < _config.openFor ? "open" : "half-open";
    }
    return out;
}

} // namespace sas::adapters::vendors
