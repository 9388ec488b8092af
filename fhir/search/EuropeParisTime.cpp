#include "fhir/search/EuropeParisTime.h"

#include "fhir/search/daysFromCivil.h"

namespace sas::fhir::search
{

namespace
{

constexpr Micros HOUR = 3600 * MICROS_PER_SECOND;

Micros floorDiv(Micros a, Micros b)
{
    const Micros q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// The year of a day count since 1970-01-01 (inverse of daysFromCivil, year part only).
int yearFromDays(Micros days)
{
    days += 719468;
    const Micros era = (days >= 0 ? days : days - 146096) / 146097;
    const Micros dayOfEra = days - era * 146097;
    const Micros yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const Micros dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const Micros monthIndex = (5 * dayOfYear + 2) / 153;
    const Micros year = yearOfEra + era * 400;
    return static_cast<int>(monthIndex >= 10 ? year + 1 : year);
}

/// Days since the epoch of the last Sunday of a month.
Micros lastSunday(int year, int month)
{
    const Micros lastDay = daysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
    const Micros weekday = ((lastDay + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return lastDay - weekday;
}

} // namespace

bool EuropeParisTime::isSummerTime(Micros utc)
{
    const int year = yearFromDays(floorDiv(utc, MICROS_PER_DAY));
    if (year < 1981)
        return false;
    const Micros start = lastSunday(year, 3) * MICROS_PER_DAY + HOUR;
    const Micros end = lastSunday(year, year >= 1996 ? 10 : 9) * MICROS_PER_DAY + HOUR;
    return utc >= start && utc < end;
}

Micros EuropeParisTime::offsetAt(Micros utc)
{
    return isSummerTime(utc) ? 2 * HOUR : HOUR;
}

Micros EuropeParisTime::toUtc(Micros local)
{
    const Micros summer = local - 2 * HOUR;
    if (isSummerTime(summer))
        return summer;
    return local - HOUR;
}

} // namespace sas::fhir::search
