#pragma once

#include "core/agenda/weeklyHours.h"
#include "core/model/Directory.h"

#include <chrono>
#include <vector>

namespace sas::core
{

/// A calendar quarter (1..4).
struct Quarter
{
    int year = 0;
    int quarter = 1;
};

/// The ISO weeks of a quarter: those whose Thursday falls in it, so each week belongs to exactly
/// one quarter.
std::vector<IsoWeek> isoWeeksOf(Quarter quarter);

/// Minutes offered per ISO week, as weeklyAgendaMinutes gives them.
struct WeekHours
{
    IsoWeek week;
    std::chrono::minutes offered{0};
};

/// Avenant 9, indicator 8: a participating practitioner is eligible when their slots come from an
/// interfaced vendor (software declared, vendor slots not refused, known to the aggregator), or
/// when every week of the quarter offers at least 2 hours on the agenda SAS.
bool indicator8Eligible(const ParticipationSettings& settings, const std::vector<WeekHours>& weeks);

/// Avenant 9, indicator 9: the quarterly amount in euros for `patients` SAS patients
/// (70 € for 5–15, 210 € for 16–25, 350 € for 26–35, 490 € for 36–45, 630 € above 45).
int indicator9Amount(int patients);

} // namespace sas::core
