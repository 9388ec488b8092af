#include "fhir/validate/toEpochMicros.h"

namespace sas::fhir::validate
{

namespace
{

bool digits(std::string_view text, std::size_t position, std::size_t count, int& out)
{
    if (position + count > text.size())
        return false;
    out = 0;
    for (std::size_t i = position; i < position + count; ++i)
    {
        if (text[i] < '0' || text[i] > '9')
            return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(int year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t yearOfEra = year - era * 400;
    const std::int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

} // namespace

std::optional<std::int64_t> toEpochMicros(std::string_view lexical)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(lexical, 0, 4, year) || lexical.size() < 20 || lexical[4] != '-' || !digits(lexical, 5, 2, month) ||
        lexical[7] != '-' || !digits(lexical, 8, 2, day) || lexical[10] != 'T' || !digits(lexical, 11, 2, hour) ||
        lexical[13] != ':' || !digits(lexical, 14, 2, minute) || lexical[16] != ':' || !digits(lexical, 17, 2, second))
        return std::nullopt;
    std::size_t position = 19;
    std::int64_t micros = 0;
    if (lexical[position] == '.')
    {
        ++position;
        std::int64_t scale = 100000;
        const std::size_t start = position;
        while (position < lexical.size() && lexical[position] >= '0' && lexical[position] <= '9')
        {
            micros += (lexical[position] - '0') * scale;
            scale /= 10;
            ++position;
        }
        if (position == start)
            return std::nullopt;
    }
    if (position >= lexical.size())
        return std::nullopt;
    std::int64_t offsetMinutes = 0;
    if (lexical[position] == 'Z')
    {
        if (position + 1 != lexical.size())
            return std::nullopt;
    }
    else
    {
        int offsetHour = 0, offsetMinute = 0;
        const char sign = lexical[position];
        if ((sign != '+' && sign != '-') || position + 6 != lexical.size() ||
            !digits(lexical, position + 1, 2, offsetHour) || lexical[position + 3] != ':' ||
            !digits(lexical, position + 4, 2, offsetMinute))
            return std::nullopt;
        offsetMinutes = (sign == '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const std::int64_t seconds =
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return seconds * 1000000 + micros;
}

} // namespace sas::fhir::validate
