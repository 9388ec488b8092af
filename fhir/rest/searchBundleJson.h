#pragma once

#include "fhir/store/SearchStore.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sas::fhir::rest
{

/// What a searchset Bundle shows.
struct SearchBundle
{
    std::string id;      ///< Bundle.id
    std::string profile; ///< meta.profile, empty for none
    std::optional<std::size_t> total; ///< Bundle.total; empty under `_total=none`
    std::vector<std::pair<std::string, std::string>> links; ///< relation and url, in order ("self" first)
    std::string fhirBase;                                   ///< for fullUrl: base/Type/id
    /// An OperationOutcome (compact JSON) shown as the first entry with search.mode `outcome`, or empty.
    std::string outcomeJson;
    std::string outcomeFullUrl; ///< its fullUrl ("urn:uuid:…")
};

/// The Bundle as compact FHIR JSON, the stored canonical JSON of every match (search.mode `match`) and included
/// resource (`include`) spliced in as it is, without parsing: type `searchset`, `total` when set, the links, a `fullUrl`
/// on every entry (StoredResource::fullUrl when set), matches before includes in the result's order. No `entry` when there is nothing to show.
std::string searchBundleJson(const SearchBundle& bundle, const store::SearchResult& result);

} // namespace sas::fhir::rest
