#include "adapters/postgres/PgCachedSlotSearch.h"

#include "adapters/postgres/buildSearchSql.h"
#include "adapters/postgres/toPgArray.h"
#include "fhir/search/dateMatches.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace sas::adapters::postgres
{
namespace
{

using fhir::search::ChainLink;
using fhir::search::Criterion;
using fhir::search::Micros;
using fhir::search::Modifier;
using fhir::search::ParamType;
using fhir::search::SearchQuery;
using fhir::search::SearchValue;
using fhir::store::SearchResult;
using fhir::store::StoredResource;
using CachedSchedule = SlotSearchCache::Schedule;
using CachedSlot = SlotSearchCache::Slot;

/// What of the query the memory path evaluates; see PgCachedSlotSearch.
struct Shape
{
    const Criterion* chain = nullptr;
    std::vector<const Criterion*> starts;
    std::vector<const Criterion*> statuses;
    bool includeSchedules = false;
    std::vector<std::string> actorTypes; ///< `_include:iterate=Schedule:actor[:Type]`; "" any type
};

std::optional<Shape> shapeOf(const SearchQuery& query)
{
    using Summary = fhir::search::Summary;
    if (query.resourceType != "Slot" || query.owner || !query.sort.empty() ||
        (query.summary != Summary::False && query.summary != Summary::Count))
        return std::nullopt;
    Shape shape;
    for (const Criterion& criterion : query.criteria)
    {
        if (criterion.modifier != Modifier::None)
            return std::nullopt;
        if (criterion.chain.empty() && criterion.parameter == "start" && criterion.type == ParamType::Date)
            shape.starts.push_back(&criterion);
        else if (criterion.chain.empty() && criterion.parameter == "status" && criterion.type == ParamType::Token)
            shape.statuses.push_back(&criterion);
        else if (!shape.chain && !criterion.chain.empty() &&
                 criterion.chain[0].direction == ChainLink::Direction::Forward &&
                 criterion.chain[0].sourceType == "Slot" && criterion.chain[0].parameter == "schedule" &&
                 criterion.chain[0].targetTypes == std::vector<std::string>{"Schedule"})
            shape.chain = &criterion;
        else
            return std::nullopt;
    }
    if (!shape.chain)
        return std::nullopt;
    for (const auto& include : query.includes)
    {
        if (include.reverse)
            return std::nullopt;
        if (include.sourceType == "Slot" && include.parameter == "schedule" &&
            (include.targetType.empty() || include.targetType == "Schedule"))
            shape.includeSchedules = true;
        else if (include.sourceType == "Schedule" && include.parameter == "actor")
        {
            if (include.iterate) // without iterate it applies to the matches, which are Slots: nothing
                shape.actorTypes.push_back(include.targetType);
        }
        else
            return std::nullopt;
    }
    return shape;
}

/// The resolution's key: the criterion as parsed (name and unescaped values).
std::string criterionKey(const Criterion& criterion)
{
    std::string key = criterion.name;
    for (const SearchValue& value : criterion.values)
        key += '\x1f' + value.text;
    return key;
}

/// buildSearchSql's token test (tokenValuesSql) on a Slot's status.
bool statusMatches(const Criterion& criterion, const CachedSlot& slot)
{
    if (!slot.hasStatus)
        return false;
    for (const SearchValue& value : criterion.values)
    {
        if (value.anySystem ? slot.statusCode == value.code
                            : value.system.empty()
                                  ? slot.statusSystem.empty() && slot.statusCode == value.code
                                  : slot.statusSystem == value.system && (value.code.empty() || slot.statusCode == value.code))
            return true;
    }
    return false;
}

bool startMatches(const Criterion& criterion, const CachedSlot& slot, Micros now)
{
    if (!slot.hasStart) // SQL NULL: no prefix, `ne` included, matches
        return false;
    return std::any_of(criterion.values.begin(), criterion.values.end(), [&](const SearchValue& value) {
        return fhir::search::dateMatches(value.prefix, value.range, fhir::search::DateRange{slot.low, slot.high}, now);
    });
}

Micros toMicros(std::string_view text) { return std::stoll(std::string(text)); }

StoredResource storedFrom(const PgResult& rows, int row, int first, std::string type)
{
    return StoredResource{std::move(type),
                          std::string(rows.value(row, first)),
                          std::stoi(std::string(rows.value(row, first + 1))),
                          std::string(rows.value(row, first + 2)),
                          false,
                          "PUT",
                          std::string(rows.value(row, first + 3)),
                          {}};
}

/// The Schedules `ids` as the cache holds them: body, actors, Slots, read in three statements.
core::Result<std::unordered_map<std::string, std::shared_ptr<CachedSchedule>>>
loadSchedules(PgConnection& connection, const std::vector<std::string>& ids)
{
    std::unordered_map<std::string, std::shared_ptr<CachedSchedule>> loaded;
    for (const std::string& id : ids)
        loaded.emplace(id, std::make_shared<CachedSchedule>());
    const std::string array = toPgArray(ids);
    auto schedules = connection.exec("SELECT r.id, r.version::text, " + lastUpdatedInstantSql("r") +
                                         ", r.body FROM resource r WHERE r.type = 'Schedule' AND "
                                         "r.id = ANY($1::text[]) AND NOT r.deleted",
                                     {array});
    if (!schedules)
        return core::fail(schedules.error());
    for (int row = 0; row < schedules->rows(); ++row)
        loaded.at(std::string(schedules->value(row, 0)))->schedule =
            std::make_shared<const StoredResource>(storedFrom(*schedules, row, 0, "Schedule"));
    auto actors = connection.exec("SELECT DISTINCT id, target_type, target_id FROM search_reference WHERE type = "
                                  "'Schedule' AND param = 'actor' AND id = ANY($1::text[]) AND target_type <> ''",
                                  {array});
    if (!actors)
        return core::fail(actors.error());
    for (int row = 0; row < actors->rows(); ++row)
        loaded.at(std::string(actors->value(row, 0)))
            ->actors.emplace_back(std::string(actors->value(row, 1)), std::string(actors->value(row, 2)));
    auto slots = connection.exec(
        "SELECT s.schedule_id, s.id, s.version::text, " + lastUpdatedInstantSql("s") +
            ", s.body, s.status_system, s.status_code, s.start_low, s.start_high FROM slot_availability s "
            "WHERE s.schedule_type = 'Schedule' AND s.schedule_id = ANY($1::text[])",
        {array});
    if (!slots)
        return core::fail(slots.error());
    for (int row = 0; row < slots->rows(); ++row)
    {
        CachedSlot slot;
        slot.resource = storedFrom(*slots, row, 1, "Slot");
        slot.hasStatus = !slots->isNull(row, 6);
        if (slot.hasStatus)
        {
            slot.statusSystem = slots->isNull(row, 5) ? "" : std::string(slots->value(row, 5));
            slot.statusCode = std::string(slots->value(row, 6));
        }
        slot.hasStart = !slots->isNull(row, 7) && !slots->isNull(row, 8);
        if (slot.hasStart)
        {
            slot.low = toMicros(slots->value(row, 7));
            slot.high = toMicros(slots->value(row, 8));
        }
        loaded.at(std::string(slots->value(row, 0)))->slots.push_back(std::move(slot));
    }
    for (auto& [id, schedule] : loaded)
        std::sort(schedule->slots.begin(), schedule->slots.end(),
                  [](const CachedSlot& a, const CachedSlot& b) { return a.resource.id < b.resource.id; });
    return loaded;
}

/// Live resources by (type, id); absent ones are not in the answer.
core::Result<std::map<std::pair<std::string, std::string>, std::shared_ptr<const StoredResource>>>
loadResources(PgConnection& connection, const std::vector<std::pair<std::string, std::string>>& keys)
{
    std::vector<std::string> types;
    std::vector<std::string> ids;
    for (const auto& [type, id] : keys)
    {
        types.push_back(type);
        ids.push_back(id);
    }
    auto rows = connection.exec("SELECT r.type, r.id, r.version::text, " + lastUpdatedInstantSql("r") +
                                    ", r.body FROM unnest($1::text[], $2::text[]) k(type, id) JOIN resource r "
                                    "ON r.type = k.type AND r.id = k.id WHERE NOT r.deleted",
                                {toPgArray(types), toPgArray(ids)});
    if (!rows)
        return core::fail(rows.error());
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const StoredResource>> found;
    for (int row = 0; row < rows->rows(); ++row)
    {
        std::string type(rows->value(row, 0));
        auto stored = std::make_shared<const StoredResource>(storedFrom(*rows, row, 1, type));
        found.emplace(std::make_pair(std::move(type), stored->id), stored);
    }
    return found;
}

} // namespace

bool PgCachedSlotSearch::answersFromMemory(const SearchQuery& query) { return shapeOf(query).has_value(); }

core::Result<SearchResult> PgCachedSlotSearch::search(const SearchQuery& query, Micros now)
{
    const auto shape = shapeOf(query);
    if (!shape)
        return _inner->search(query, now);
    const SlotSearchCache::Generation loadedAt = _cache->generation();

    // 1. The chained criterion → Schedule ids: a Schedule search with the rest of the chain, kept.
    const std::string key = criterionKey(*shape->chain);
    std::vector<std::string> scheduleIds;
    if (auto known = _cache->scheduleIds(key))
        scheduleIds = std::move(*known);
    else
    {
        SearchQuery schedules;
        schedules.resourceType = "Schedule";
        schedules.criteria.push_back(*shape->chain);
        schedules.criteria.back().chain.erase(schedules.criteria.back().chain.begin());
        schedules.count = fhir::search::MAX_COUNT;
        auto found = _inner->search(schedules, now);
        if (!found)
            return core::fail(found.error());
        if (found->total > found->matches.size()) // more Schedules than one page: not worth keeping
            return _inner->search(query, now);
        for (const auto& schedule : found->matches)
            scheduleIds.push_back(schedule.id);
        _cache->putScheduleIds(key, scheduleIds, loadedAt);
    }

    // 2. Those Schedules with their Slots: held ones, the others read in one go.
    std::vector<std::pair<std::string, std::shared_ptr<const CachedSchedule>>> schedules;
    std::vector<std::string> missing;
    for (const std::string& id : scheduleIds)
    {
        auto held = _cache->schedule(id);
        if (!held)
            missing.push_back(id);
        schedules.emplace_back(id, std::move(held));
    }
    std::optional<PooledConnection> connection;
    auto connect = [&]() -> core::Status {
        if (connection)
            return {};
        auto acquired = _pool.acquire();
        if (!acquired)
            return core::fail(acquired.error());
        connection.emplace(std::move(*acquired));
        return {};
    };
    if (!missing.empty())
    {
        if (auto connected = connect(); !connected)
            return core::fail(connected.error());
        auto loaded = loadSchedules(**connection, missing);
        if (!loaded)
            return core::fail(loaded.error());
        for (auto& [id, schedule] : schedules)
            if (!schedule)
            {
                schedule = loaded->at(id);
                _cache->putSchedule(id, schedule, loadedAt);
            }
    }

    // 3. The matches, in id order (buildSearchSql's default order), and the page.
    std::vector<std::pair<const CachedSlot*, const CachedSchedule*>> matches;
    for (const auto& [id, schedule] : schedules)
        for (const CachedSlot& slot : schedule->slots)
        {
            const bool kept =
                std::all_of(shape->starts.begin(), shape->starts.end(),
                            [&](const Criterion* criterion) { return startMatches(*criterion, slot, now); }) &&
                std::all_of(shape->statuses.begin(), shape->statuses.end(),
                            [&](const Criterion* criterion) { return statusMatches(*criterion, slot); });
            if (kept)
                matches.emplace_back(&slot, schedule.get());
        }
    std::sort(matches.begin(), matches.end(),
              [](const auto& a, const auto& b) { return a.first->resource.id < b.first->resource.id; });
    matches.erase(std::unique(matches.begin(), matches.end(),
                              [](const auto& a, const auto& b) { return a.first->resource.id == b.first->resource.id; }),
                  matches.end());
    SearchResult result;
    result.total = matches.size();
    if (query.summary == fhir::search::Summary::Count || query.count == 0)
        return result;
    const std::size_t first = std::min(query.offset, matches.size());
    const std::size_t last = std::min(matches.size(), first + query.count);

    // 4. The includes of the page: its Schedules (depth 1), then their actors (depth 2), by type and id.
    std::map<std::string, const CachedSchedule*> pageSchedules;
    result.matches.reserve(last - first);
    for (std::size_t i = first; i < last; ++i)
    {
        result.matches.push_back(matches[i].first->resource);
        if (matches[i].second->schedule)
            pageSchedules.emplace(matches[i].second->schedule->id, matches[i].second);
    }
    if (!shape->includeSchedules)
        return result;
    std::set<std::pair<std::string, std::string>> actorKeys;
    for (const auto& [id, schedule] : pageSchedules)
    {
        result.included.push_back(*schedule->schedule);
        for (const auto& actor : schedule->actors)
            if (std::any_of(shape->actorTypes.begin(), shape->actorTypes.end(),
                            [&](const std::string& type) { return type.empty() || type == actor.first; }) &&
                !(actor.first == "Schedule" && pageSchedules.count(actor.second)))
                actorKeys.insert(actor);
    }
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const StoredResource>> actors;
    std::vector<std::pair<std::string, std::string>> unknown;
    for (const auto& actorKey : actorKeys)
    {
        if (auto held = _cache->resource(actorKey.first, actorKey.second))
            actors.emplace(actorKey, std::move(*held));
        else
            unknown.push_back(actorKey);
    }
    if (!unknown.empty())
    {
        if (auto connected = connect(); !connected)
            return core::fail(connected.error());
        auto loaded = loadResources(**connection, unknown);
        if (!loaded)
            return core::fail(loaded.error());
        for (const auto& actorKey : unknown)
        {
            auto found = loaded->find(actorKey);
            auto stored = found == loaded->end() ? nullptr : found->second;
            _cache->putResource(actorKey.first, actorKey.second, stored, loadedAt);
            actors.emplace(actorKey, std::move(stored));
        }
    }
    for (const auto& [actorKey, stored] : actors) // std::map: type, then id
        if (stored)
            result.included.push_back(*stored);
    return result;
}

} // namespace sas::adapters::postgres
