#pragma once

#include "fhir/model/Node.h"
#include "fhir/search/SearchIndexEntry.h"

namespace sas::fhir::search
{

/// Every index entry of a resource for the parameters SearchParameterRegistry defines on its type (none for an
/// unsupported type), in registry order then document order. Per parameter type:
/// - Token: an Identifier gives (system, value); a CodeableConcept one entry per coding, a Coding (system, code)
///   (codings without code are skipped); a code, boolean ("true"/"false"), id, string or uri gives ("", value).
///   An IDNPS/IDNST Identifier (RPPS, ADELI, FINESS, SIRET) gives a second entry under the same system with the
///   value's other form (nationalIdentifierVariant: prefixed ↔ unprefixed), so an exact-match search finds the
///   resource whether or not either side writes the prefix; no query-side rewriting is needed.
/// - Date: a date, dateTime or instant gives the range of its precision (parseDateRange; without offset in
///   Europe/Paris time); a Period gives [start.low, end.high), an absent bound being DATE_MIN / DATE_MAX.
///   Unparsable values are skipped.
/// - Reference: "Type/id" (relative, "_history" dropped) sets targetType and targetId; an absolute URL,
///   "#contained" or "urn:uuid:…" keeps its text in `code`. References by identifier only (no `reference`) are not
///   indexed. When the parameter lists targets, a relative reference to another type is skipped.
/// - String: `code` holds normalizeString(value); `system` holds the value exactly as written, for `:exact`
///   (the contract header leaves `system` unused for strings). HumanName gives text, family, each given, prefix,
///   suffix; Address gives text, each line, city, district, state, postalCode, country.
/// - Uri: the value as written in `code`.
/// Duplicate entries (same parameter and values) are emitted once.
SearchIndex extractSearchIndex(const Node& resource);

} // namespace sas::fhir::search
