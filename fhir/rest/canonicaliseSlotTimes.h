#pragma once

#include "fhir/model/Node.h"

namespace sas::fhir::rest
{

/// Rewrites a Slot's `start` and `end` as search::canonicalInstant says (milliseconds, numeric offset, never `Z`)
/// before it is stored, so every answer — read, history, the IG's searches — shows them the way the IG's examples
/// do without rewriting each response. Same instants, so the search index is unchanged. Other resources, and values
/// that are not instants (rejected by validation first), are left as they are.
void canonicaliseSlotTimes(Node& resource);

} // namespace sas::fhir::rest
