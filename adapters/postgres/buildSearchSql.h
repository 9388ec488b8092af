#pragma once

#include "adapters/postgres/PgConnection.h"
#include "fhir/search/SearchQuery.h"

#include <string>
#include <vector>

namespace sas::adapters::postgres
{

/// One SQL statement and its bound parameters.
struct SearchSql
{
    std::string sql;
    std::vector<PgParam> params;
};

/// The one statement that answers a search (fhir/store/SearchStore.h) over `resource` and the `search_*` tables.
/// Values are always bound parameters; the only names written into the text are table aliases. Shape:
///
///     WITH m AS (SELECT r.id, <sort keys> FROM resource r
///                WHERE r.type = $root AND NOT r.deleted AND <criterion> AND …),      -- every match
///          page AS (SELECT id, row_number() OVER (ORDER BY …) AS ord FROM m ORDER BY … LIMIT $n OFFSET $k),
///          l0 AS (SELECT $root AS type, id FROM page),
///          l1 AS (SELECT DISTINCT … FROM <each include applied to l0> … WHERE NOT in l0),
///          l2 … l5 (iterate includes applied to the previous level; not in any earlier level), l6 probe
///          (only the levels that can be non-empty given the types each level can hold: INT_R01 has l1 and l2 and
///          no probe; the probe only when a chain of includes may go past MAX_INCLUDE_DEPTH)
///     SELECT kind, pos, type, id, version, lastUpdated, body …   -- kind 0: total; 1: the page; 2: included; 3: probe
///
/// A criterion is an EXISTS over the index table of its parameter's type (`:not` and `:missing=true` a NOT
/// EXISTS); each forward chain link an EXISTS over search_reference joined to the live target, each `_has` link
/// one over the live referring resources. `_has` criteria with the same one-link reverse chain share one EXISTS
/// (one referring resource satisfies all of them), and a `_revinclude` of that same reference applies them.
/// The index holds live resources only, so a forward link whose target's own index rows are read next skips the
/// liveness probe of `resource`; a link with one target type binds it as an equality (the planner then starts from
/// the selective end of the chain).
/// Slot searches read slot_availability (migration 0007) instead of `resource`: `start`, `status` and chains through
/// `schedule` are tested on its columns, bodies read back by ctid, and `_include=Slot:schedule`,
/// `_revinclude=Slot:schedule` and `_has:Slot:schedule:…` (the SOS search) use its rows too; the rest is generic.
/// Rows come back in no particular order: the caller orders them by kind, then page position or include depth, then
/// type and id (PgSearch does).
SearchSql buildSearchSql(const fhir::search::SearchQuery& query, fhir::search::Micros now);

/// SQL for the `last_updated` column of the row aliased `alias` as a FHIR instant (UTC, milliseconds): what
/// StoredResource::lastUpdated holds.
std::string lastUpdatedInstantSql(const std::string& alias);

/// Column positions of buildSearchSql's result.
enum SearchSqlColumn
{
    SEARCH_KIND = 0,
    SEARCH_POSITION = 1,
    SEARCH_TYPE = 2,
    SEARCH_ID = 3,
    SEARCH_VERSION = 4,
    SEARCH_LAST_UPDATED = 5,
    SEARCH_BODY = 6,
};

} // namespace sas::adapters::postgres
