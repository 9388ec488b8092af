#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// Serialises a resource Node as FHIR XML (namespace http://hl7.org/fhir): primitives as
/// `value` attributes, element `id` and extension `url` as attributes, nested resources wrapped
/// in an element named after their type, xhtml copied as markup. Members are written in the
/// order they hold, so builders must insert them in the order of the FHIR definitions.
std::string writeXml(const Node& resource, bool pretty = false);

} // namespace sas::fhir
