#pragma once

#include "fhir/model/Node.h"

#include <functional>
#include <optional>
#include <string>

namespace sas::fhir
{

/// A copy of `node` in which every `reference` string (Reference.reference, at any depth, nested
/// resources included) is passed to `rewrite`; a returned value replaces it, nullopt keeps it.
Node rewriteReferences(const Node& node, const std::function<std::optional<std::string>(const std::string&)>& rewrite);

/// Calls `visit` with every `reference` string of `node`, at any depth.
void forEachReference(const Node& node, const std::function<void(const std::string&)>& visit);

} // namespace sas::fhir
