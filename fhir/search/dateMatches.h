#pragma once

#include "fhir/search/DateRange.h"
#include "fhir/search/SearchQuery.h"

namespace sas::fhir::search
{

/// Whether a stored value covering `value` matches a date search `prefix` + `query`, by the R4 rules
/// (http://hl7.org/fhir/R4/search.html#prefix), both ranges half-open [low, high):
///
/// | prefix | rule                                                                   | predicate (SQL alike) |
/// |--------|------------------------------------------------------------------------|--------------------------------------|
/// | eq     | the query range fully contains the value range                         | q.low <= v.low AND v.high <=
/// q.high  | | ne     | not eq                                                                 | v.low < q.low OR
/// v.high > q.high     | | gt     | the value range reaches beyond the query range                         | v.high >
/// q.high                      | | lt     | the value range starts before the query range                          |
/// v.low < q.low                        | | ge     | gt or eq | v.high > q.high OR (eq)              | | le     | lt or
/// eq                                                               | v.low < q.low OR (eq)                | | sa     |
/// the value starts after the query range ends                            | v.low >= q.high                      | | eb
/// | the value ends before the query range starts                           | v.high <= q.low                      | |
/// ap     | the value overlaps the query range widened by 10 % of the distance    | v.low < q.high + d AND | |        |
/// from `now` to the query's start on each side                           |   v.high > q.low - d                 |
///
/// with d = |now - q.low| / 10 (so "ap" a year away tolerates about 36 days, "ap" today almost nothing beyond the
/// query's own precision). For a Slot whose start has millisecond precision `ge2026-11-22` is start >= the day's
/// first instant and `le2026-11-22` start < the next day's first instant, as users expect.
/// `now` (microseconds since the epoch, UTC) matters only for ap; inject the clock.
bool dateMatches(Prefix prefix, DateRange query, DateRange value, Micros now);

} // namespace sas::fhir::search
