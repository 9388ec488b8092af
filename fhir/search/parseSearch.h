#pragma once

#include "core/Result.h"
#include "fhir/search/SearchQuery.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sas::fhir::search
{

/// Decoded query parameters in request order: name and value after percent-decoding, nothing merged or dropped.
using QueryParameters = std::vector<std::pair<std::string, std::string>>;

/// Most parameters one search may have (URL and form body together): the IG's searches use about ten; thousands
/// would only cost every parser and the SQL builder. More is Invalid (400) before anything is parsed.
inline constexpr std::size_t MAX_SEARCH_PARAMETERS = 100;

/// Parses a type-level search (GET [base]/resourceType?parameters) against SearchParameterRegistry.
/// - Criteria: `param[:modifier]=v1,v2` (OR on unescaped commas; `\,` `\|` `\$` `\\` are escapes; spaces around a
///   value are trimmed, as in the IG's own example "…|810101288385, urn:oid:…"); a repeated parameter is ANDed;
///   forward chains `schedule.actor:Practitioner.identifier` (a reference with several possible targets needs
///   `:Type` unless exactly one target defines the next parameter, or the tail is one parameter of the same type
///   on all of them); reverse chains `_has:Slot:schedule:start`, nestable, and chains inside `_has`.
/// - Values per type as SearchValue describes; dates with prefixes eq ne gt lt ge le sa eb ap and any precision
///   (parseDateRange: Europe/Paris without offset).
/// - Result parameters: `_count` (0–1000; more is capped at MAX_COUNT with a warning), `_offset`, `_sort`
///   (comma-separated keys, `-` for descending; `_id`, `_lastUpdated` and date parameters of the type),
///   `_summary` (true false count text data), `_total` (none estimate accurate), `_elements` (top-level elements of
///   the type), `_include` / `_revinclude` with `:iterate` (or `:recurse`); each but the includes at most once.
///   `_format` and `_pretty` are response formatting: accepted and ignored here.
/// Issues name the parameter as sent in `expression` ("start", "_count"). Invalid values, unknown or unsupported
/// modifiers, and known but unsupported parameters (`_text`, `_filter`, `_include=*`…) are errors whatever the
/// handling; an unknown parameter (or `_elements` name) is an error under Strict and a warning in
/// SearchQuery::warnings under Lenient, where it is ignored. Every problem is collected. Failure:
/// ErrorCode::Unsupported when every error is `not-supported`, else ErrorCode::Invalid (both 400); the error's
/// issues hold the errors then the warnings. An unsupported resource type fails with Unsupported at once.
core::Result<SearchQuery> parseSearch(std::string_view resourceType, const QueryParameters& parameters,
                                      Handling handling);

} // namespace sas::fhir::search
