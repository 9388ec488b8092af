#pragma once

#include "core/Error.h"
#include "fhir/model/Node.h"

#include <vector>

namespace sas::fhir
{

/// A resource read by readJson or readXml: its element tree, members in FHIR definition order, and the warnings
/// a lenient read produced (each dropped unknown element, with its `expression`). Empty in strict mode.
struct ParsedResource
{
    Node resource;
    std::vector<core::Issue> warnings;
};

} // namespace sas::fhir
