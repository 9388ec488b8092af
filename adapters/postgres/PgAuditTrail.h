#pragma once

#include "adapters/postgres/PgConnection.h"
#include "adapters/postgres/PgPool.h"
#include "core/ports/AuditTrail.h"

#include <optional>
#include <string>
#include <vector>

namespace sas::adapters::postgres
{

/// Inserts one audit_event row on `connection`, inside whatever transaction it is in (a write's, so the event
/// commits or rolls back with it).
core::Status appendAuditEvent(PgConnection& connection, const core::AuditRecord& record);

/// One stored audit event.
struct AuditEventRow
{
    std::string id;
    std::string recorded; ///< FHIR instant, UTC
    core::AuditRecord record;
};

/// One bound of `recorded`: `recorded <comparison> <start or end of value>`.
struct AuditDateBound
{
    std::string comparison; ///< ">=", ">", "<", "<="
    std::string value;      ///< a FHIR date (a whole day in Europe/Paris) or dateTime with an offset
    bool upperOfDay = false; ///< compare with the end of `value`'s day (or second) rather than its start
};

/// What an admin looks for (GET /fhir/AuditEvent): every field set must hold.
struct AuditQuery
{
    std::vector<AuditDateBound> recorded;
    std::optional<std::string> agentId;
    std::optional<std::string> entityType;
    std::optional<std::string> outcome;
    int count = 50;
};

/// The append-only audit trail in PostgreSQL (migration 0010).
class PgAuditTrail final : public core::AuditTrail
{
public:
    explicit PgAuditTrail(PgPool& pool) : _pool(pool) { }

    /// Records an event that no write carries (a regulator's search), in its own statement.
    core::Status append(const core::AuditRecord& record) override;

    /// Newest first, at most `query.count`.
    core::Result<std::vector<AuditEventRow>> search(const AuditQuery& query);
    /// One event by id; NotFound otherwise.
    core::Result<AuditEventRow> find(const std::string& id);

private:
    PgPool& _pool;
};

} // namespace sas::adapters::postgres
