#pragma once

#include "fhir/search/SearchQuery.h"

#include <string_view>

namespace sas::fhir::search
{

/// The handling a `Prefer` header asks for: Lenient for `handling=lenient` (case-insensitive, among other
/// preferences separated by commas or semicolons), Strict otherwise, including when the header is absent.
Handling handlingFromPrefer(std::string_view prefer);

} // namespace sas::fhir::search
