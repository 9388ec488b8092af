#pragma once

#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/SlotSearchCache.h"
#include "fhir/store/SearchStore.h"

#include <memory>

namespace sas::adapters::postgres
{

/// The IG's INT_R01 search answered from memory (docs/benchmarks.md, run 4): `Slot` with one criterion chained
/// through `schedule` (`schedule.actor:Practitioner.identifier=…`), any `start` and `status` criteria without
/// modifier, `_include=Slot:schedule` and `_include:iterate=Schedule:actor`, no `_sort`, no owner scope. The chain
/// is resolved once to Schedule ids (a Schedule search in PostgreSQL, kept), each Schedule's Slots are read once
/// from slot_availability, and the Schedules' actors once from `resource`; the window, the status, the page and
/// the includes are then computed here with the rules buildSearchSql writes in SQL (fhir/search/dateMatches.h, the
/// token rules, id order, includes by depth, type and id). Every other search goes to `inner` unchanged.
/// Freshness: SlotSearchCache (invalidated after this node's commits by SlotCacheInvalidation, and on every node
/// by the sas_resource NOTIFY).
class PgCachedSlotSearch final : public fhir::store::SearchStore
{
public:
    PgCachedSlotSearch(PgPool& pool, std::shared_ptr<fhir::store::SearchStore> inner,
                       std::shared_ptr<SlotSearchCache> cache)
        : _pool(pool), _inner(std::move(inner)), _cache(std::move(cache))
    {
    }

    core::Result<fhir::store::SearchResult> search(const fhir::search::SearchQuery& query,
                                                   fhir::search::Micros now) override;

    /// Whether `query` is answered from memory (the shape above); exposed for the tests.
    static bool answersFromMemory(const fhir::search::SearchQuery& query);

private:
    PgPool& _pool;
    std::shared_ptr<fhir::store::SearchStore> _inner;
    std::shared_ptr<SlotSearchCache> _cache;
};

} // namespace sas::adapters::postgres
