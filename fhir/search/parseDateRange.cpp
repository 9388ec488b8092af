#include "fhir/search/parseDateRange.h"

#include "fhir/search/EuropeParisTime.h"
#include "fhir/search/daysFromCivil.h"

namespace sas::fhir::search
{

namespace
{

/// Reads exactly `count` digits at `pos`; -1 when they are not all digits.
int readDigits(std::string_view text, std::size_t pos, std::size_t count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i)
    {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

int daysInMonth(int year, int month)
{
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : DAYS[month - 1];
}

Micros localMidnight(int year, int month, int day)
{
    return daysFromCivil(year, month, day) * MICROS_PER_DAY;
}

} // namespace

std::optional<DateRange> parseDateRange(std::string_view text)
{
    const int year = readDigits(text, 0, 4);
    if (year < 1)
        return std::nullopt;
    if (text.size() == 4)
        return DateRange{EuropeParisTime::toUtc(localMidnight(year, 1, 1)),
                         EuropeParisTime::toUtc(localMidnight(year + 1, 1, 1))};
    if (text[4] != '-')
        return std::nullopt;
    const int month = readDigits(text, 5, 2);
    if (month < 1 || month > 12)
        return std::nullopt;
    if (text.size() == 7)
        return DateRange{
            EuropeParisTime::toUtc(localMidnight(year, month, 1)),
            EuropeParisTime::toUtc(month == 12 ? localMidnight(year + 1, 1, 1) : localMidnight(year, month + 1, 1))};
    if (text[7] != '-')
        return std::nullopt;
    const int day = readDigits(text, 8, 2);
    if (day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    const Micros midnight = localMidnight(year, month, day);
    if (text.size() == 10)
        return DateRange{EuropeParisTime::toUtc(midnight), EuropeParisTime::toUtc(midnight + MICROS_PER_DAY)};
    if (text[10] != 'T')
        return std::nullopt;

    const int hour = readDigits(text, 11, 2);
    if (hour < 0 || hour > 23 || text.size() < 16 || text[13] != ':')
        return std::nullopt;
    const int minute = readDigits(text, 14, 2);
    if (minute < 0 || minute > 59)
        return std::nullopt;
    Micros local = midnight + (hour * 3600LL + minute * 60LL) * MICROS_PER_SECOND;
    Micros precision = 60 * MICROS_PER_SECOND;
    std::size_t pos = 16;
    if (pos < text.size() && text[pos] == ':')
    {
        const int second = readDigits(text, pos + 1, 2);
        if (second < 0 || second > 59)
            return std::nullopt;
        local += second * MICROS_PER_SECOND;
        precision = MICROS_PER_SECOND;
        pos += 3;
        if (pos < text.size() && text[pos] == '.')
        {
            ++pos;
            std::size_t digits = 0;
            Micros fraction = 0;
            Micros unit = MICROS_PER_SECOND;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            {
                if (digits < 6)
                {
                    unit /= 10;
                    fraction += (text[pos] - '0') * unit;
                }
                ++digits;
                ++pos;
            }
            if (digits == 0 || digits > 9)
                return std::nullopt;
            local += fraction;
            precision = unit;
        }
    }
    if (pos == text.size())
    {
        const Micros low = EuropeParisTime::toUtc(local);
        return DateRange{low, low + precision};
    }
    Micros offset = 0;
    if (text[pos] == 'Z' && pos + 1 == text.size())
        offset = 0;
    else if ((text[pos] == '+' || text[pos] == '-' || text[pos] == ' ') && pos + 6 == text.size() &&
             text[pos + 3] == ':')
    {
        const int offsetHours = readDigits(text, pos + 1, 2);
        const int offsetMinutes = readDigits(text, pos + 4, 2);
        if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 14 * 60)
            return std::nullopt;
        offset = (offsetHours * 3600LL + offsetMinutes * 60LL) * MICROS_PER_SECOND;
        if (text[pos] == '-')
            offset = -offset;
    }
    else
        return std::nullopt;
    const Micros low = local - offset;
    return DateRange{low, low + precision};
}

} // namespace sas::fhir::search
