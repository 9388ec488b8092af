#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sas::fhir::rest
{

/// Counts requests being handled so a graceful stop can wait for them, and refuses new ones once
/// draining has begun. Thread-safe.
class InFlightRequests
{
public:
    /// Registers a request; false when draining (the caller answers 503 and closes).
    bool enter();
    void leave();

    /// Stops admitting requests and waits until none is in flight or `timeout` passes.
    /// Returns the number still running at the end (0 on a clean drain).
    int drain(std::chrono::milliseconds timeout);

    int count() const;

private:
    mutable std::mutex _mutex;
    std::condition_variable _idle;
    int _count = 0;
    bool _draining = false;
};

/// RAII registration of one request.
class InFlightGuard
{
public:
    explicit InFlightGuard(InFlightRequests& requests) : _requests(requests), _admitted(requests.enter()) { }
    ~InFlightGuard()
    {
        if (_admitted)
            _requests.leave();
    }
    InFlightGuard(const InFlightGuard&) = delete;
    InFlightGuard& operator=(const InFlightGuard&) = delete;

    bool admitted() const { return _admitted; }

private:
    InFlightRequests& _requests;
    bool _admitted;
};

} // namespace sas::fhir::rest
