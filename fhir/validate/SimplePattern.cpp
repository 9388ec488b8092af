#include "fhir/validate/SimplePattern.h"

#include <limits>

namespace sas::fhir::validate
{

namespace
{

constexpr std::uint32_t UNBOUNDED = std::numeric_limits<std::uint32_t>::max();

/// Reads a decimal count at `position`; nullopt when there is none.
std::optional<std::uint32_t> readCount(std::string_view pattern, std::size_t& position)
{
    const std::size_t start = position;
    std::uint32_t value = 0;
    while (position < pattern.size() && pattern[position] >= '0' && pattern[position] <= '9' && value < 100000)
        value = value * 10 + static_cast<std::uint32_t>(pattern[position++] - '0');
    if (position == start)
        return std::nullopt;
    return value;
}

} // namespace

bool SimplePattern::Atom::accepts(unsigned char c) const
{
    if (any)
        return c != '\n';
    bool inside = false;
    for (const auto& [low, high] : ranges)
        if (c >= low && c <= high)
            inside = true;
    return inside != negated;
}

std::optional<SimplePattern> SimplePattern::compile(std::string_view pattern)
{
    SimplePattern compiled;
    std::size_t i = 0;
    if (i < pattern.size() && pattern[i] == '^')
    {
        compiled._anchoredStart = true;
        ++i;
    }
    while (i < pattern.size())
    {
        const char c = pattern[i];
        if (c == '$' && i + 1 == pattern.size())
        {
            compiled._anchoredEnd = true;
            break;
        }
        Atom atom;
        if (c == '.')
        {
            atom.any = true;
            ++i;
        }
        else if (c == '[')
        {
            ++i;
            if (i < pattern.size() && pattern[i] == '^')
            {
                atom.negated = true;
                ++i;
            }
            bool closed = false;
            while (i < pattern.size())
            {
                unsigned char low = static_cast<unsigned char>(pattern[i]);
                if (low == ']' && !atom.ranges.empty())
                {
                    closed = true;
                    ++i;
                    break;
                }
                if (low == '\\')
                {
                    if (++i >= pattern.size())
                        return std::nullopt;
                    low = static_cast<unsigned char>(pattern[i]);
                }
                ++i;
                unsigned char high = low;
                if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']')
                {
                    high = static_cast<unsigned char>(pattern[i + 1]);
                    i += 2;
                    if (high < low)
                        return std::nullopt;
                }
                atom.ranges.emplace_back(low, high);
            }
            if (!closed)
                return std::nullopt;
        }
        else if (c == '\\')
        {
            if (++i >= pattern.size())
                return std::nullopt;
            const char escaped = pattern[i++];
            if (escaped == 'd')
                atom.ranges.emplace_back('0', '9');
            else if (std::string_view(".\\[]{}()*+?^$|/-").find(escaped) != std::string_view::npos)
                atom.ranges.emplace_back(escaped, escaped);
            else
                return std::nullopt;
        }
        else if (std::string_view("()|*+?{}^$]").find(c) != std::string_view::npos)
        {
            return std::nullopt;
        }
        else
        {
            atom.ranges.emplace_back(c, c);
            ++i;
        }
        if (i < pattern.size())
        {
            const char quantifier = pattern[i];
            if (quantifier == '?' || quantifier == '*' || quantifier == '+')
            {
                atom.min = quantifier == '+' ? 1 : 0;
                atom.max = quantifier == '?' ? 1 : UNBOUNDED;
                ++i;
            }
            else if (quantifier == '{')
            {
                ++i;
                const auto min = readCount(pattern, i);
                if (!min)
                    return std::nullopt;
                atom.min = atom.max = *min;
                if (i < pattern.size() && pattern[i] == ',')
                {
                    ++i;
                    const auto max = readCount(pattern, i);
                    atom.max = max ? *max : UNBOUNDED;
                }
                if (i >= pattern.size() || pattern[i] != '}' || atom.max < atom.min)
                    return std::nullopt;
                ++i;
            }
        }
        compiled._atoms.push_back(std::move(atom));
    }
    return compiled;
}

bool SimplePattern::matchFrom(std::size_t atom, std::string_view text, std::size_t position) const
{
    if (atom == _atoms.size())
        return !_anchoredEnd || position == text.size();
    const Atom& current = _atoms[atom];
    std::size_t count = 0;
    while (count < current.min)
    {
        if (position + count >= text.size() || !current.accepts(static_cast<unsigned char>(text[position + count])))
            return false;
        ++count;
    }
    while (true)
    {
        if (matchFrom(atom + 1, text, position + count))
            return true;
        if (count >= current.max || position + count >= text.size() ||
            !current.accepts(static_cast<unsigned char>(text[position + count])))
            return false;
        ++count;
    }
}

bool SimplePattern::matches(std::string_view text) const
{
    if (_anchoredStart)
        return matchFrom(0, text, 0);
    for (std::size_t start = 0; start <= text.size(); ++start)
        if (matchFrom(0, text, start))
            return true;
    return false;
}

} // namespace sas::fhir::validate
