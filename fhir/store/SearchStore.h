#pragma once

#include "core/Result.h"
#include "fhir/search/DateRange.h"
#include "fhir/search/SearchQuery.h"
#include "fhir/store/ResourceStore.h"

#include <cstddef>
#include <vector>

namespace sas::fhir::store
{

/// What one search found: one page of matches and everything its includes add.
struct SearchResult
{
    /// Every live resource matching the criteria (not only this page): the Bundle's `total`.
    std::size_t total = 0;
    /// The page: at most SearchQuery::count matches after skipping SearchQuery::offset, in the query's `_sort`
    /// order (ties and the default order by id), each with its stored canonical JSON.
    std::vector<StoredResource> matches;
    /// What `_include` / `_revinclude` add to the page, each resource once and never one of the matches: by
    /// include depth (1 = referenced by or referring to a match), then type, then id.
    std::vector<StoredResource> included;
    /// True when `_include:iterate` still found new resources at the depth bound (MAX_INCLUDE_DEPTH), so the
    /// included set is incomplete; the façade says so in an OperationOutcome rather than truncating silently.
    bool includesIncomplete = false;
    /// What the façade shows in the Bundle's OperationOutcome entry (search.mode `outcome`) besides its own
    /// warnings: e.g. the booking vendors whose slots are missing from the answer.
    std::vector<core::Issue> warnings;
};

/// Levels of `_include:iterate` followed from the matches; a chain of references longer than this is cut and
/// reported (SearchResult::includesIncomplete). The IG's deepest chain (Slot → Schedule → PractitionerRole, or
/// Schedule → Location → Organization) needs 2.
constexpr int MAX_INCLUDE_DEPTH = 5;

/// Answers parsed FHIR searches (fhir/search/parseSearch) from the typed search index of the current versions.
/// Implemented by adapters/postgres/PgSearch.
class SearchStore
{
public:
    virtual ~SearchStore() = default;

    /// Runs `query`: every criterion must hold (values of one criterion OR-ed); deleted resources never match nor
    /// get included. `now` (microseconds since the epoch, UTC) is the instant `ap` dates are approximate to.
    /// With SearchQuery::summary Count or count 0 only `total` is filled.
    /// `_revinclude` of the reference a `_has` criterion goes through (`_revinclude=Slot:schedule` with
    /// `_has:Slot:schedule:start=…`) adds only the referring resources that satisfy those `_has` criteria, and all
    /// `_has` criteria through one reference are met by one same referring resource (the SOS search: Schedules
    /// with a free Slot inside the window, and those Slots).
    virtual core::Result<SearchResult> search(const search::SearchQuery& query, search::Micros now) = 0;
};

} // namespace sas::fhir::store
