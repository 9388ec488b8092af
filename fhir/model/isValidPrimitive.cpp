#include "fhir/model/isValidPrimitive.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace sas::fhir
{
namespace
{

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Reads exactly `count` digits at `pos` into `value`.
bool digits(std::string_view text, std::size_t& pos, std::size_t count, int& value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i)
    {
        if (!isDigit(text[pos + i]))
            return false;
        value = value * 10 + (text[pos + i] - '0');
    }
    pos += count;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c)
{
    if (pos >= text.size() || text[pos] != c)
        return false;
    ++pos;
    return true;
}

int daysInMonth(int year, int month)
{
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : DAYS[month - 1];
}

/// YYYY, YYYY-MM or YYYY-MM-DD; `parts` receives how many were present.
bool datePart(std::string_view text, std::size_t& pos, int& parts)
{
    int year = 0;
    int month = 0;
    int day = 0;
    if (!digits(text, pos, 4, year) || year == 0)
        return false;
    parts = 1;
    if (pos == text.size() || text[pos] != '-')
        return true;
    ++pos;
    if (!digits(text, pos, 2, month) || month < 1 || month > 12)
        return false;
    parts = 2;
    if (pos == text.size() || text[pos] != '-')
        return true;
    ++pos;
    if (!digits(text, pos, 2, day) || day < 1 || day > daysInMonth(year, month))
        return false;
    parts = 3;
    return true;
}

/// hh:mm:ss(.fff)?
bool timePart(std::string_view text, std::size_t& pos)
{
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!digits(text, pos, 2, hour) || hour > 23 || !expect(text, pos, ':') || !digits(text, pos, 2, minute) ||
        minute > 59 || !expect(text, pos, ':') || !digits(text, pos, 2, second) || second > 60)
        return false;
    if (pos < text.size() && text[pos] == '.')
    {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && isDigit(text[pos]))
            ++pos;
        if (pos == start)
            return false;
    }
    return true;
}

/// Z or ±hh:mm from -14:00 to +14:00.
bool zonePart(std::string_view text, std::size_t& pos)
{
    if (pos < text.size() && text[pos] == 'Z')
    {
        ++pos;
        return true;
    }
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-'))
        return false;
    ++pos;
    int hour = 0;
    int minute = 0;
    if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') || !digits(text, pos, 2, minute) || minute > 59)
        return false;
    return hour < 14 || (hour == 14 && minute == 0);
}

bool isDate(std::string_view text)
{
    std::size_t pos = 0;
    int parts = 0;
    return datePart(text, pos, parts) && pos == text.size();
}

bool isDateTime(std::string_view text, bool instant)
{
    std::size_t pos = 0;
    int parts = 0;
    if (!datePart(text, pos, parts))
        return false;
    if (pos == text.size())
        return !instant;
    if (parts != 3 || !expect(text, pos, 'T') || !timePart(text, pos) || !zonePart(text, pos))
        return false;
    return pos == text.size();
}

bool isTime(std::string_view text)
{
    std::size_t pos = 0;
    return timePart(text, pos) && pos == text.size();
}

/// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool isDecimal(std::string_view text)
{
    std::size_t pos = 0;
    if (pos < text.size() && text[pos] == '-')
        ++pos;
    if (pos >= text.size() || !isDigit(text[pos]))
        return false;
    if (text[pos] == '0')
        ++pos;
    else
        while (pos < text.size() && isDigit(text[pos]))
            ++pos;
    if (pos < text.size() && text[pos] == '.')
    {
        const std::size_t start = ++pos;
        while (pos < text.size() && isDigit(text[pos]))
            ++pos;
        if (pos == start)
            return false;
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E'))
    {
        ++pos;
        if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
            ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && isDigit(text[pos]))
            ++pos;
        if (pos == start)
            return false;
    }
    return pos == text.size();
}

/// -?(0|[1-9][0-9]*) within [minimum, 2147483647].
bool isInteger(std::string_view text, std::int64_t minimum)
{
    std::size_t pos = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative)
        ++pos;
    if (pos >= text.size() || (text[pos] == '0' && text.size() > pos + 1))
        return false;
    std::int64_t value = 0;
    for (; pos < text.size(); ++pos)
    {
        if (!isDigit(text[pos]))
            return false;
        value = value * 10 + (text[pos] - '0');
        if (value > 2147483648LL)
            return false;
    }
    if (negative)
        value = -value;
    return value >= minimum && value <= 2147483647LL && !(negative && minimum >= 0);
}

bool isCode(std::string_view text)
{
    if (isSpace(text.front()) || isSpace(text.back()))
        return false;
    for (std::size_t i = 1; i < text.size(); ++i)
        if (isSpace(text[i]) && isSpace(text[i - 1]))
            return false;
    return true;
}

bool isId(std::string_view text)
{
    if (text.size() > 64)
        return false;
    for (char c : text)
        if (!(isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.'))
            return false;
    return true;
}

bool isUri(std::string_view text)
{
    for (char c : text)
        if (isSpace(c))
            return false;
    return true;
}

bool isOid(std::string_view text)
{
    constexpr std::string_view PREFIX = "urn:oid:";
    if (text.substr(0, PREFIX.size()) != PREFIX)
        return false;
    std::string_view rest = text.substr(PREFIX.size());
    if (rest.size() < 3 || rest[0] < '0' || rest[0] > '2' || rest[1] != '.')
        return false;
    std::size_t pos = 1;
    while (pos < rest.size())
    {
        if (rest[pos] != '.' || pos + 1 >= rest.size() || !isDigit(rest[pos + 1]))
            return false;
        ++pos;
        const bool leadingZero = rest[pos] == '0';
        const std::size_t start = pos;
        while (pos < rest.size() && isDigit(rest[pos]))
            ++pos;
        if (leadingZero && pos - start > 1)
            return false;
    }
    return true;
}

bool isUuid(std::string_view text)
{
    constexpr std::string_view PREFIX = "urn:uuid:";
    if (text.size() != PREFIX.size() + 36 || text.substr(0, PREFIX.size()) != PREFIX)
        return false;
    for (std::size_t i = 0; i < 36; ++i)
    {
        const char c = text[PREFIX.size() + i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !(isDigit(c) || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool isBase64(std::string_view text)
{
    std::size_t count = 0;
    std::size_t padding = 0;
    for (char c : text)
    {
        if (isSpace(c))
            continue;
        if (c == '=')
        {
            ++padding;
        }
        else
        {
            const bool alphabet =
                isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '/';
            if (!alphabet || padding > 0)
                return false;
        }
        ++count;
    }
    return count > 0 && count % 4 == 0 && padding <= 2;
}

} // namespace

bool decimalFitsDouble(std::string_view decimal)
{
    // Decimal magnitude from the digits and the exponent, without converting (a hostile value may have a million
    // digits); only the borderline magnitude 308 is decided by strtod.
    std::size_t pos = decimal.empty() || decimal[0] != '-' ? 0 : 1;
    long magnitude = 0;
    bool significant = false;
    while (pos < decimal.size() && isDigit(decimal[pos]))
    {
        if (significant)
            ++magnitude;
        else if (decimal[pos] != '0')
            significant = true;
        ++pos;
    }
    if (pos < decimal.size() && decimal[pos] == '.')
        for (++pos; pos < decimal.size() && isDigit(decimal[pos]); ++pos)
        {
            if (significant)
                break;
            --magnitude;
            if (decimal[pos] != '0')
                significant = true;
        }
    while (pos < decimal.size() && isDigit(decimal[pos]))
        ++pos;
    if (!significant)
        return true; // zero, whatever its exponent
    long exponent = 0;
    if (pos < decimal.size() && (decimal[pos] == 'e' || decimal[pos] == 'E'))
    {
        ++pos;
        const bool negative = pos < decimal.size() && decimal[pos] == '-';
        if (pos < decimal.size() && (decimal[pos] == '+' || decimal[pos] == '-'))
            ++pos;
        for (; pos < decimal.size() && isDigit(decimal[pos]); ++pos)
            exponent = std::min<long>(exponent * 10 + (decimal[pos] - '0'), 1'000'000);
        if (negative)
            exponent = -exponent;
    }
    if (magnitude + exponent != 308)
        return magnitude + exponent < 308;
    return std::isfinite(std::strtod(std::string(decimal).c_str(), nullptr));
}

bool isValidPrimitive(std::string_view type, std::string_view lexical)
{
    if (lexical.empty())
        return false;
    if (type == "string" || type == "markdown" || type == "xhtml")
        return true;
    if (type == "code")
        return isCode(lexical);
    if (type == "id")
        return isId(lexical);
    if (type == "uri" || type == "url" || type == "canonical")
        return isUri(lexical);
    if (type == "dateTime")
        return isDateTime(lexical, false);
    if (type == "instant")
        return isDateTime(lexical, true);
    if (type == "date")
        return isDate(lexical);
    if (type == "time")
        return isTime(lexical);
    if (type == "boolean")
        return lexical == "true" || lexical == "false";
    if (type == "decimal")
        return isDecimal(lexical);
    if (type == "integer")
        return isInteger(lexical, -2147483648LL);
    if (type == "unsignedInt")
        return isInteger(lexical, 0);
    if (type == "positiveInt")
        return isInteger(lexical, 1);
    if (type == "oid")
        return isOid(lexical);
    if (type == "uuid")
        return isUuid(lexical);
    if (type == "base64Binary")
        return isBase64(lexical);
    return true;
}

} // namespace sas::fhir
