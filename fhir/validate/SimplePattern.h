#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir::validate
{

/// The regular-expression subset of the IG's `matches()` invariants (`^1[0-9]{9}$`): `^` and `$` anchors, literal
/// characters (with `\` escapes and `\d`), `.`, bracket classes with ranges and negation, and the quantifiers `?`,
/// `*`, `+`, `{n}`, `{n,}`, `{n,m}`. Groups, alternation and look-arounds are refused by compile(), so an invariant
/// using them is reported as not enforced rather than misread. Matching follows FHIRPath `matches()`: the pattern
/// may match anywhere unless anchored. Immutable and thread-safe once compiled.
class SimplePattern
{
public:
    static std::optional<SimplePattern> compile(std::string_view pattern);

    bool matches(std::string_view text) const;

private:
    struct Atom
    {
        bool any = false;     ///< `.`
        bool negated = false; ///< `[^…]`
        std::vector<std::pair<unsigned char, unsigned char>> ranges;
        std::uint32_t min = 1;
        std::uint32_t max = 1;

        bool accepts(unsigned char c) const;
    };

    bool matchFrom(std::size_t atom, std::string_view text, std::size_t position) const;

    std::vector<Atom> _atoms;
    bool _anchoredStart = false;
    bool _anchoredEnd = false;
};

} // namespace sas::fhir::validate
