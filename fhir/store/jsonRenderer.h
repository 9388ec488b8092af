#pragma once

#include "fhir/model/Node.h"
#include "fhir/store/ResourceStore.h"

namespace sas::fhir::store
{

/// Renders each new version of `resource` as canonical JSON carrying the id, version and time
/// the store chose.
RenderVersion jsonRenderer(Node resource);

} // namespace sas::fhir::store
