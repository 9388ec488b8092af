#pragma once

#include "core/model/Agenda.h"
#include "core/time/ZoneRules.h"

#include <chrono>
#include <vector>

namespace sas::core
{

/// An ISO 8601 week ("2026-W13").
struct IsoWeek
{
    int year = 0;
    int week = 1;
    auto operator<=>(const IsoWeek&) const = default;
};

/// The ISO week of a calendar day.
IsoWeek isoWeekOf(std::chrono::local_days day);
/// The Monday starting an ISO week.
std::chrono::local_days mondayOf(IsoWeek week);

/// One place's agenda for the hours count.
struct PlaceAgenda
{
    const std::vector<AgendaRule>* rules = nullptr;
    const ZoneRules* zone = nullptr;
    const Unavailability* unavailability = nullptr;
};

/// Hours a practitioner offers on the agenda SAS during one ISO week (Monday 00:00 to Sunday
/// 24:00, local to each place), over all their places, counting overlapping slots once and
/// leaving out unavailable ones. Each week stands alone: the 2-hour commitment cannot be averaged.
std::chrono::minutes weeklyAgendaMinutes(const std::vector<PlaceAgenda>& places, IsoWeek week);

} // namespace sas::core
