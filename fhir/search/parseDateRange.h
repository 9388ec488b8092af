#pragma once

#include "fhir/search/DateRange.h"

#include <optional>
#include <string_view>

namespace sas::fhir::search
{

/// The range a FHIR date, dateTime or instant covers at its precision, or nullopt when the text is not one:
/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally `Thh:mm`, `Thh:mm:ss` or `Thh:mm:ss.f…` (1–9 fraction digits;
/// beyond 6 the range is one microsecond), each with an optional offset `Z` or `±hh:mm` (at most 14:00).
/// - Without an offset (always so for a date) the value is Europe/Paris wall-clock time (EuropeParisTime): the
///   day 2026-03-29 is 23 hours long, 2026-10-25 is 25 hours.
/// - A space where the offset's `+` belongs ("2024-06-12T16:20:00.000 02:00") is read as `+`: it is what an
///   unencoded `+` in a query string decodes to, and the IG's own example requests send it unencoded.
/// Used both to index stored values and to read search values, so both sides agree to the microsecond.
std::optional<DateRange> parseDateRange(std::string_view text);

} // namespace sas::fhir::search
