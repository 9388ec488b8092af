#pragma once

#include "adapters/postgres/PgPool.h"
#include "fhir/store/SearchStore.h"

namespace sas::adapters::postgres
{

/// SearchStore over the `search_*` tables and `resource`: one statement per search (buildSearchSql), run on a
/// pooled connection, so the page, the total and the includes come from one snapshot.
class PgSearch final : public fhir::store::SearchStore
{
public:
    explicit PgSearch(PgPool& pool) : _pool(pool) {}

    core::Result<fhir::store::SearchResult> search(const fhir::search::SearchQuery& query,
                                                   fhir::search::Micros now) override;

private:
    PgPool& _pool;
};

} // namespace sas::adapters::postgres
