#include "core/time/ZoneRules.h"

#include <cctype>

namespace sas::core
{

namespace
{

class Cursor
{
public:
    explicit Cursor(std::string_view text) : _text(text) { }
    bool done() const { return _at >= _text.size(); }
    char peek() const { return done() ? '\0' : _text[_at]; }
    bool accept(char c)
    {
        if (peek() != c)
            return false;
        ++_at;
        return true;
    }
    bool name()
    {
        if (accept('<'))
        {
            while (!done() && peek() != '>')
                ++_at;
            return accept('>');
        }
        const std::size_t start = _at;
        while (std::isalpha(static_cast<unsigned char>(peek())))
            ++_at;
        return _at - start >= 3;
    }
    std::optional<int> number()
    {
        if (!std::isdigit(static_cast<unsigned char>(peek())))
            return std::nullopt;
        int value = 0;
        while (std::isdigit(static_cast<unsigned char>(peek())) && value < 100000)
            value = value * 10 + (_text[_at++] - '0');
        return value;
    }
    /// [+-]hh[:mm[:ss]] as seconds.
    std::optional<std::int32_t> duration()
    {
        int sign = 1;
        if (accept('-'))
            sign = -1;
        else
            accept('+');
        auto hours = number();
        if (!hours)
            return std::nullopt;
        std::int32_t total = *hours * 3600;
        for (int factor : {60, 1})
        {
            if (!accept(':'))
                break;
            auto part = number();
            if (!part)
                return std::nullopt;
            total += *part * factor;
        }
        return sign * total;
    }

private:
    std::string_view _text;
    std::size_t _at = 0;
};

std::optional<PosixZoneRule::Date> ruleDate(Cursor& cursor)
{
    if (!cursor.accept('M'))
        return std::nullopt;
    PosixZoneRule::Date date;
    auto month = cursor.number();
    if (!month || !cursor.accept('.'))
        return std::nullopt;
    auto week = cursor.number();
    if (!week || !cursor.accept('.'))
        return std::nullopt;
    auto weekday = cursor.number();
    if (!weekday || *month < 1 || *month > 12 || *week < 1 || *week > 5 || *weekday > 6)
        return std::nullopt;
    date.month = *month;
    date.week = *week;
    date.weekday = *weekday;
    if (cursor.accept('/'))
    {
        auto time = cursor.duration();
        if (!time)
            return std::nullopt;
        date.time = *time;
    }
    return date;
}

} // namespace

Result<PosixZoneRule> parsePosixZoneRule(std::string_view text)
{
    const auto invalid = [&] { return fail(ErrorCode::Invalid, "unsupported POSIX TZ rule '" + std::string(text) + "'"); };
    Cursor cursor(text);
    PosixZoneRule rule;
    if (!cursor.name())
        return invalid();
    auto standard = cursor.duration();
    if (!standard)
        return invalid();
    rule.standardOffset = -*standard; // POSIX counts west of UTC as positive
    if (cursor.done())
        return rule;
    if (!cursor.name())
        return invalid();
    rule.daylightOffset = rule.standardOffset + 3600;
    if (cursor.peek() != ',')
    {
        auto daylight = cursor.duration();
        if (!daylight)
            return invalid();
        rule.daylightOffset = -*daylight;
    }
    if (!cursor.accept(','))
        return invalid();
    auto start = ruleDate(cursor);
    if (!start || !cursor.accept(','))
        return invalid();
    auto end = ruleDate(cursor);
    if (!end || !cursor.done())
        return invalid();
    rule.daylightStart = *start;
    rule.daylightEnd = *end;
    return rule;
}

} // namespace sas::core
