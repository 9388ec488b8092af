#include "core/time/ZoneRules.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

ZoneRules::ZoneRules(std::string name, std::int32_t initialOffset, std::vector<ZoneTransition> transitions,
                     std::optional<PosixZoneRule> tail)
    : _name(std::move(name)), _initialOffset(initialOffset), _transitions(std::move(transitions)), _tail(std::move(tail))
{
    std::sort(_transitions.begin(), _transitions.end(),
              [](const ZoneTransition& a, const ZoneTransition& b) { return a.at < b.at; });
}

ZoneRules ZoneRules::fixed(std::string name, std::int32_t offset)
{
    return ZoneRules(std::move(name), offset, {}, std::nullopt);
}

namespace
{

/// Seconds since the epoch of local midnight starting the `week`-th `weekday` of `month`.
std::int64_t ruleDay(int year, const PosixZoneRule::Date& date)
{
    const weekday wd{static_cast<unsigned>(date.weekday)};
    const auto ym = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(date.month)};
    sys_days day = date.week >= 5 ? sys_days{ym / wd[last]} : sys_days{ym / wd[static_cast<unsigned>(date.week)]};
    return duration_cast<seconds>(day.time_since_epoch()).count();
}

} // namespace

std::int32_t ZoneRules::tailOffset(std::int64_t at) const
{
    const PosixZoneRule& rule = *_tail;
    if (!rule.daylightOffset)
        return rule.standardOffset;
    const auto localDay = floor<days>(sys_seconds{seconds{at + rule.standardOffset}});
    const int year = static_cast<int>(year_month_day{localDay}.year());
    // Start is given in standard local time, end in daylight local time.
    const std::int64_t start = ruleDay(year, rule.daylightStart) + rule.daylightStart.time - rule.standardOffset;
    const std::int64_t end = ruleDay(year, rule.daylightEnd) + rule.daylightEnd.time - *rule.daylightOffset;
    const bool daylight = start < end ? (at >= start && at < end) : (at >= start || at < end);
    return daylight ? *rule.daylightOffset : rule.standardOffset;
}

std::int32_t ZoneRules::offsetAtSeconds(std::int64_t at) const
{
    auto after = std::upper_bound(_transitions.begin(), _transitions.end(), at,
                                  [](std::int64_t value, const ZoneTransition& t) { return value < t.at; });
    if (after == _transitions.end() && _tail)
        return tailOffset(at);
    if (after == _transitions.begin())
        return _initialOffset;
    return std::prev(after)->offset;
}

seconds ZoneRules::offsetAt(sys_seconds instant) const
{
    return seconds{offsetAtSeconds(instant.time_since_epoch().count())};
}

local_seconds ZoneRules::toLocal(sys_seconds instant) const
{
    return local_seconds{instant.time_since_epoch() + offsetAt(instant)};
}

sys_seconds ZoneRules::toSys(local_seconds local) const
{
    const std::int64_t wall = local.time_since_epoch().count();
    // Offsets in force a day either side bracket every real-world change (none exceeds a day).
    const std::int32_t before = offsetAtSeconds(wall - 86400);
    const std::int32_t after = offsetAtSeconds(wall + 86400);
    const bool beforeFits = offsetAtSeconds(wall - before) == before;
    const bool afterFits = offsetAtSeconds(wall - after) == after;
    std::int64_t utc;
    if (beforeFits && afterFits)
        utc = std::min(wall - before, wall - after); // overlap: the earlier instant
    else if (beforeFits)
        utc = wall - before;
    else if (afterFits)
        utc = wall - after;
    else
        utc = wall - before; // gap: read with the offset before it, which lands after the change
    return sys_seconds{seconds{utc}};
}

} // namespace sas::core
