#include "fhir/rest/InFlightRequests.h"

namespace sas::fhir::rest
{

bool InFlightRequests::enter()
{
    std::lock_guard lock(_mutex);
    if (_draining)
        return false;
    ++_count;
    return true;
}

void InFlightRequests::leave()
{
    std::lock_guard lock(_mutex);
    if (--_count == 0)
        _idle.notify_all();
}

int InFlightRequests::drain(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(_mutex);
    _draining = true;
    _idle.wait_for(lock, timeout, [this] { return _count == 0; });
    return _count;
}

int InFlightRequests::count() const
{
    std::lock_guard lock(_mutex);
    return _count;
}

} // namespace sas::fhir::rest
