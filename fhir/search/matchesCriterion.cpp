#include "fhir/search/matchesCriterion.h"

#include "fhir/search/dateMatches.h"

#include <algorithm>

namespace sas::fhir::search
{

namespace
{

bool valueMatches(const Criterion& criterion, const SearchValue& value, const SearchIndexEntry& entry, Micros now)
{
    switch (criterion.type)
    {
    case ParamType::Token:
        return (value.code.empty() || entry.code == value.code) && (value.anySystem || entry.system == value.system);
    case ParamType::String:
        if (criterion.modifier == Modifier::Exact)
            return entry.system == value.text;
        if (criterion.modifier == Modifier::Contains)
            return entry.code.find(value.code) != std::string::npos;
        return entry.code.compare(0, value.code.size(), value.code) == 0;
    case ParamType::Date:
        return dateMatches(value.prefix, value.range, DateRange{entry.low, entry.high}, now);
    case ParamType::Reference:
        if (!value.code.empty())
            return entry.code == value.code;
        if (!criterion.modifierType.empty() && entry.targetType != criterion.modifierType)
            return false;
        return entry.targetId == value.targetId && (value.targetType.empty() || entry.targetType == value.targetType);
    case ParamType::Uri:
        return entry.code == value.code;
    default:
        return false;
    }
}

} // namespace

bool matchesCriterion(const Criterion& criterion, const SearchIndex& index, Micros now)
{
    if (!criterion.chain.empty())
        return false;
    const auto ofParameter = [&](const SearchIndexEntry& entry) { return entry.parameter == criterion.parameter; };
    if (criterion.modifier == Modifier::Missing)
        return std::none_of(index.begin(), index.end(), ofParameter) == criterion.missing;
    const bool any = std::any_of(index.begin(), index.end(),
                                 [&](const SearchIndexEntry& entry)
                                 {
                                     return ofParameter(entry) &&
                                            std::any_of(criterion.values.begin(), criterion.values.end(),
                                                        [&](const SearchValue& value)
                                                        { return valueMatches(criterion, value, entry, now); });
                                 });
    return criterion.modifier == Modifier::Not ? !any : any;
}

} // namespace sas::fhir::search
