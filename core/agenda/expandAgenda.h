#pragma once

#include "core/model/Agenda.h"
#include "core/time/ZoneRules.h"

#include <chrono>
#include <map>
#include <vector>

namespace sas::core
{

/// True when the occurrence starting at `start` falls in the place's unavailability: indefinite
/// mode, or a period [start, end) read in the place's zone (sas-platform.md behaviour 28).
bool isUnavailable(const Unavailability& unavailability, const ZoneRules& zone, std::chrono::sys_seconds start);

/// The occurrences of `rules` that overlap [from, to), sorted by start, without the exceptions,
/// without those the unavailability removes (when given), with their booked counts. Wall-clock
/// times are resolved in `zone` date by date, so a weekly 09:00 is 09:00 in January and July.
std::vector<SlotOccurrence> expandAgenda(const std::vector<AgendaRule>& rules, const ZoneRules& zone,
                                         std::chrono::sys_seconds from, std::chrono::sys_seconds to,
                                         const Unavailability* unavailability = nullptr,
                                         const std::map<OccurrenceKey, int>& booked = {});

/// The occurrence of one rule on one date, or nullopt when the rule has none that day.
std::optional<SlotOccurrence> occurrenceOn(const AgendaRule& rule, std::chrono::local_days date, const ZoneRules& zone);

} // namespace sas::core
