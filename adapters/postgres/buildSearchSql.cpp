#include "adapters/postgres/buildSearchSql.h"

#include "adapters/postgres/toPgArray.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/store/SearchStore.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace sas::adapters::postgres
{
namespace
{

using fhir::search::ChainLink;
using fhir::search::Criterion;
using fhir::search::DATE_MAX;
using fhir::search::DATE_MIN;
using fhir::search::Include;
using fhir::search::Micros;
using fhir::search::Modifier;
using fhir::search::ParamType;
using fhir::search::Prefix;
using fhir::search::SearchQuery;
using fhir::search::SearchValue;

Micros saturatingAdd(Micros a, Micros b)
{
    if (b > 0 && a > std::numeric_limits<Micros>::max() - b)
        return DATE_MAX;
    if (b < 0 && a < std::numeric_limits<Micros>::min() - b)
        return DATE_MIN;
    return a + b;
}

/// The index table holding a parameter type's values.
const char* tableOf(ParamType type)
{
    switch (type)
    {
    case ParamType::Date:
        return "search_date";
    case ParamType::Reference:
        return "search_reference";
    case ParamType::String:
    case ParamType::Uri:
        return "search_string";
    default:
        return "search_token";
    }
}

/// A LIKE pattern matching `text` literally.
std::string likeLiteral(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        if (c == '\\' || c == '%' || c == '_')
            out += '\\';
        out += c;
    }
    return out;
}

/// Writes the statement: binds values, names aliases, composes predicates.
class SqlWriter
{
public:
    SqlWriter(const SearchQuery& query, Micros now)
        : _query(query), _now(now), _slots(query.resourceType == "Slot"), _rootId(_slots ? "s.id" : "r.id")
    {
    }

    SearchSql build()
    {
        const std::string root = bind(_query.resourceType);
        // Slots come from their typed rows (slot_availability: live Slots only); the page keeps each row's address
        // and Schedule, so bodies are read back by ctid and `_include=Slot:schedule` needs no probe.
        std::string sql = _slots ? "WITH m AS (SELECT s.id, s.ctid AS tid, s.schedule_type, s.schedule_id"
                                 : "WITH m AS (SELECT r.id";
        std::vector<std::string> order;
        for (std::size_t i = 0; i < _query.sort.size(); ++i)
        {
            const auto& key = _query.sort[i];
            const std::string column = "s" + std::to_string(i);
            if (key.parameter == "_id")
                sql += ", " + _rootId + " AS " + column;
            else if (key.parameter == "_lastUpdated")
                sql += ", " + rootAlias() + ".last_updated AS " + column;
            else
                sql += std::string(", (SELECT ") + (key.descending ? "max" : "min") +
                       "(d.low) FROM search_date d WHERE d.type = " + root + " AND d.id = " + _rootId +
                       " AND d.param = " + bind(key.parameter) + ") AS " + column;
            order.push_back(column + (key.descending ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        order.push_back("id");
        std::string orderBy;
        for (const auto& part : order)
            orderBy += (orderBy.empty() ? "" : ", ") + part;

        sql += _slots ? std::string(" FROM slot_availability s WHERE true")
                      : " FROM resource r WHERE r.type = " + root + " AND NOT r.deleted";
        for (const auto& predicate : criteriaPredicates(root))
            sql += " AND " + predicate;
        if (_query.owner)
            sql += " AND EXISTS (SELECT 1 FROM resource o WHERE o.type = " + root + " AND o.id = " + _rootId +
                   " AND o.owner = " + bind(*_query.owner) + ")";
        const bool entries = _query.summary != fhir::search::Summary::Count && _query.count > 0;
        sql += std::string("), page AS (SELECT id, ") + (_slots ? "tid, schedule_type, schedule_id, " : "") +
               "row_number() OVER (ORDER BY " + orderBy + ") AS ord FROM m ORDER BY " + orderBy +
               " LIMIT " + bind(std::to_string(entries ? _query.count : 0)) + "::bigint OFFSET " +
               bind(std::to_string(_query.offset)) + "::bigint)";

        const int reachable = entries ? reachableLevels() : 0;
        const bool includes = reachable > 0;
        // Levels provably empty are not written; only a chain that may go deeper than the bound needs the probe.
        const bool iterate = reachable > fhir::store::MAX_INCLUDE_DEPTH;
        const int levels = std::min(reachable, fhir::store::MAX_INCLUDE_DEPTH);
        if (includes)
        {
            sql += ", l0 AS (SELECT " + root + "::text AS type, id FROM page)";
            for (int level = 1; level <= levels + (iterate ? 1 : 0); ++level)
                sql += ", l" + std::to_string(level) + " AS (" + levelSql(level, root) + ")";
        }

        sql += " SELECT 0 AS kind, 0::bigint AS pos, ''::text AS type, ''::text AS id, "
               "(SELECT count(*) FROM m)::text AS version, ''::text AS last_updated, NULL::text AS body";
        if (_slots)
            sql += " UNION ALL SELECT 1, p.ord, " + root + "::text, s.id, s.version::text, " +
                   lastUpdatedInstantSql("s") + ", s.body FROM page p JOIN slot_availability s ON s.ctid = p.tid";
        else
            sql += " UNION ALL SELECT 1, p.ord, r.type, r.id, r.version::text, " + lastUpdatedInstantSql("r") +
                   ", r.body FROM page p JOIN resource r ON r.type = " + root + " AND r.id = p.id";
        if (includes)
        {
            std::string levelsUnion;
            for (int level = 1; level <= levels; ++level)
                levelsUnion += std::string(level == 1 ? "" : " UNION ALL ") + "SELECT " + std::to_string(level) +
                               "::bigint AS depth, type, id FROM l" + std::to_string(level);
            sql += " UNION ALL SELECT 2, i.depth, r.type, r.id, r.version::text, " + lastUpdatedInstantSql("r") +
                   ", r.body FROM (" + levelsUnion +
                   ") i JOIN resource r ON r.type = i.type AND r.id = i.id AND NOT r.deleted";
            if (iterate)
                sql += " UNION ALL SELECT 3, count(*), '', '', '', '', NULL FROM l" + std::to_string(levels + 1) +
                       " i JOIN resource r ON r.type = i.type AND r.id = i.id AND NOT r.deleted";
        }
        // No ORDER BY: PgSearch orders the rows. Sorting ~800 rows carrying their bodies cost PostgreSQL more than
        // the rest of an INT_R01 search (EXPLAIN ANALYZE on the national data set: 15-25 ms with it, 4-12 without).
        return SearchSql{std::move(sql), std::move(_params)};
    }

private:
    std::string bind(std::string value)
    {
        _params.emplace_back(std::move(value));
        return "$" + std::to_string(_params.size());
    }
    std::string bindBigint(Micros value) { return bind(std::to_string(value)) + "::bigint"; }
    std::string bindArray(const std::vector<std::string>& values) { return bind(toPgArray(values)) + "::text[]"; }
    std::string alias(const char* prefix) { return prefix + std::to_string(++_aliases); }
    std::string rootAlias() const { return _slots ? "s" : "r"; }

    /// `_has` criteria through one reverse link, met together by one referring resource.
    struct HasGroup
    {
        std::string sourceType;
        std::string parameter;
        std::vector<const Criterion*> criteria;
    };

    static bool isSimpleHas(const Criterion& criterion)
    {
        return criterion.chain.size() == 1 && criterion.chain.front().direction == ChainLink::Direction::Reverse;
    }

    std::vector<std::string> criteriaPredicates(const std::string& root)
    {
        std::vector<std::string> predicates;
        for (const auto& criterion : _query.criteria)
        {
            if (!isSimpleHas(criterion))
            {
                std::string typed = _slots ? slotCriterionSql(criterion, 0, "s") : std::string();
                predicates.push_back(typed.empty() ? criterionSql(criterion, 0, root, _rootId) : typed);
                continue;
            }
            const auto& link = criterion.chain.front();
            auto group = std::find_if(_groups.begin(), _groups.end(),
                                      [&](const HasGroup& candidate) {
                                          return candidate.sourceType == link.sourceType &&
                                                 candidate.parameter == link.parameter;
                                      });
            if (group == _groups.end())
                group = _groups.insert(_groups.end(), HasGroup{link.sourceType, link.parameter, {}});
            group->criteria.push_back(&criterion);
        }
        for (const auto& group : _groups)
        {
            if (isSlotSchedule(group.sourceType, group.parameter))
            {
                // The SOS search's "a free Slot of this Schedule inside the window", from the Slots' typed rows.
                const std::string x = alias("h");
                predicates.push_back("EXISTS (SELECT 1 FROM slot_availability " + x + " WHERE " + x +
                                     ".schedule_type = " + root + " AND " + x + ".schedule_id = " + _rootId +
                                     " AND " + slotGroupSql(group, x) + ")");
                continue;
            }
            const std::string x = alias("h");
            const std::string t = alias("t");
            predicates.push_back("EXISTS (SELECT 1 FROM search_reference " + x + " JOIN resource " + t + " ON " + t +
                                 ".type = " + x + ".type AND " + t + ".id = " + x + ".id AND NOT " + t +
                                 ".deleted WHERE " + x + ".type = " + bind(group.sourceType) + " AND " + x +
                                 ".param = " + bind(group.parameter) + " AND " + x + ".target_type = " + root +
                                 " AND " + x + ".target_id = " + _rootId + " AND " + groupSql(group, x + ".id") + ")");
        }
        return predicates;
    }

    static bool isSlotSchedule(const std::string& sourceType, const std::string& parameter)
    {
        return sourceType == "Slot" && parameter == "schedule";
    }

    /// A criterion from chain step `step` on, evaluated on the Slot whose typed row is `a` (slot_availability), or
    /// "" when it needs the generic index tables: `start` and `status` without modifier, and a chain through
    /// `schedule` (the IG's `schedule.actor:Practitioner.identifier`), whose rest is evaluated on the row's Schedule.
    /// The same tests as finalSql and criterionSql, on columns holding the same values (PgResourceStore writes both
    /// from one index).
    std::string slotCriterionSql(const Criterion& criterion, std::size_t step, const std::string& a)
    {
        if (criterion.modifier != Modifier::None)
            return {};
        const bool final = step == criterion.chain.size();
        if (final && criterion.parameter == "start" && criterion.type == ParamType::Date)
        {
            std::string values;
            for (const auto& value : criterion.values)
                values += (values.empty() ? "" : " OR ") + dateValueSql(value, a + ".start_low", a + ".start_high");
            std::string sql = "(" + values + ")";
            // Implied bounds the index can range over (low < high for every stored value): `ge` needs
            // high > the searched low, `le` low < the searched high.
            if (criterion.values.size() == 1 && criterion.values.front().prefix == Prefix::Ge)
                sql += " AND " + a + ".start_high > " + bindBigint(criterion.values.front().range.low);
            if (criterion.values.size() == 1 && criterion.values.front().prefix == Prefix::Le)
                sql += " AND " + a + ".start_low < " + bindBigint(criterion.values.front().range.high);
            return sql;
        }
        if (final && criterion.parameter == "status" && criterion.type == ParamType::Token)
            return "(" + tokenValuesSql(criterion, a + ".status_system", a + ".status_code") + ")";
        if (!final)
        {
            const ChainLink& link = criterion.chain[step];
            if (link.direction != ChainLink::Direction::Forward || !isSlotSchedule(link.sourceType, link.parameter) ||
                !readsTargetIndex(criterion, step + 1))
                return {};
            return "(" + targetTypeSql(a + ".schedule_type", link.targetTypes) + " AND " +
                   criterionSql(criterion, step + 1, a + ".schedule_type", a + ".schedule_id") + ")";
        }
        return {};
    }

    /// The criteria of a `_has:Slot:schedule:…` group on the Slot whose typed row is `a`.
    std::string slotGroupSql(const HasGroup& group, const std::string& a)
    {
        std::string sql;
        for (const Criterion* criterion : group.criteria)
        {
            std::string typed = slotCriterionSql(*criterion, 1, a);
            sql += (sql.empty() ? "" : " AND ") +
                   (typed.empty() ? criterionSql(*criterion, 1, bind(group.sourceType), a + ".id") : typed);
        }
        return sql;
    }

    /// The link's target types. One type (the IG's chains: `schedule.actor:Practitioner.identifier`) is written as
    /// an equality so the planner can propagate the constant to the next link's tables: the search is then driven
    /// from the selective end (25 identifiers → their Schedules → their Slots) instead of probing every reference.
    std::string targetTypeSql(const std::string& column, const std::vector<std::string>& types)
    {
        if (types.size() == 1)
            return column + " = " + bind(types.front());
        return column + " = ANY(" + bindArray(types) + ")";
    }

    /// The final predicates of a group's criteria on the referring resource `idSql`.
    std::string groupSql(const HasGroup& group, const std::string& idSql)
    {
        std::string sql;
        for (const Criterion* criterion : group.criteria)
            sql += (sql.empty() ? "" : " AND ") + criterionSql(*criterion, 1, bind(group.sourceType), idSql);
        return sql;
    }

    /// Whether the criterion from chain link `step` on can only hold for a live resource because it requires that
    /// resource's own index rows: a forward link (its search_reference rows) or a positive final test on an index
    /// table. The index holds live resources only (replaced on write, removed on delete), so a forward link to such a
    /// target needs no probe of `resource` to skip deleted targets: one index probe fewer per candidate, the largest
    /// saving in INT_R01 (a Schedule probe per Slot). Dangling references stay excluded: a deleted target has no rows.
    static bool readsTargetIndex(const Criterion& criterion, std::size_t step)
    {
        if (step < criterion.chain.size())
            return criterion.chain[step].direction == ChainLink::Direction::Forward;
        return criterion.parameter != "_id" && criterion.parameter != "_lastUpdated" &&
               criterion.modifier != Modifier::Missing && criterion.modifier != Modifier::Not;
    }

    /// The criterion from chain link `step` on, evaluated on the resource (typeSql, idSql).
    std::string criterionSql(const Criterion& criterion, std::size_t step, const std::string& typeSql,
                             const std::string& idSql)
    {
        if (step == criterion.chain.size())
            return finalSql(criterion, typeSql, idSql);
        const ChainLink& link = criterion.chain[step];
        const std::string x = alias("c");
        const std::string t = alias("t");
        if (link.direction == ChainLink::Direction::Forward)
            return "EXISTS (SELECT 1 FROM search_reference " + x +
                   (readsTargetIndex(criterion, step + 1)
                        ? std::string()
                        : " JOIN resource " + t + " ON " + t + ".type = " + x + ".target_type AND " + t + ".id = " + x +
                              ".target_id AND NOT " + t + ".deleted") +
                   " WHERE " + x + ".type = " + typeSql + " AND " + x + ".id = " + idSql + " AND " + x +
                   ".param = " + bind(link.parameter) + " AND " + targetTypeSql(x + ".target_type", link.targetTypes) +
                   " AND " + criterionSql(criterion, step + 1, x + ".target_type", x + ".target_id") + ")";
        return "EXISTS (SELECT 1 FROM search_reference " + x + " JOIN resource " + t + " ON " + t + ".type = " + x +
               ".type AND " + t + ".id = " + x + ".id AND NOT " + t + ".deleted WHERE " + x +
               ".type = " + bind(link.sourceType) + " AND " + x + ".param = " + bind(link.parameter) + " AND " + x +
               ".target_type = " + typeSql + " AND " + x + ".target_id = " + idSql + " AND " +
               criterionSql(criterion, step + 1, bind(link.sourceType), x + ".id") + ")";
    }

    /// The criterion's own test on the resource (typeSql, idSql), chains resolved.
    std::string finalSql(const Criterion& criterion, const std::string& typeSql, const std::string& idSql)
    {
        if (criterion.parameter == "_id")
            return idMatchSql(criterion, idSql);
        if (criterion.parameter == "_lastUpdated")
            return lastUpdatedSql(criterion, typeSql, idSql);

        const std::string a = alias("v");
        const std::string from = std::string("FROM ") + tableOf(criterion.type) + " " + a + " WHERE " + a +
                                 ".type = " + typeSql + " AND " + a + ".id = " + idSql + " AND " + a +
                                 ".param = " + bind(criterion.parameter);
        if (criterion.modifier == Modifier::Missing)
            return std::string(criterion.missing ? "NOT " : "") + "EXISTS (SELECT 1 " + from + ")";

        std::string values;
        switch (criterion.type)
        {
        case ParamType::Token:
            values = tokenValuesSql(criterion, a + ".system", a + ".code");
            break;
        case ParamType::Date:
            for (const auto& value : criterion.values)
                values += (values.empty() ? "" : " OR ") + dateValueSql(value, a + ".low", a + ".high");
            break;
        case ParamType::Reference:
            for (const auto& value : criterion.values)
                values += (values.empty() ? "" : " OR ") + referenceValueSql(value, a);
            break;
        case ParamType::String:
            for (const auto& value : criterion.values)
                values += (values.empty() ? "" : " OR ") + stringValueSql(criterion, value, a, typeSql, idSql);
            break;
        case ParamType::Uri:
        {
            std::vector<std::string> uris;
            for (const auto& value : criterion.values)
                uris.push_back(value.code);
            values = a + ".value = ANY(" + bindArray(uris) + ")";
            break;
        }
        default:
            values = "false"; // the parser refuses the other types
            break;
        }
        const bool negated = criterion.modifier == Modifier::Not;
        return std::string(negated ? "NOT " : "") + "EXISTS (SELECT 1 " + from + " AND (" + values + "))";
    }

    std::string idMatchSql(const Criterion& criterion, const std::string& idColumn)
    {
        if (criterion.modifier == Modifier::Missing)
            return criterion.missing ? "false" : "true";
        std::vector<std::string> ids;
        for (const auto& value : criterion.values)
            ids.push_back(value.code);
        return std::string(criterion.modifier == Modifier::Not ? "NOT " : "") + idColumn + " = ANY(" + bindArray(ids) +
               ")";
    }

    /// `_lastUpdated` from the resource row (millisecond precision): the index holds what the client wrote.
    std::string lastUpdatedSql(const Criterion& criterion, const std::string& typeSql, const std::string& idSql)
    {
        if (criterion.modifier == Modifier::Missing)
            return criterion.missing ? "false" : "true";
        const std::string u = alias("u");
        const std::string low = "(extract(epoch FROM " + u + ".last_updated) * 1000000)::bigint";
        std::string values;
        for (const auto& value : criterion.values)
            values += (values.empty() ? "" : " OR ") + dateValueSql(value, low, "(" + low + " + 1000)");
        return "EXISTS (SELECT 1 FROM resource " + u + " WHERE " + u + ".type = " + typeSql + " AND " + u +
               ".id = " + idSql + " AND (" + values + "))";
    }

    /// Token values: codes of any system, then `|code`, then `system|` and `system|code` grouped by system.
    std::string tokenValuesSql(const Criterion& criterion, const std::string& systemSql, const std::string& codeSql)
    {
        std::vector<std::string> anySystem;
        std::vector<std::string> noSystem;
        std::vector<std::string> wholeSystems;
        std::map<std::string, std::vector<std::string>> bySystem;
        for (const SearchValue& value : criterion.values)
        {
            if (value.anySystem)
                anySystem.push_back(value.code);
            else if (value.system.empty())
                noSystem.push_back(value.code);
            else if (value.code.empty())
                wholeSystems.push_back(value.system);
            else
                bySystem[value.system].push_back(value.code);
        }
        std::string sql;
        auto orPart = [&sql](const std::string& part) { sql += (sql.empty() ? "" : " OR ") + part; };
        if (!anySystem.empty())
            orPart(codeSql + " = ANY(" + bindArray(anySystem) + ")");
        if (!noSystem.empty())
            orPart("(" + systemSql + " = '' AND " + codeSql + " = ANY(" + bindArray(noSystem) + "))");
        if (!wholeSystems.empty())
            orPart(systemSql + " = ANY(" + bindArray(wholeSystems) + ")");
        for (const auto& [system, codes] : bySystem)
            orPart("(" + systemSql + " = " + bind(system) + " AND " + codeSql + " = ANY(" + bindArray(codes) + "))");
        return sql.empty() ? "false" : sql;
    }

    /// fhir/search/dateMatches.h, with the stored range [lowSql, highSql).
    std::string dateValueSql(const SearchValue& value, const std::string& low, const std::string& high)
    {
        const auto& q = value.range;
        auto eq = [&]
        { return "(" + bindBigint(q.low) + " <= " + low + " AND " + high + " <= " + bindBigint(q.high) + ")"; };
        switch (value.prefix)
        {
        case Prefix::Eq:
            return eq();
        case Prefix::Ne:
            return "NOT " + eq();
        case Prefix::Gt:
            return "(" + high + " > " + bindBigint(q.high) + ")";
        case Prefix::Lt:
            return "(" + low + " < " + bindBigint(q.low) + ")";
        case Prefix::Ge:
            return "(" + high + " > " + bindBigint(q.high) + " OR " + eq() + ")";
        case Prefix::Le:
            return "(" + low + " < " + bindBigint(q.low) + " OR " + eq() + ")";
        case Prefix::Sa:
            return "(" + low + " >= " + bindBigint(q.high) + ")";
        case Prefix::Eb:
            return "(" + high + " <= " + bindBigint(q.low) + ")";
        case Prefix::Ap:
        {
            const Micros distance = _now >= q.low ? saturatingAdd(_now, -q.low) : saturatingAdd(q.low, -_now);
            const Micros margin = distance / 10;
            return "(" + low + " < " + bindBigint(saturatingAdd(q.high, margin)) + " AND " + high + " > " +
                   bindBigint(saturatingAdd(q.low, -margin)) + ")";
        }
        }
        return "false";
    }

    std::string referenceValueSql(const SearchValue& value, const std::string& a)
    {
        if (!value.code.empty())
            return "(" + a + ".url = " + bind(value.code) + ")";
        std::string sql = "(" + a + ".target_id = " + bind(value.targetId);
        if (!value.targetType.empty())
            sql += " AND " + a + ".target_type = " + bind(value.targetType);
        else
            sql += " AND " + a + ".target_type <> ''";
        return sql + ")";
    }

    /// Normalised prefix (default), substring (`:contains`), or equality of the raw text (`:exact`). The index
    /// keeps only the normalised text, so `:exact` also requires the value, JSON-quoted exactly as the canonical
    /// body writes it, to appear in the stored body.
    std::string stringValueSql(const Criterion& criterion, const SearchValue& value, const std::string& a,
                               const std::string& typeSql, const std::string& idSql)
    {
        if (criterion.type == ParamType::String && criterion.modifier == Modifier::Exact)
        {
            const std::string b = alias("b");
            return "(" + a + ".value = " + bind(value.code) + " AND EXISTS (SELECT 1 FROM resource " + b + " WHERE " +
                   b + ".type = " + typeSql + " AND " + b + ".id = " + idSql + " AND strpos(" + b + ".body, " +
                   bind(fhir::writeJson(fhir::Node::string(value.text))) + ") > 0))";
        }
        if (criterion.modifier == Modifier::Contains)
            return "(" + a + ".value LIKE " + bind("%" + likeLiteral(value.code) + "%") + ")";
        return "(" + a + ".value LIKE " + bind(likeLiteral(value.code) + "%") + ")";
    }

    // ---- includes -----------------------------------------------------------------------------------------------

    /// Resource types a level of includes can hold; ANY_TYPE when a reference parameter declares no target.
    using TypeSet = std::set<std::string>;
    static constexpr const char* ANY_TYPE = "*";

    static TypeSet targetsOf(const std::string& type, const std::string& parameter)
    {
        const auto* definition = fhir::search::SearchParameterRegistry::instance().find(type, parameter);
        if (!definition || definition->targets.empty())
            return {ANY_TYPE};
        return TypeSet(definition->targets.begin(), definition->targets.end());
    }

    static bool mayOverlap(const TypeSet& a, const TypeSet& b)
    {
        return a.count(ANY_TYPE) || b.count(ANY_TYPE) ||
               std::any_of(a.begin(), a.end(), [&b](const std::string& type) { return b.count(type) > 0; });
    }

    /// Whether `include` can add anything at `level`, given the types level - 1 can hold.
    bool applies(const Include& include, int level) const
    {
        if (level > 1 && !include.iterate)
            return false;
        const TypeSet& previous = _levelTypes[static_cast<std::size_t>(level - 1)];
        auto holds = [&previous](const std::string& type) { return previous.count(ANY_TYPE) || previous.count(type); };
        if (!include.reverse)
            return holds(include.sourceType);
        if (!include.targetType.empty())
            return holds(include.targetType);
        const TypeSet targets = targetsOf(include.sourceType, include.parameter);
        return targets.count(ANY_TYPE) ||
               std::any_of(targets.begin(), targets.end(), [&](const std::string& type) { return holds(type); });
    }

    /// How many include levels can be non-empty, following the types each level can hold from the root type
    /// (MAX_INCLUDE_DEPTH + 1 when a chain may go past the bound: the probe level). INT_R01's
    /// `_include=Slot:schedule&_include:iterate=Schedule:actor` gives 2 (Schedules, then their actors, which no
    /// include starts from), so its statement has two levels instead of five and a probe: smaller to plan and run.
    int reachableLevels()
    {
        _levelTypes = {TypeSet{_query.resourceType}};
        int reachable = 0;
        for (int level = 1; level <= fhir::store::MAX_INCLUDE_DEPTH + 1; ++level)
        {
            TypeSet next;
            bool any = false;
            for (const Include& include : _query.includes)
            {
                if (!applies(include, level))
                    continue;
                any = true;
                if (include.reverse)
                    next.insert(include.sourceType);
                else if (!include.targetType.empty())
                    next.insert(include.targetType);
                else
                    next.merge(targetsOf(include.sourceType, include.parameter));
            }
            if (!any)
                break;
            _levelTypes.push_back(std::move(next));
            reachable = level;
        }
        return reachable;
    }

    /// Level `level` of the includes: what the includes that apply add from level - 1, minus earlier levels.
    std::string levelSql(int level, const std::string& root)
    {
        const std::string from = "l" + std::to_string(level - 1);
        std::string steps;
        for (const Include& include : _query.includes)
        {
            if (!applies(include, level))
                continue;
            const std::string x = alias("i");
            std::string step;
            if (!include.reverse && _slots && level == 1 && include.sourceType == "Slot" &&
                include.parameter == "schedule")
            {
                // The page carries each Slot's Schedule reference (slot_availability holds the same value as its
                // search_reference row): no probe per Slot.
                step = "SELECT f.schedule_type AS type, f.schedule_id AS id FROM page f WHERE f.schedule_type IS NOT NULL";
                if (!include.targetType.empty())
                    step += " AND f.schedule_type = " + bind(include.targetType);
            }
            else if (!include.reverse)
            {
                step = "SELECT " + x + ".target_type AS type, " + x + ".target_id AS id FROM " + from +
                       " f JOIN search_reference " + x + " ON " + x + ".type = f.type AND " + x +
                       ".id = f.id WHERE f.type = " + bind(include.sourceType) + " AND " + x +
                       ".param = " + bind(include.parameter) + " AND " + x + ".target_type <> ''";
                if (!include.targetType.empty())
                    step += " AND " + x + ".target_type = " + bind(include.targetType);
            }
            else if (isSlotSchedule(include.sourceType, include.parameter))
            {
                // `_revinclude=Slot:schedule` (the SOS search): the Slots' typed rows, by their Schedule.
                step = "SELECT " + bind(include.sourceType) + "::text AS type, " + x + ".id AS id FROM " + from +
                       " f JOIN slot_availability " + x + " ON " + x + ".schedule_type = f.type AND " + x +
                       ".schedule_id = f.id WHERE true";
                if (!include.targetType.empty())
                    step += " AND f.type = " + bind(include.targetType);
                if (level == 1)
                    step += revincludeFilter(include, x, root);
            }
            else
            {
                step = "SELECT " + x + ".type AS type, " + x + ".id AS id FROM " + from + " f JOIN search_reference " +
                       x + " ON " + x + ".target_type = f.type AND " + x + ".target_id = f.id WHERE " + x +
                       ".type = " + bind(include.sourceType) + " AND " + x + ".param = " + bind(include.parameter);
                if (!include.targetType.empty())
                    step += " AND f.type = " + bind(include.targetType);
                if (level == 1)
                    step += revincludeFilter(include, x, root);
            }
            steps += (steps.empty() ? "" : " UNION ALL ") + step;
        }
        if (steps.empty())
            steps = "SELECT ''::text AS type, ''::text AS id WHERE false";
        std::string sql = "SELECT DISTINCT s.type, s.id FROM (" + steps + ") s WHERE true";
        for (int earlier = 0; earlier < level; ++earlier)
        {
            if (!mayOverlap(_levelTypes[static_cast<std::size_t>(earlier)],
                            _levelTypes[static_cast<std::size_t>(level)]))
                continue; // no resource can be in both (INT_R01: Slots, Schedules, actors): no anti-join to plan
            const std::string e = "l" + std::to_string(earlier);
            sql += " AND NOT EXISTS (SELECT 1 FROM " + e + " WHERE " + e + ".type = s.type AND " + e + ".id = s.id)";
        }
        return sql;
    }

    /// A revinclude through the reference of a `_has` group keeps, among the referring resources of the matches,
    /// those satisfying the group.
    std::string revincludeFilter(const Include& include, const std::string& x, const std::string& root)
    {
        for (const auto& group : _groups)
        {
            if (group.sourceType == include.sourceType && group.parameter == include.parameter)
                return " AND (f.type <> " + root + " OR (" +
                       (isSlotSchedule(group.sourceType, group.parameter) ? slotGroupSql(group, x)
                                                                          : groupSql(group, x + ".id")) +
                       "))";
        }
        return {};
    }

    const SearchQuery& _query;
    Micros _now;
    bool _slots;         ///< a Slot search: matches from slot_availability
    std::string _rootId; ///< the column holding a candidate match's id
    std::vector<PgParam> _params;
    std::vector<HasGroup> _groups;
    std::vector<TypeSet> _levelTypes; ///< by include level, from reachableLevels()
    int _aliases = 0;
};

} // namespace

std::string lastUpdatedInstantSql(const std::string& alias)
{
    return "to_char(" + alias + ".last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

SearchSql buildSearchSql(const fhir::search::SearchQuery& query, fhir::search::Micros now)
{
    return SqlWriter(query, now).build();
}

} // namespace sas::adapters::postgres
