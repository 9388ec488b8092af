#pragma once

#include <chrono>

namespace sas::core
{

/// The source of "now". Domain code receives a Clock and never reads the wall clock itself,
/// so tests can pin time (tests/support/FakeClock.h) around midnight and DST changes.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The real clock, for the composition root.
class SystemClock final : public Clock
{
public:
    std::chrono::system_clock::time_point now() const override;
};

} // namespace sas::core
