#include "adapters/postgres/PgSearch.h"

#include "adapters/postgres/buildSearchSql.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

namespace sas::adapters::postgres
{

core::Result<fhir::store::SearchResult> PgSearch::search(const fhir::search::SearchQuery& query,
                                                         fhir::search::Micros now)
{
    const SearchSql statement = buildSearchSql(query, now);
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    // Slot searches (the IG's INT_R01/INT_R04) repeat one statement text with other values: prepared once per
    // connection. Other searches vary more and keep a plan made for their own values.
    auto rows = query.resourceType == "Slot" ? (*connection)->execPrepared(statement.sql, statement.params)
                                             : (*connection)->exec(statement.sql, statement.params);
    if (!rows)
        return core::fail(rows.error());

    fhir::store::SearchResult result;
    // The statement leaves ordering to us (cheaper here than a sort of the bodies in PostgreSQL): matches by page
    // position, included resources by depth, type and id.
    std::vector<std::pair<long, fhir::store::StoredResource>> matches;
    std::vector<std::pair<long, fhir::store::StoredResource>> included;
    for (int row = 0; row < rows->rows(); ++row)
    {
        const std::string_view kind = rows->value(row, SEARCH_KIND);
        if (kind == "0")
        {
            result.total = std::stoul(std::string(rows->value(row, SEARCH_VERSION)));
            continue;
        }
        if (kind == "3")
        {
            result.includesIncomplete = rows->value(row, SEARCH_POSITION) != "0";
            continue;
        }
        fhir::store::StoredResource stored{std::string(rows->value(row, SEARCH_TYPE)),
                                           std::string(rows->value(row, SEARCH_ID)),
                                           std::stoi(std::string(rows->value(row, SEARCH_VERSION))),
                                           std::string(rows->value(row, SEARCH_LAST_UPDATED)),
                                           false,
                                           "PUT",
                                           std::string(rows->value(row, SEARCH_BODY)),
                                           {}};
        (kind == "1" ? matches : included)
            .emplace_back(std::stol(std::string(rows->value(row, SEARCH_POSITION))), std::move(stored));
    }
    std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(included.begin(), included.end(),
              [](const auto& a, const auto& b)
              {
                  return std::tie(a.first, a.second.type, a.second.id) < std::tie(b.first, b.second.type, b.second.id);
              });
    result.matches.reserve(matches.size());
    for (auto& match : matches)
        result.matches.push_back(std::move(match.second));
    result.included.reserve(included.size());
    for (auto& resource : included)
        result.included.push_back(std::move(resource.second));
    return result;
}

} // namespace sas::adapters::postgres
