#pragma once

#include "fhir/model/Node.h"
#include "fhir/validate/ValidationContext.h"

#include <string_view>

namespace sas::fhir::validate
{

/// The SAS IG rules that hold for every value of a datatype, whatever the profile (context path at the value):
/// - Identifier: an OID system is written `urn:oid:…` (§2.19); a value in `urn:oid:1.2.250.1.71.4.2.1` is a
///   prefixed health-professional id, `8` + 11-digit RPPS or `0` + 9-character ADELI; a value in
///   `urn:oid:1.2.250.1.71.4.2.2` is a prefixed structure id, `1` + 9-character FINESS, `3` + 14-digit SIRET, `4` +
///   RPPS rang or `0` + ADELI rang (§6.2). Regulator identifiers (`regulator`: FrPractitionerRegul, the
///   FrAppointmentOperator extension) are CPx ids and are exempt from the prefix rules.
/// - ContactPoint with system `phone`: `+33` followed by 9 digits (§6.3).
/// Diagnostics never repeat the value.
void checkSasDatatype(std::string_view typeName, const Node& value, bool regulator, ValidationContext& context);

} // namespace sas::fhir::validate
