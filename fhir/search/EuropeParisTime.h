#pragma once

#include "fhir/search/DateRange.h"

namespace sas::fhir::search
{

/// Europe/Paris civil time, computed from the rules rather than the system time-zone database, so results do not
/// depend on the host's TZ or tzdata and cost no system call: UTC+01:00 (CET), and UTC+02:00 (CEST) from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October (EU rule, in force since 1996). From 1981
/// to 1995 summer time ended on the last Sunday of September at 01:00 UTC; before 1981 this class applies no summer
/// time (France had some from 1976 to 1980, irrelevant to scheduling data). Should the EU abolish summer time, this
/// is the one place to change.
class EuropeParisTime
{
public:
    /// The offset from UTC in microseconds at an instant: one or two hours.
    static Micros offsetAt(Micros utc);

    /// Whether summer time is in force at an instant.
    static bool isSummerTime(Micros utc);

    /// The instant of a Paris wall-clock time, given as microseconds since 1970-01-01T00:00 of the wall clock.
    /// A time repeated when clocks go back (02:00–03:00 on the last Sunday of October) is read as its first
    /// occurrence (summer time); a time skipped when clocks go forward (02:00–03:00 on the last Sunday of March) is
    /// read with the winter offset, i.e. 02:30 becomes 03:30 CEST. Midnight, the bound of every partial date, is
    /// never ambiguous.
    static Micros toUtc(Micros local);
};

} // namespace sas::fhir::search
