#include "fhir/search/canonicalInstant.h"

#include "fhir/search/EuropeParisTime.h"
#include "fhir/search/daysFromCivil.h"

#include <cstdio>
#include <cstdlib>

namespace sas::fhir::search
{
namespace
{

constexpr Micros SECONDS_PER_DAY = 86'400;

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value)
{
    if (at + count > text.size())
        return false;
    value = 0;
    for (std::size_t i = at; i < at + count; ++i)
    {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

struct Civil
{
    int year;
    int month;
    int day;
};

/// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of daysFromCivil).
Civil civilFromDays(Micros days)
{
    days += 719468;
    const Micros era = (days >= 0 ? days : days - 146096) / 146097;
    const Micros dayOfEra = days - era * 146097;
    const Micros yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const Micros dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const Micros shiftedMonth = (5 * dayOfYear + 2) / 153;
    const int day = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    const int month = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    return Civil{static_cast<int>(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

} // namespace

std::optional<std::string> canonicalInstant(std::string_view text)
{
    // YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm)
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' || !digits(text, 5, 2, month) ||
        text[7] != '-' || !digits(text, 8, 2, day) || text[10] != 'T' || !digits(text, 11, 2, hour) ||
        text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' || !digits(text, 17, 2, second))
        return std::nullopt;
    std::size_t at = 19;
    std::string fraction;
    if (at < text.size() && text[at] == '.')
    {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9')
            fraction += text[at++];
        if (fraction.empty())
            return std::nullopt;
    }
    if (fraction.size() < 3)
        fraction.append(3 - fraction.size(), '0');
    const std::string_view zone = text.substr(at);
    if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':')
    {
        int offsetHours = 0, offsetMinutes = 0;
        if (!digits(zone, 1, 2, offsetHours) || !digits(zone, 4, 2, offsetMinutes))
            return std::nullopt;
        return std::string(text.substr(0, 19)) + "." + fraction + std::string(zone);
    }
    if (zone != "Z")
        return std::nullopt;

    const Micros utc =
        (daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second) * MICROS_PER_SECOND;
    const Micros offset = EuropeParisTime::offsetAt(utc);
    const Micros localSeconds = (utc + offset) / MICROS_PER_SECOND;
    const Micros localDays = (localSeconds >= 0 ? localSeconds : localSeconds - (SECONDS_PER_DAY - 1)) / SECONDS_PER_DAY;
    const Micros secondOfDay = localSeconds - localDays * SECONDS_PER_DAY;
    const Civil civil = civilFromDays(localDays);
    const int offsetMinutes = static_cast<int>(offset / (60 * MICROS_PER_SECOND));
    char dateTime[64];
    std::snprintf(dateTime, sizeof dateTime, "%04d-%02d-%02dT%02d:%02d:%02d", civil.year, civil.month, civil.day,
                  static_cast<int>(secondOfDay / 3600), static_cast<int>(secondOfDay / 60 % 60),
                  static_cast<int>(secondOfDay % 60));
    char offsetText[16];
    std::snprintf(offsetText, sizeof offsetText, "%c%02d:%02d", offsetMinutes < 0 ? '-' : '+',
                  std::abs(offsetMinutes) / 60, std::abs(offsetMinutes) % 60);
    return std::string(dateTime) + "." + fraction + offsetText;
}

} // namespace sas::fhir::search
