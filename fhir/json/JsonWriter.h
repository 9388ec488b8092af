#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// Serialises a Node as FHIR JSON. Numbers are written from their lexical form untouched.
std::string writeJson(const Node& node, bool pretty = false);

} // namespace sas::fhir
