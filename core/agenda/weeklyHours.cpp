#include "core/agenda/weeklyHours.h"

#include "core/agenda/expandAgenda.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

IsoWeek isoWeekOf(local_days day)
{
    const auto iso = weekday{day}.iso_encoding();
    const local_days thursday = day + days{4 - static_cast<int>(iso)};
    const year_month_day ymd{sys_days{thursday.time_since_epoch()}};
    const local_days jan1 = local_days{ymd.year() / January / 1};
    return IsoWeek{static_cast<int>(ymd.year()), static_cast<int>((thursday - jan1).count() / 7 + 1)};
}

local_days mondayOf(IsoWeek week)
{
    // 4 January is always in week 1.
    const local_days jan4 = local_days{year{week.year} / January / 4};
    const local_days mondayWeek1 = jan4 - days{static_cast<int>(weekday{jan4}.iso_encoding()) - 1};
    return mondayWeek1 + days{7 * (week.week - 1)};
}

minutes weeklyAgendaMinutes(const std::vector<PlaceAgenda>& places, IsoWeek week)
{
    std::vector<std::pair<sys_seconds, sys_seconds>> intervals;
    const local_days monday = mondayOf(week);
    for (const PlaceAgenda& place : places)
    {
        if (!place.rules || !place.zone)
            continue;
        const sys_seconds from = place.zone->toSys(local_seconds{monday});
        const sys_seconds to = place.zone->toSys(local_seconds{monday + days{7}});
        for (const SlotOccurrence& o : expandAgenda(*place.rules, *place.zone, from, to, place.unavailability))
            intervals.emplace_back(std::max(o.start, from), std::min(o.end, to));
    }
    std::sort(intervals.begin(), intervals.end());
    seconds total{0};
    std::optional<std::pair<sys_seconds, sys_seconds>> current;
    for (const auto& interval : intervals)
    {
        if (current && interval.first <= current->second)
        {
            current->second = std::max(current->second, interval.second);
            continue;
        }
        if (current)
            total += current->second - current->first;
        current = interval;
    }
    if (current)
        total += current->second - current->first;
    return duration_cast<minutes>(total);
}

} // namespace sas::core
