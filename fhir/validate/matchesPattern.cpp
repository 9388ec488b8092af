#include "fhir/validate/matchesPattern.h"

#include <algorithm>

namespace sas::fhir::validate
{

bool matchesPattern(const Node& pattern, const Node& value, bool exact)
{
    if (pattern.isPrimitive() || value.isPrimitive())
        return pattern.isPrimitive() && value.isPrimitive() && pattern.value() == value.value();
    if (exact && pattern.members().size() != value.members().size())
        return false;
    for (const Node::Member& expected : pattern.members())
    {
        const Node::Member* actual = value.find(expected.name);
        if (!actual)
            return false;
        if (exact)
        {
            if (actual->values.size() != expected.values.size())
                return false;
            for (std::size_t i = 0; i < expected.values.size(); ++i)
                if (!matchesPattern(expected.values[i], actual->values[i], true))
                    return false;
            continue;
        }
        for (const Node& wanted : expected.values)
            if (std::none_of(actual->values.begin(), actual->values.end(),
                             [&wanted](const Node& candidate) { return matchesPattern(wanted, candidate, false); }))
                return false;
    }
    return true;
}

} // namespace sas::fhir::validate
