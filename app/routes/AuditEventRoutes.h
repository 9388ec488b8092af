#pragma once

#include "adapters/postgres/PgAuditTrail.h"
#include "fhir/rest/Router.h"

#include <string>

namespace sas::app
{

/// Registers the audit trail's read side, for `admin` only:
/// - `GET /fhir/AuditEvent?date=ge…&date=lt…&agent=…&entity-type=…&outcome=…&_count=…`: a searchset Bundle,
///   newest first (`date` a FHIR date — a whole day in Europe/Paris — or a dateTime with offset, prefixes
///   eq/ge/gt/le/lt; `agent` an identity name or a regulator's subject; `entity-type` a resource type);
/// - `GET /fhir/AuditEvent/{id}`.
/// Nothing else: the trail is append-only, so every write method on these paths is 405.
/// Served as FHIR JSON (the gateway's R4 definitions stop short of AuditEvent's XML element order).
void addAuditEventRoutes(fhir::rest::Router& router, adapters::postgres::PgAuditTrail& trail, std::string fhirBase);

} // namespace sas::app
