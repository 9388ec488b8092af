#pragma once

#include "core/Result.h"

#include <optional>
#include <string>

namespace sas::core
{

/// Who acts, as the audit trail names them: never a patient datum.
struct AuditAgent
{
    std::string kind;      ///< identity kind ("vendor", "lrm", "admin", …) or "regulator"; empty: not audited
    std::string id;        ///< identity name, or the regulator's OpenID Connect subject
    std::string requestId; ///< the request's X-Request-Id, to join with the access log
};

/// One AuditEvent: who did what to which resource (or which kind of search in which territory), with what outcome.
/// Query values, addresses and names are never recorded: `detail` holds only codes (search kind, territory).
struct AuditRecord
{
    AuditAgent agent;
    std::string action;      ///< FHIR audit-event-action: C, R, U, D, E
    std::string subtype;     ///< FHIR restful-interaction or ours: create, update, delete, search-type, …
    std::string entityType;  ///< resource type, or what a search looked for
    std::string entityId;    ///< resource id; empty for a search
    std::optional<int> entityVersion;
    std::string detail;      ///< codes only: search kind, territory (département) code
    std::string outcome = "0"; ///< FHIR audit-event-outcome: 0 success, 4 minor failure, 8 serious failure
};

/// The append-only audit trail (adapters/postgres/PgAuditTrail). Writes record their event in their own transaction
/// (PgResourceStore); this port records events that have no write to join, such as a regulator's search.
class AuditTrail
{
public:
    virtual ~AuditTrail() = default;
    virtual Status append(const AuditRecord& record) = 0;
};

} // namespace sas::core
