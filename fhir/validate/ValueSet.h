#pragma once

#include <string_view>
#include <vector>

namespace sas::fhir::validate
{

/// One code of a value set, from one code system.
struct Concept
{
    std::string_view system;
    std::string_view code;
};

/// An expanded value set known to the gateway without a terminology server (see builtinValueSet). Only used for
/// required bindings; strings point into static tables.
struct ValueSet
{
    std::string_view url;
    std::vector<Concept> concepts;

    /// Whether the pair is in the set; an empty `system` matches a code of any system (a `code` element).
    bool contains(std::string_view system, std::string_view code) const
    {
        for (const Concept& candidate : concepts)
            if (candidate.code == code && (system.empty() || candidate.system == system))
                return true;
        return false;
    }
};

} // namespace sas::fhir::validate
