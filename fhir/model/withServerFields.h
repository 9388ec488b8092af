#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// A copy of `resource` with the fields the server owns: `id`, `meta.versionId` and
/// `meta.lastUpdated` (replacing any the client sent); other meta elements are kept.
Node withServerFields(const Node& resource, const std::string& id, const std::string& versionId,
                      const std::string& lastUpdated);

} // namespace sas::fhir
