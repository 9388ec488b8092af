#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// Serialises a resource Node as FHIR XML (namespace http://hl7.org/fhir): primitives as
/// `value` attributes, element `id` and extension `url` as attributes, nested resources wrapped
/// in an element named after their type, xhtml copied as markup, a primitive's `id`/`extension` members as
/// its `id` attribute and child `<extension>`s. Members are written in the order of the R4 definitions
/// (fhir/model/TypeDefinitions.h) whatever order the Node holds them in; members of types or elements the
/// definitions do not know keep their insertion order, after the known ones.
std::string writeXml(const Node& resource, bool pretty = false);

} // namespace sas::fhir
