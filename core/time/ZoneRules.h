#pragma once

#include "core/Result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sas::core
{

/// One change of UTC offset: from `at` (UTC) on, local time is UTC + `offset`.
struct ZoneTransition
{
    std::int64_t at = 0;     ///< seconds since the Unix epoch, UTC
    std::int32_t offset = 0; ///< seconds east of UTC
};

/// The rule a POSIX TZ string gives for years after the last listed transition
/// ("CET-1CEST,M3.5.0,M10.5.0/3"). Only the `Mm.w.d` date form is supported, which is the one
/// every zone of the French territories uses.
struct PosixZoneRule
{
    struct Date
    {
        int month = 1;   ///< 1..12
        int week = 1;    ///< 1..5, 5 = last
        int weekday = 0; ///< 0 = Sunday
        std::int32_t time = 7200; ///< seconds after local midnight
    };
    std::int32_t standardOffset = 0; ///< seconds east of UTC
    std::optional<std::int32_t> daylightOffset;
    Date daylightStart;
    Date daylightEnd;
};

/// Parses a POSIX TZ string; Invalid when it uses a form we do not support.
Result<PosixZoneRule> parsePosixZoneRule(std::string_view text);

/// The UTC offsets of one IANA time zone over time: the transitions of the zoneinfo file and the
/// POSIX rule after them. A pure value, so conversions are testable without the system database.
class ZoneRules
{
public:
    ZoneRules(std::string name, std::int32_t initialOffset, std::vector<ZoneTransition> transitions,
              std::optional<PosixZoneRule> tail);

    /// A zone that never changes offset (tests, "Etc/GMT+3").
    static ZoneRules fixed(std::string name, std::int32_t offset);

    const std::string& name() const { return _name; }

    std::chrono::seconds offsetAt(std::chrono::sys_seconds instant) const;
    std::chrono::local_seconds toLocal(std::chrono::sys_seconds instant) const;

    /// The instant of a wall-clock time. A time that does not exist (spring-forward gap) moves
    /// forward by the gap, 02:30 becoming 03:30; a time that exists twice (autumn overlap) is the
    /// earlier instant. Both are what a person reading a clock on the wall would expect.
    std::chrono::sys_seconds toSys(std::chrono::local_seconds local) const;

private:
    std::int32_t offsetAtSeconds(std::int64_t at) const;
    std::int32_t tailOffset(std::int64_t at) const;

    std::string _name;
    std::int32_t _initialOffset;
    std::vector<ZoneTransition> _transitions; ///< sorted by `at`
    std::optional<PosixZoneRule> _tail;
};

/// Parses the bytes of a TZif file (RFC 8536, versions 1 to 4). Invalid when they are not one.
Result<ZoneRules> parseTzif(std::string name, std::string_view bytes);

} // namespace sas::core
