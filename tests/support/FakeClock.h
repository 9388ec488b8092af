#pragma once

#include "core/Clock.h"

#include <atomic>

namespace sas::tests
{

/// A clock tests set by hand (midnight, DST changes, window edges).
class FakeClock final : public core::Clock
{
public:
    explicit FakeClock(std::chrono::system_clock::time_point now = {}) : _now(now.time_since_epoch().count()) { }
    std::chrono::system_clock::time_point now() const override
    {
        return std::chrono::system_clock::time_point{std::chrono::system_clock::duration{_now.load()}};
    }
    void set(std::chrono::system_clock::time_point now) { _now = now.time_since_epoch().count(); }

private:
    std::atomic<std::chrono::system_clock::duration::rep> _now;
};

} // namespace sas::tests
