#pragma once

#include "core/Result.h"
#include "fhir/validate/Profile.h"

#include <string_view>

namespace sas::fhir::validate
{

/// Compiles one StructureDefinition (JSON text) into rules, from its snapshot (from its differential when it has no
/// snapshot, every stated cardinality then being checked). Element ids give the tree: children by path, `:slice`
/// segments as slices, `value[x]:valueReference` as a type slice of a choice. Rules that check nothing are dropped,
/// so validation only walks what the profile constrains. Required bindings to value sets builtinValueSet() does not
/// know, and constraints other than `[path.]matches('regex')` (regex in SimplePattern's subset) from non-HL7 sources,
/// are listed in the Profile as not enforced. Failure: ErrorCode::Invalid (not JSON, not a StructureDefinition, no
/// url/type/elements).
core::Result<Profile> compileProfile(std::string_view json);

} // namespace sas::fhir::validate
