// Agenda SAS: weekly recurrence in wall-clock time across DST, edits and deletions by scope,
// orientations freezing a slot, unavailability (sas-platform.md behaviours 28, 34, 35, 52–60).

#include "adapters/geo/ZoneinfoTimeZones.h"
#include "core/agenda/editAgenda.h"
#include "core/agenda/expandAgenda.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using namespace sas::core;

namespace
{

local_days date(int y, unsigned m, unsigned d) { return local_days{year{y} / month{m} / day{d}}; }
sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0)
{
    return sys_seconds{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

const ZoneRules& paris()
{
    static auto zone = *sas::adapters::geo::ZoneinfoTimeZones().zone("Europe/Paris");
    return *zone;
}

AgendaRule weekly(std::int64_t id, local_days first, int startHour, int endHour)
{
    AgendaRule rule;
    rule.id = id;
    rule.placeId = "p1";
    rule.firstDate = first;
    rule.weekly = true;
    rule.start = hours{startHour};
    rule.end = hours{endHour};
    rule.modalities = InPerson;
    return rule;
}

SlotValues values(int startHour, int endHour, bool plage = false, int capacity = 1)
{
    return SlotValues{hours{startHour}, hours{endHour}, plage, capacity, InPerson};
}

} // namespace

TEST(AgendaExpansion, WeeklySlotKeepsItsWallClockTimeAcrossDaylightSaving)
{
    // Every Saturday, Sunday and Monday at 09:00 around the spring change (Sunday 29 March 2026).
    std::vector<AgendaRule> rules{weekly(1, date(2026, 3, 28), 9, 10), weekly(2, date(2026, 3, 29), 9, 10),
                                  weekly(3, date(2026, 3, 30), 9, 10)};
    auto slots = expandAgenda(rules, paris(), utc(2026, 3, 28, 0), utc(2026, 3, 31, 0));
    ASSERT_EQ(slots.size(), 3u);
    EXPECT_EQ(slots[0].start, utc(2026, 3, 28, 8)); // CET
    EXPECT_EQ(slots[1].start, utc(2026, 3, 29, 7)); // CEST from that night on
    EXPECT_EQ(slots[2].start, utc(2026, 3, 30, 7));
    for (const auto& slot : slots)
        EXPECT_EQ(paris().toLocal(slot.start) - floor<days>(paris().toLocal(slot.start)), hours{9});

    // January and July: the same 09:00 on the wall (behaviour 35).
    auto january = expandAgenda({weekly(4, date(2026, 1, 5), 9, 10)}, paris(), utc(2026, 1, 12, 0), utc(2026, 1, 13, 0));
    auto july = expandAgenda({weekly(4, date(2026, 1, 5), 9, 10)}, paris(), utc(2026, 7, 13, 0), utc(2026, 7, 14, 0));
    ASSERT_EQ(january.size(), 1u);
    ASSERT_EQ(july.size(), 1u);
    EXPECT_EQ(january[0].start, utc(2026, 1, 12, 8));
    EXPECT_EQ(july[0].start, utc(2026, 7, 13, 7));
}

TEST(AgendaExpansion, AutumnChangeMakesThatNightOneHourLonger)
{
    // A 01:00–04:00 plage on the night of the autumn change lasts four real hours.
    AgendaRule night = weekly(1, date(2026, 10, 18), 1, 4);
    night.plage = true;
    night.capacity = 3;
    auto slots = expandAgenda({night}, paris(), utc(2026, 10, 24, 0), utc(2026, 10, 26, 0));
    ASSERT_EQ(slots.size(), 1u);
    EXPECT_EQ(slots[0].date, date(2026, 10, 25));
    EXPECT_EQ(slots[0].end - slots[0].start, hours{4});
    EXPECT_EQ(slots[0].capacity, 3);
}

TEST(AgendaExpansion, EndBeforeStartRunsIntoTheNextDay)
{
    AgendaRule late = weekly(1, date(2026, 1, 5), 22, 2); // behaviour 34
    auto slots = expandAgenda({late}, paris(), utc(2026, 1, 5, 0), utc(2026, 1, 6, 12));
    ASSERT_EQ(slots.size(), 1u);
    EXPECT_EQ(slots[0].end - slots[0].start, hours{4});
}

TEST(AgendaExpansion, ExceptionsUntilAndBookingsApply)
{
    AgendaRule rule = weekly(7, date(2026, 1, 5), 9, 10);
    rule.exceptions.insert(date(2026, 1, 12));
    rule.until = date(2026, 1, 26);
    std::map<OccurrenceKey, int> booked{{{7, date(2026, 1, 19)}, 1}};
    auto slots = expandAgenda({rule}, paris(), utc(2026, 1, 1, 0), utc(2026, 3, 1, 0), nullptr, booked);
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[0].date, date(2026, 1, 5));
    EXPECT_EQ(slots[1].date, date(2026, 1, 19));
    EXPECT_EQ(slots[1].booked, 1);
    EXPECT_EQ(slots[1].remaining(), 0);
}

TEST(AgendaExpansion, UnavailabilityRemovesSlotsStartingInsideHalfOpenPeriods)
{
    std::vector<AgendaRule> rules{weekly(1, date(2026, 6, 1), 8, 9), weekly(2, date(2026, 6, 2), 8, 9),
                                  weekly(3, date(2026, 6, 3), 8, 9)};
    Unavailability off;
    off.placeId = "p1";
    // 2 June 08:00 (included) to 3 June 08:00 (excluded), wall clock in Paris.
    off.periods.push_back({local_seconds{date(2026, 6, 2)} + hours{8}, local_seconds{date(2026, 6, 3)} + hours{8}});
    auto slots = expandAgenda(rules, paris(), utc(2026, 6, 1, 0), utc(2026, 6, 4, 0), &off);
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[0].date, date(2026, 6, 1));
    EXPECT_EQ(slots[1].date, date(2026, 6, 3));

    off.indefinite = true; // "dès maintenant, pour une durée indéterminée"
    EXPECT_TRUE(expandAgenda(rules, paris(), utc(2026, 6, 1, 0), utc(2026, 6, 4, 0), &off).empty());
}

TEST(AgendaPlanning, RepeatDaysMakeOneRulePerWeekday)
{
    // Tuesday 2 June 2026 with repeat [2, 4]: weekly Tuesday and weekly Thursday dated +2 days.
    auto rules = planAgendaRules("p1", date(2026, 6, 2), values(9, 10), {2, 4});
    ASSERT_TRUE(rules.has_value());
    ASSERT_EQ(rules->size(), 2u);
    EXPECT_TRUE((*rules)[0].weekly);
    EXPECT_EQ((*rules)[0].firstDate, date(2026, 6, 2));
    EXPECT_TRUE((*rules)[1].weekly);
    EXPECT_EQ((*rules)[1].firstDate, date(2026, 6, 4));

    // Repeat [4] only: a dated Tuesday plus a weekly Thursday (behaviour 53).
    rules = planAgendaRules("p1", date(2026, 6, 2), values(9, 10), {4});
    ASSERT_EQ(rules->size(), 2u);
    EXPECT_FALSE((*rules)[0].weekly);
    EXPECT_TRUE((*rules)[1].weekly);
    // Monday after a Tuesday wraps to the next week.
    rules = planAgendaRules("p1", date(2026, 6, 2), values(9, 10), {1});
    EXPECT_EQ((*rules)[1].firstDate, date(2026, 6, 8));

    EXPECT_EQ(planAgendaRules("p1", date(2026, 6, 2), values(9, 10), {8}).error().code, ErrorCode::Invalid);
}

TEST(AgendaPlanning, SlotValuesReportEveryProblem)
{
    auto bad = validateSlotValues(SlotValues{hours{10}, hours{9}, true, 0, 0});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().issues.size(), 3u); // end before start, plage of 0, no modality
    EXPECT_TRUE(validateSlotValues(values(9, 10)).has_value());
    EXPECT_TRUE(validateSlotValues(values(9, 12, true, 6)).has_value());
    EXPECT_FALSE(validateSlotValues(SlotValues{hours{9}, hours{10}, false, 1, 8}).has_value()); // unknown modality bit
}

TEST(AgendaEdits, OneOccurrenceBecomesAnExceptionPlusADatedSlot)
{
    const AgendaRule rule = weekly(5, date(2026, 6, 1), 9, 10);
    auto change = editAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 15), values(14, 15), {}, date(2026, 6, 1));
    ASSERT_TRUE(change.has_value()) << change.error().message;
    ASSERT_EQ(change->upserts.size(), 2u);
    EXPECT_TRUE(change->upserts[0].exceptions.count(date(2026, 6, 15)));
    EXPECT_FALSE(change->upserts[1].weekly);
    EXPECT_EQ(change->upserts[1].id, 0);
    EXPECT_EQ(change->upserts[1].start, hours{14});

    auto slots = expandAgenda(change->upserts, paris(), utc(2026, 6, 8, 0), utc(2026, 6, 23, 0));
    ASSERT_EQ(slots.size(), 3u); // 8 June 09:00, 15 June 14:00, 22 June 09:00
    EXPECT_EQ(slots[1].start, utc(2026, 6, 15, 12));
}

TEST(AgendaEdits, SeriesFromADateSplitsTheSeries)
{
    AgendaRule rule = weekly(5, date(2026, 6, 1), 9, 10);
    rule.exceptions.insert(date(2026, 6, 29));
    auto change = editAgendaRule(rule, EditScope::SeriesFrom, date(2026, 6, 15), values(11, 12), {}, date(2026, 6, 1));
    ASSERT_TRUE(change.has_value());
    ASSERT_EQ(change->upserts.size(), 2u);
    EXPECT_EQ(change->upserts[0].until, date(2026, 6, 15));
    EXPECT_EQ(change->upserts[1].firstDate, date(2026, 6, 15));
    EXPECT_TRUE(change->upserts[1].exceptions.count(date(2026, 6, 29)));
    auto slots = expandAgenda(change->upserts, paris(), utc(2026, 6, 1, 0), utc(2026, 7, 1, 0));
    ASSERT_EQ(slots.size(), 4u); // 1, 8 at 09:00; 15, 22 at 11:00; 29 excluded
    EXPECT_EQ(slots[1].start, utc(2026, 6, 8, 7));
    EXPECT_EQ(slots[2].start, utc(2026, 6, 15, 9));

    auto series = editAgendaRule(rule, EditScope::Series, date(2026, 6, 15), values(11, 12), {}, date(2026, 6, 1));
    ASSERT_EQ(series->upserts.size(), 1u);
    EXPECT_EQ(series->upserts[0].id, 5);
    EXPECT_EQ(series->upserts[0].start, hours{11});
}

TEST(AgendaEdits, DeletionsByScope)
{
    const AgendaRule rule = weekly(5, date(2026, 6, 1), 9, 10);
    auto one = deleteAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 8), {}, date(2026, 6, 1));
    ASSERT_TRUE(one.has_value());
    EXPECT_TRUE(one->upserts[0].exceptions.count(date(2026, 6, 8)));
    auto from = deleteAgendaRule(rule, EditScope::SeriesFrom, date(2026, 6, 15), {}, date(2026, 6, 1));
    EXPECT_EQ(from->upserts[0].until, date(2026, 6, 15));
    auto slots = expandAgenda(from->upserts, paris(), utc(2026, 6, 1, 0), utc(2026, 7, 1, 0));
    EXPECT_EQ(slots.size(), 2u); // earlier occurrences stay (behaviour 57)
    auto all = deleteAgendaRule(rule, EditScope::Series, date(2026, 6, 15), {}, date(2026, 6, 1));
    EXPECT_EQ(all->deletions, std::vector<std::int64_t>{5});
    EXPECT_EQ(deleteAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 9), {}, date(2026, 6, 1)).error().code,
              ErrorCode::NotFound); // a Tuesday: no occurrence
}

TEST(AgendaEdits, AnOccurrenceWithAnOrientationCannotBeEditedOrDeleted)
{
    const AgendaRule rule = weekly(5, date(2026, 6, 1), 9, 10);
    const std::map<OccurrenceKey, int> booked{{{5, date(2026, 6, 15)}, 1}};
    const auto today = date(2026, 6, 1);
    EXPECT_EQ(editAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 15), values(9, 11), booked, today).error().code,
              ErrorCode::Conflict);
    EXPECT_EQ(deleteAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 15), booked, today).error().code,
              ErrorCode::Conflict);
    EXPECT_EQ(deleteAgendaRule(rule, EditScope::SeriesFrom, date(2026, 6, 8), booked, today).error().code,
              ErrorCode::Conflict);
    EXPECT_EQ(deleteAgendaRule(rule, EditScope::Series, date(2026, 6, 8), booked, today).error().code, ErrorCode::Conflict);
    // Other occurrences, and the series after the booked one, remain editable.
    EXPECT_TRUE(deleteAgendaRule(rule, EditScope::Occurrence, date(2026, 6, 8), booked, today).has_value());
    EXPECT_TRUE(deleteAgendaRule(rule, EditScope::SeriesFrom, date(2026, 6, 22), booked, today).has_value());
    // A booking in the past does not freeze the series' future.
    EXPECT_TRUE(editAgendaRule(rule, EditScope::Series, date(2026, 6, 22), values(9, 11), booked, date(2026, 6, 16))
                    .has_value());
}

TEST(Unavailability, AtMostThreePeriodsEachEndingAfterItStarts)
{
    Unavailability off;
    const auto at = [](int d) { return local_seconds{local_days{year{2026} / June / day{unsigned(d)}}}; };
    off.periods = {{at(1), at(2)}, {at(3), at(4)}, {at(5), at(6)}};
    EXPECT_TRUE(validateUnavailability(off).has_value());
    off.periods.push_back({at(7), at(8)});
    EXPECT_FALSE(validateUnavailability(off).has_value());
    off.periods = {{at(4), at(3)}};
    auto bad = validateUnavailability(off);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().issues[0].expression, "periods[0].end");
}
