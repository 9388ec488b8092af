#include "core/agenda/editAgenda.h"

#include <algorithm>

namespace sas::core
{

using namespace std::chrono;

Status validateSlotValues(const SlotValues& values)
{
    Error error{ErrorCode::Invalid, "invalid slot", {}};
    const auto problem = [&](std::string text, std::string where) {
        error.with({Severity::Error, {}, std::move(text), std::move(where)});
    };
    if (values.start < minutes{0} || values.start >= hours{24})
        problem("start must be a time of day", "start");
    if (values.end <= values.start || values.end > hours{24})
        problem("the start must be before the end, on the same day", "end");
    if (values.plage && values.capacity < 1)
        problem("a plage receives at least one patient", "capacity");
    if (!values.plage && values.capacity != 1)
        problem("a créneau receives exactly one patient", "capacity");
    if ((values.modalities & (InPerson | Teleconsultation | HomeVisit)) == 0 ||
        (values.modalities & ~(InPerson | Teleconsultation | HomeVisit)) != 0)
        problem("at least one modality among AMB, VR, HH is required", "modalities");
    if (!error.issues.empty())
        return fail(std::move(error));
    return {};
}

namespace
{

AgendaRule ruleFrom(const std::string& placeId, local_days date, bool weekly, const SlotValues& values)
{
    AgendaRule rule;
    rule.placeId = placeId;
    rule.firstDate = date;
    rule.weekly = weekly;
    rule.start = values.start;
    rule.end = values.end;
    rule.plage = values.plage;
    rule.capacity = values.plage ? values.capacity : 1;
    rule.modalities = values.modalities;
    return rule;
}

void apply(AgendaRule& rule, const SlotValues& values)
{
    rule.start = values.start;
    rule.end = values.end;
    rule.plage = values.plage;
    rule.capacity = values.plage ? values.capacity : 1;
    rule.modalities = values.modalities;
}

/// Conflict when an occurrence of `rule` in [from, until) already has an orientation.
Status refuseIfBooked(const AgendaRule& rule, local_days from, std::optional<local_days> until,
                      const std::map<OccurrenceKey, int>& booked)
{
    for (auto it = booked.lower_bound({rule.id, from}); it != booked.end() && it->first.ruleId == rule.id; ++it)
    {
        if (until && it->first.date >= *until)
            break;
        if (it->second > 0)
            return fail(ErrorCode::Conflict, "this slot already has an orientation and can no longer be changed",
                        "date");
    }
    return {};
}

Status requireOccurrence(const AgendaRule& rule, local_days date)
{
    const bool onSeries = rule.weekly && date >= rule.firstDate && (date - rule.firstDate).count() % 7 == 0 &&
                          (!rule.until || date < *rule.until) && !rule.exceptions.count(date);
    if (!rule.weekly ? date == rule.firstDate : onSeries)
        return {};
    return fail(ErrorCode::NotFound, "the slot has no occurrence on this date", "date");
}

} // namespace

Result<std::vector<AgendaRule>> planAgendaRules(const std::string& placeId, local_days date, const SlotValues& values,
                                                const std::vector<int>& repeat)
{
    for (int day : repeat)
        if (day < 1 || day > 7)
            return fail(ErrorCode::Invalid, "repeat days are 1 (Monday) to 7 (Sunday)", "repeat");
    const int weekdayOfDate = static_cast<int>(weekday{date}.iso_encoding());
    std::vector<int> days(repeat);
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    std::vector<AgendaRule> rules;
    const bool dateRepeats = std::find(days.begin(), days.end(), weekdayOfDate) != days.end();
    rules.push_back(ruleFrom(placeId, date, dateRepeats, values));
    for (int day : days)
    {
        if (day == weekdayOfDate)
            continue;
        const int ahead = ((day - weekdayOfDate) % 7 + 7) % 7;
        rules.push_back(ruleFrom(placeId, date + std::chrono::days{ahead}, true, values));
    }
    return rules;
}

Result<AgendaChange> editAgendaRule(const AgendaRule& rule, EditScope scope, local_days date, const SlotValues& values,
                                    const std::map<OccurrenceKey, int>& booked, local_days today)
{
    if (auto valid = validateSlotValues(values); !valid)
        return fail(valid.error());
    AgendaChange change;
    if (!rule.weekly || scope == EditScope::Series)
    {
        if (auto free = refuseIfBooked(rule, rule.weekly ? today : rule.firstDate, rule.until, booked); !free)
            return fail(free.error());
        AgendaRule updated = rule;
        apply(updated, values);
        change.upserts.push_back(std::move(updated));
        return change;
    }
    if (auto exists = requireOccurrence(rule, date); !exists)
        return fail(exists.error());
    if (scope == EditScope::Occurrence)
    {
        if (auto free = refuseIfBooked(rule, date, date + days{1}, booked); !free)
            return fail(free.error());
        AgendaRule series = rule;
        series.exceptions.insert(date);
        change.upserts.push_back(std::move(series));
        change.upserts.push_back(ruleFrom(rule.placeId, date, false, values));
        return change;
    }
    if (auto free = refuseIfBooked(rule, date, rule.until, booked); !free)
        return fail(free.error());
    AgendaRule before = rule;
    before.until = date;
    AgendaRule after = ruleFrom(rule.placeId, date, true, values);
    after.until = rule.until;
    for (local_days exception : rule.exceptions)
        if (exception >= date)
            after.exceptions.insert(exception);
    if (date <= rule.firstDate)
        change.deletions.push_back(rule.id);
    else
        change.upserts.push_back(std::move(before));
    change.upserts.push_back(std::move(after));
    return change;
}

Result<AgendaChange> deleteAgendaRule(const AgendaRule& rule, EditScope scope, local_days date,
                                      const std::map<OccurrenceKey, int>& booked, local_days today)
{
    AgendaChange change;
    if (!rule.weekly || scope == EditScope::Series)
    {
        if (auto free = refuseIfBooked(rule, rule.weekly ? today : rule.firstDate, rule.until, booked); !free)
            return fail(free.error());
        change.deletions.push_back(rule.id);
        return change;
    }
    if (auto exists = requireOccurrence(rule, date); !exists)
        return fail(exists.error());
    const std::optional<local_days> until = scope == EditScope::Occurrence ? std::optional(date + days{1}) : rule.until;
    if (auto free = refuseIfBooked(rule, date, until, booked); !free)
        return fail(free.error());
    if (scope == EditScope::SeriesFrom && date <= rule.firstDate)
    {
        change.deletions.push_back(rule.id);
        return change;
    }
    AgendaRule updated = rule;
    if (scope == EditScope::Occurrence)
        updated.exceptions.insert(date);
    else
        updated.until = date;
    change.upserts.push_back(std::move(updated));
    return change;
}

Status validateUnavailability(const Unavailability& unavailability)
{
    Error error{ErrorCode::Invalid, "invalid unavailability", {}};
    if (unavailability.periods.size() > Unavailability::MAX_PERIODS)
        error.with({Severity::Error, {}, "at most 3 unavailability periods", "periods"});
    for (std::size_t i = 0; i < unavailability.periods.size(); ++i)
        if (unavailability.periods[i].end <= unavailability.periods[i].start)
            error.with({Severity::Error, {}, "the end of a period cannot precede its start",
                        "periods[" + std::to_string(i) + "].end"});
    if (!error.issues.empty())
        return fail(std::move(error));
    return {};
}

} // namespace sas::core
