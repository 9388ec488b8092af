#pragma once

#include "fhir/search/ElementPath.h"
#include "fhir/search/SearchIndexEntry.h"

#include <string>
#include <vector>

namespace sas::fhir::search
{

/// One search parameter of one resource type, as the server supports it (what the CapabilityStatement lists).
struct SearchParameterDefinition
{
    std::string resourceType; ///< "Slot"
    std::string code;         ///< the name on the wire: "start", "schedule", "_lastUpdated"
    ParamType type = ParamType::Token;
    std::string definition;         ///< canonical URL of the SearchParameter
    std::string expression;         ///< the indexed paths as written, joined by " | "
    std::vector<ElementPath> paths; ///< the compiled paths
    /// Reference parameters: the resource types the reference may point to. A reference to another type is not
    /// indexed (Appointment `practitioner` keeps only Practitioner actors).
    std::vector<std::string> targets;
};

/// The name of a parameter type as FHIR writes it ("token", "date", "reference").
const char* toString(ParamType type);

} // namespace sas::fhir::search
