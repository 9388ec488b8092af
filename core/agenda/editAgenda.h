#pragma once

#include "core/Result.h"
#include "core/model/Agenda.h"

#include <chrono>
#include <map>
#include <vector>

namespace sas::core
{

/// What a doctor enters for a slot: times, créneau or plage, modalities.
struct SlotValues
{
    std::chrono::minutes start{0};
    std::chrono::minutes end{0};
    bool plage = false;
    int capacity = 1; ///< patients of a plage (≥ 1); 1 for a créneau
    Modalities modalities = 0;
};

/// Checks slot values (sas-platform.md behaviours 51, 55): start before end within the day,
/// a plage of N ≥ 1 patients, at least one modality. Every problem is reported.
Status validateSlotValues(const SlotValues& values);

/// The rules a creation form produces (behaviours 52, 53): on `date`, once or every week, plus a
/// weekly rule for each other ISO weekday (1 = Monday … 7 = Sunday) in `repeat`, dated the next
/// such day. Ids are left 0 for the store to assign. Invalid for a weekday outside 1..7.
Result<std::vector<AgendaRule>> planAgendaRules(const std::string& placeId, std::chrono::local_days date,
                                                const SlotValues& values, const std::vector<int>& repeat);

/// Which occurrences an edit or a deletion touches.
enum class EditScope
{
    Occurrence, ///< this date only
    Series,     ///< every occurrence
    SeriesFrom, ///< this date and every later one
};

/// The rule changes an edit or deletion produces, for the store to apply in one transaction.
struct AgendaChange
{
    std::vector<AgendaRule> upserts; ///< id 0: a new rule
    std::vector<std::int64_t> deletions;
};

/// Edits `rule` (behaviour 56): one occurrence becomes an exception plus a new dated rule; the
/// series is updated in place; "from a date" ends the series there and starts a new one with the
/// new values. Conflict when an affected occurrence already has an orientation (behaviour 58).
Result<AgendaChange> editAgendaRule(const AgendaRule& rule, EditScope scope, std::chrono::local_days date,
                                    const SlotValues& values, const std::map<OccurrenceKey, int>& booked,
                                    std::chrono::local_days today);

/// Deletes from `rule` (behaviour 57): a dated rule or a whole series disappears; one occurrence
/// becomes an exception; "from a date" ends the series before that date. Conflict when an
/// affected occurrence already has an orientation.
Result<AgendaChange> deleteAgendaRule(const AgendaRule& rule, EditScope scope, std::chrono::local_days date,
                                      const std::map<OccurrenceKey, int>& booked, std::chrono::local_days today);

/// Checks an unavailability declaration (behaviour 60): at most three periods, each ending after
/// it starts.
Status validateUnavailability(const Unavailability& unavailability);

} // namespace sas::core
