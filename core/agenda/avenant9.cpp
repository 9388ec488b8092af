#include "core/agenda/avenant9.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

std::vector<IsoWeek> isoWeeksOf(Quarter q)
{
    const local_days first = local_days{year{q.year} / month{static_cast<unsigned>(3 * q.quarter - 2)} / 1};
    const local_days next = local_days{(year{q.year} / month{static_cast<unsigned>(3 * q.quarter - 2)} / 1) + months{3}};
    std::vector<IsoWeek> weeks;
    // The first Thursday on or after the quarter's first day, then every 7 days.
    local_days thursday = first + days{(4 - static_cast<int>(weekday{first}.iso_encoding()) + 7) % 7};
    for (; thursday < next; thursday += days{7})
        weeks.push_back(isoWeekOf(thursday));
    return weeks;
}

bool indicator8Eligible(const ParticipationSettings& settings, const std::vector<WeekHours>& weeks)
{
    if (!settings.participates)
        return false;
    if (settings.hasSoftware.value_or(false) && !settings.editorDisabled && settings.interfaced)
        return true;
    return !weeks.empty() &&
           std::all_of(weeks.begin(), weeks.end(), [](const WeekHours& w) { return w.offered >= hours{2}; });
}

int indicator9Amount(int patients)
{
    if (patients < 5)
        return 0;
    if (patients <= 15)
        return 70;
    if (patients <= 25)
        return 210;
    if (patients <= 35)
        return 350;
    if (patients <= 45)
        return 490;
    return 630;
}

} // namespace sas::core
