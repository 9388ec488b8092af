#include "core/agenda/expandAgenda.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

bool isUnavailable(const Unavailability& unavailability, const ZoneRules& zone, sys_seconds start)
{
    if (unavailability.indefinite)
        return true;
    const local_seconds local = zone.toLocal(start);
    return std::any_of(unavailability.periods.begin(), unavailability.periods.end(),
                       [&](const Unavailability::Period& p) { return local >= p.start && local < p.end; });
}

namespace
{

bool hasOccurrenceOn(const AgendaRule& rule, local_days date)
{
    if (date < rule.firstDate)
        return false;
    if (rule.until && date >= *rule.until)
        return false;
    if (rule.exceptions.count(date))
        return false;
    if (!rule.weekly)
        return date == rule.firstDate;
    return (date - rule.firstDate).count() % 7 == 0;
}

SlotOccurrence makeOccurrence(const AgendaRule& rule, local_days date, const ZoneRules& zone)
{
    SlotOccurrence occurrence;
    occurrence.ruleId = rule.id;
    occurrence.date = date;
    occurrence.start = zone.toSys(local_seconds{date} + rule.start);
    const local_days endDay = rule.end <= rule.start ? date + days{1} : date;
    occurrence.end = zone.toSys(local_seconds{endDay} + rule.end);
    occurrence.capacity = rule.plage ? rule.capacity : 1;
    occurrence.plage = rule.plage;
    occurrence.modalities = rule.modalities;
    return occurrence;
}

} // namespace

std::optional<SlotOccurrence> occurrenceOn(const AgendaRule& rule, local_days date, const ZoneRules& zone)
{
    if (!hasOccurrenceOn(rule, date))
        return std::nullopt;
    return makeOccurrence(rule, date, zone);
}

std::vector<SlotOccurrence> expandAgenda(const std::vector<AgendaRule>& rules, const ZoneRules& zone, sys_seconds from,
                                         sys_seconds to, const Unavailability* unavailability,
                                         const std::map<OccurrenceKey, int>& booked)
{
    std::vector<SlotOccurrence> out;
    // A day either side: an occurrence dated the day before may run past midnight into the window.
    const local_days firstDay = floor<days>(zone.toLocal(from)) - days{1};
    const local_days lastDay = floor<days>(zone.toLocal(to)) + days{1};
    for (const AgendaRule& rule : rules)
    {
        local_days date = std::max(firstDay, rule.firstDate);
        if (rule.weekly)
        {
            const auto offset = (date - rule.firstDate).count() % 7;
            if (offset != 0)
                date += days{7 - offset};
        }
        for (; date <= lastDay; date += days{rule.weekly ? 7 : 100000})
        {
            if (!hasOccurrenceOn(rule, date))
                continue;
            SlotOccurrence occurrence = makeOccurrence(rule, date, zone);
            if (occurrence.end <= from || occurrence.start >= to)
                continue;
            if (unavailability && isUnavailable(*unavailability, zone, occurrence.start))
                continue;
            if (auto it = booked.find({rule.id, date}); it != booked.end())
                occurrence.booked = it->second;
            out.push_back(occurrence);
        }
    }
    std::sort(out.begin(), out.end(), [](const SlotOccurrence& a, const SlotOccurrence& b) {
        return a.start != b.start ? a.start < b.start : a.ruleId < b.ruleId;
    });
    return out;
}

} // namespace sas::core
