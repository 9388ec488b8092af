#pragma once

#include "fhir/model/Node.h"
#include "fhir/validate/ValidationContext.h"

namespace sas::fhir::validate
{

/// The period rules of the SAS flows (context path at the resource): a Slot ends strictly after it starts, an
/// Appointment does not end before it starts. Instants are compared on the time line, offsets applied; values that
/// are absent or not valid instants are left to the other checks.
void checkStartBeforeEnd(const Node& resource, ValidationContext& context);

} // namespace sas::fhir::validate
