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
}

void CircuitBreaker::recordFailure(const std::string& vendorId)
{
    std::lock_guard lock(_mutex);
    State& state = _states[vendorId];
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

} // namespace sas::adapters::vendors
