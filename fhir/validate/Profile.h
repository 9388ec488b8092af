#pragma once

#include "fhir/validate/ElementRule.h"

#include <memory>
#include <string>
#include <vector>

namespace sas::fhir::validate
{

/// One StructureDefinition compiled into rules: a SAS resource profile or an Extension definition.
struct Profile
{
    std::string url;
    std::string name;
    std::string version;
    std::string type; ///< constrained type: "Slot", "Extension"
    std::unique_ptr<ElementRule> root;
    std::vector<std::string> unenforcedBindings;   ///< required bindings to value sets the gateway does not know
    std::vector<std::string> unenforcedInvariants; ///< SAS/FrCore constraints that are not `matches()` tests
};

} // namespace sas::fhir::validate
