#pragma once

#include "fhir/search/SearchParameterDefinition.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sas::fhir::search
{

/// The search parameters the façade supports, per resource type: the R4 core parameters the IG searches (INT_R01,
/// INT_R04, SOS) and general search need, the IG's own `start` (slot-sp-start) and `service-type-reference`
/// (cptsslot-sp-servicetype) on Slot, and on every type `_id`, `_lastUpdated`, `_profile`, `_tag`, `_security`.
/// Built once on first use from a static table; immutable and thread-safe afterwards. Lookups do not allocate.
class SearchParameterRegistry
{
public:
    static const SearchParameterRegistry& instance();

    /// The resource types that can be searched, in table order.
    const std::vector<std::string>& resourceTypes() const { return _resourceTypes; }
    bool supports(std::string_view resourceType) const;

    /// The parameter `code` of `resourceType`, or nullptr.
    const SearchParameterDefinition* find(std::string_view resourceType, std::string_view code) const;
    /// Every parameter of a type, in table order (empty for an unsupported type).
    const std::vector<const SearchParameterDefinition*>& parametersOf(std::string_view resourceType) const;

    /// `_include` values a CapabilityStatement lists for a type: "Slot:schedule", one per reference parameter.
    std::vector<std::string> includesOf(std::string_view resourceType) const;
    /// `_revinclude` values for a type: "Slot:schedule" for Schedule, every reference parameter that may point to it.
    std::vector<std::string> revIncludesOf(std::string_view resourceType) const;

private:
    SearchParameterRegistry();

    std::vector<SearchParameterDefinition> _definitions;
    std::vector<std::string> _resourceTypes;
    std::unordered_map<std::string_view, std::vector<const SearchParameterDefinition*>> _byType;
    std::unordered_map<std::string_view, std::unordered_map<std::string_view, const SearchParameterDefinition*>>
        _byTypeAndCode;
};

} // namespace sas::fhir::search
