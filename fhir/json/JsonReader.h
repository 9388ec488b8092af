#pragma once

#include "core/Result.h"
#include "fhir/model/ParsedResource.h"
#include "fhir/model/ReadOptions.h"

#include <string_view>

namespace sas::fhir
{

/// Reads one FHIR R4 resource from JSON (RapidJSON, UTF-8 validated, numbers kept as written, nesting limited
/// to options.maxDepth without recursion in the parser). Everything is checked against the R4 definitions
/// (fhir/model/TypeDefinitions.h) and every problem is collected: invalid JSON or UTF-8, missing or unknown
/// `resourceType`, unknown elements (strict only; lenient drops them with a warning), an array where one value
/// is expected or the reverse, a JSON type that does not fit the element (string for a boolean…), invalid
/// primitive lexical forms (fhir/model/isValidPrimitive.h), empty strings, objects and arrays, `null` outside
/// a primitive array or without an `_element` twin, missing required elements, two types of one choice element,
/// a narrative `div` that is not a well-formed XHTML div. Members are stored in definition order whatever the
/// input order; `_name` twins become the primitive's `id`/`extension` members. Failure: ErrorCode::Invalid with
/// one Issue per problem, `expression` as described in fhir/model/ReadContext.h.
core::Result<ParsedResource> readJson(std::string_view text, const ReadOptions& options = {});

} // namespace sas::fhir
