#pragma once

#include "core/Result.h"
#include "fhir/store/ResourceStore.h"

#include <string>
#include <utility>
#include <vector>

namespace sas::fhir::rest
{

/// The condition of a conditional operation or reference: exactly one `identifier=system|value`
/// (the IG's `Identifier=` spelling too; no system: any system). Unsupported for anything else,
/// located at `where`.
core::Result<store::TokenCondition> tokenCondition(const std::vector<std::pair<std::string, std::string>>& query,
                                                   const std::string& where);

/// The same from a raw query string ("identifier=urn%3Aoid%3A1.2%7C8123").
core::Result<store::TokenCondition> tokenCondition(const std::string& rawQuery, const std::string& where);

} // namespace sas::fhir::rest
