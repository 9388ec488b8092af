#pragma once

#include "fhir/search/SearchIndexEntry.h"
#include "fhir/search/SearchQuery.h"

namespace sas::fhir::search
{

/// Whether a resource, given its index (extractSearchIndex), satisfies a criterion without a chain: any of the
/// criterion's values matches any entry of its parameter (OR). The reference implementation of the matching rules
/// the SQL side must reproduce:
/// - token: same code, and same system unless the value has none (`code`); `|code` needs an entry without system;
///   `system|` any code of that system; `:not` holds when no entry matches any value (also without any entry);
/// - string: the entry's normalised text starts with the value's (`:contains`: contains it); `:exact` compares the
///   raw text (SearchIndexEntry::system) with the value as written;
/// - date: dateMatches with `now` for ap;
/// - reference: same id, and same type when the value or `:Type` names one; URL-like values compare with `code`;
/// - uri: equality; `:missing=true` holds when the parameter has no entry, `:missing=false` when it has one.
/// A criterion with a chain returns false: chains join several resources, which is the engine's job.
bool matchesCriterion(const Criterion& criterion, const SearchIndex& index, Micros now);

} // namespace sas::fhir::search
