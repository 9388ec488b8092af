#pragma once

#include "fhir/validate/ValueSet.h"

#include <string_view>

namespace sas::fhir::validate
{

/// The value set of that canonical URL (a `|version` suffix is ignored) among those the gateway can enforce
/// offline, or nullptr: the HL7 R4 code systems the SAS profiles bind with strength `required` (slot, appointment and
/// participation statuses, identifier/contact-point/name/address uses, days of week, bundle type, http verb, search
/// mode…), v3-ActEncounterCode, and the SAS value sets of the IG (slot types TRE_R314 per flow, JDV_J165,
/// consultation types, appointment reasons, TRE_R66 604, participant statuses, operator identifier types).
/// FrCore and NOS value sets that are not published with the IG (fr-practitioner-specialty, fr-organization-type,
/// JDV_J101/J105/J129…) are unknown: their bindings are not enforced.
const ValueSet* builtinValueSet(std::string_view url);

} // namespace sas::fhir::validate
