#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// Serialises a Node as FHIR JSON, members in the order the Node holds them. Numbers are written from their
/// lexical form untouched. A primitive's `id`/`extension` members go to the `_name` twin that follows the element
/// (with `null` for positions without them in arrays); a Null primitive is `null` in its array and is left out of
/// a single-valued element, where only `_name` appears.
std::string writeJson(const Node& node, bool pretty = false);

} // namespace sas::fhir
