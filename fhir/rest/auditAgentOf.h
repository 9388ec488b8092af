#pragma once

#include "core/ports/AuditTrail.h"

namespace sas::fhir::rest
{

class Exchange;

/// The audit trail's name for the caller: identity kind and name, with the request id. Empty kind when the caller
/// has no identity (nothing is audited then; such callers cannot write).
core::AuditAgent auditAgentOf(const Exchange& exchange);

} // namespace sas::fhir::rest
