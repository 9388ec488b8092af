#pragma once

#include "fhir/model/Node.h"

#include <string>

namespace sas::fhir
{

/// A copy of `resource` whose meta carries `versionId` and `lastUpdated` (replacing any given by
/// the client, as the server owns them), other meta elements kept.
Node withVersionMeta(const Node& resource, const std::string& versionId, const std::string& lastUpdated);

} // namespace sas::fhir
