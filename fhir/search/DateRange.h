#pragma once

#include <cstdint>
#include <limits>

namespace sas::fhir::search
{

/// Microseconds since the Unix epoch, UTC.
using Micros = std::int64_t;

constexpr Micros MICROS_PER_SECOND = 1'000'000;
constexpr Micros MICROS_PER_DAY = 86'400 * MICROS_PER_SECOND;
/// Open bounds of a Period without start or end.
constexpr Micros DATE_MIN = std::numeric_limits<Micros>::min();
constexpr Micros DATE_MAX = std::numeric_limits<Micros>::max();

/// The half-open interval [low, high) of instants a FHIR date, dateTime, instant or Period covers, at the
/// precision it is written with: "2026-11-22" is that whole day (in Europe/Paris time), "2026-11-22T10:00:00Z" one
/// second, "2026-11-22T10:00:00.000Z" one millisecond.
struct DateRange
{
    Micros low = 0;
    Micros high = 0;

    friend bool operator==(const DateRange&, const DateRange&) = default;
};

} // namespace sas::fhir::search
