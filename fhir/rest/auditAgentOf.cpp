#include "fhir/rest/auditAgentOf.h"

#include "fhir/rest/Exchange.h"

namespace sas::fhir::rest
{

core::AuditAgent auditAgentOf(const Exchange& exchange)
{
    const auto& identity = exchange.identity();
    if (!identity)
        return {};
    return core::AuditAgent{core::toString(identity->kind), identity->name, exchange.requestId()};
}

} // namespace sas::fhir::rest
