#pragma once

#include <cstdint>
#include <string_view>

namespace sas::fhir
{

/// One element of a FHIR type, as the R4 StructureDefinition snapshot declares it. A choice element `value[x]`
/// appears once per allowed type under its concrete name (`valueString`, `valueCoding`), all sharing one `order`.
/// Names and type keys point into the static definitions table and live for the whole program.
struct ElementDefinition
{
    std::string_view name;   ///< the JSON member and XML element name
    std::string_view type;   ///< a type key for findType(), or "Resource" for a nested resource of any type
    std::uint32_t min = 0;   ///< minimum cardinality
    bool repeats = false;    ///< max is "*": a JSON array, repeated XML elements
    std::uint16_t order = 0; ///< position in the type; FHIR XML requires elements in this order
    bool choice = false;     ///< one of the concrete names of a choice element `name[x]`
    bool summary = false;    ///< isSummary: part of the `_summary=true` view
};

} // namespace sas::fhir
