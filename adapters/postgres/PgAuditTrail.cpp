#include "adapters/postgres/PgAuditTrail.h"

namespace sas::adapters::postgres
{
namespace
{

constexpr const char* SELECT_EVENTS =
    "SELECT id::text, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), agent_kind, agent_id, "
    "request_id, action, subtype, entity_type, entity_id, entity_version, detail, outcome FROM audit_event";

std::vector<AuditEventRow> eventsOf(const PgResult& rows)
{
    std::vector<AuditEventRow> events;
    for (int row = 0; row < rows.rows(); ++row)
    {
        auto text = [&](int column) { return std::string(rows.value(row, column)); };
        AuditEventRow event{text(0), text(1), {}};
        event.record.agent = core::AuditAgent{text(2), text(3), text(4)};
        event.record.action = text(5);
        event.record.subtype = text(6);
        event.record.entityType = text(7);
        event.record.entityId = text(8);
        if (!rows.isNull(row, 9))
            event.record.entityVersion = std::stoi(text(9));
        event.record.detail = text(10);
        event.record.outcome = text(11);
        events.push_back(std::move(event));
    }
    return events;
}

} // namespace

core::Status appendAuditEvent(PgConnection& connection, const core::AuditRecord& record)
{
    auto inserted = connection.exec(
        "INSERT INTO audit_event (agent_kind, agent_id, request_id, action, subtype, entity_type, entity_id, "
        "entity_version, detail, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::integer, $9, $10)",
        {record.agent.kind, record.agent.id, record.agent.requestId, record.action, record.subtype, record.entityType,
         record.entityId,
         record.entityVersion ? PgParam(std::to_string(*record.entityVersion)) : PgParam(std::nullopt), record.detail,
         record.outcome});
    return inserted ? core::Status{} : core::fail(inserted.error());
}

core::Status PgAuditTrail::append(const core::AuditRecord& record)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    return appendAuditEvent(**connection, record);
}

core::Result<std::vector<AuditEventRow>> PgAuditTrail::search(const AuditQuery& query)
{
    std::string sql = std::string(SELECT_EVENTS) + " WHERE true";
    std::vector<PgParam> params;
    auto bind = [&params](const std::string& value) {
        params.emplace_back(value);
        return "$" + std::to_string(params.size());
    };
    for (const auto& bound : query.recorded)
    {
        const bool day = bound.value.size() == 10;
        const std::string value = bind(bound.value);
        // A date is a whole day of Europe/Paris, as every date of this gateway; a dateTime carries its offset.
        const std::string start =
            day ? "(" + value + "::date::timestamp AT TIME ZONE 'Europe/Paris')" : "(" + value + "::timestamptz)";
        const std::string end = day ? "((" + value + "::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')"
                                    : "(" + value + "::timestamptz + interval '1 second')";
        sql += " AND recorded " + bound.comparison + " " + (bound.upperOfDay ? end : start);
    }
    if (query.agentId)
        sql += " AND agent_id = " + bind(*query.agentId);
    if (query.entityType)
        sql += " AND entity_type = " + bind(*query.entityType);
    if (query.outcome)
        sql += " AND outcome = " + bind(*query.outcome);
    sql += " ORDER BY seq DESC LIMIT " + bind(std::to_string(query.count)) + "::integer";

    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(sql, params);
    if (!rows)
        return core::fail(rows.error());
    return eventsOf(*rows);
}

core::Result<AuditEventRow> PgAuditTrail::find(const std::string& id)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(std::string(SELECT_EVENTS) + " WHERE id::text = $1", {id});
    if (!rows)
        return core::fail(rows.error());
    auto events = eventsOf(*rows);
    if (events.empty())
        return core::fail(core::ErrorCode::NotFound, "no AuditEvent '" + id.substr(0, 40) + "'");
    return events.front();
}

} // namespace sas::adapters::postgres
