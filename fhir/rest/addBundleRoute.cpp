#include "fhir/rest/addBundleRoute.h"

#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"
#include "fhir/rest/processBundle.h"
#include "fhir/rest/readResourceBody.h"

namespace sas::fhir::rest
{

using core::IdentityKind;

void addBundleRoute(Router& router, const ResourceServices& services, ServerCapabilities& capabilities)
{
    router.add("POST", "/fhir", Access::forKinds({IdentityKind::Vendor, IdentityKind::Admin}),
               [&services](Exchange& exchange) -> core::Status {
                   if (auto representation = exchange.representation(); !representation)
                       return core::fail(representation.error());
                   // Required elements are checked per entry (profile validation), so a batch entry
                   // missing one fails alone and a transaction reports it with the entry's path.
                   ReadOptions options;
                   options.checkRequired = false;
                   auto bundle = readResourceBody(exchange, "Bundle", options);
                   if (!bundle)
                       return core::fail(bundle.error());
                   const Node* type = bundle->first("type");
                   const std::string kind = type ? type->value() : "";
                   const Submitter submitter{exchange.identity()->name,
                                             exchange.identity()->kind == IdentityKind::Vendor, auditAgentOf(exchange)};
                   core::Result<Node> response = core::fail(core::ErrorCode::Invalid, "unreachable");
                   if (kind == "transaction")
                       response = processTransaction(*bundle, services, submitter);
                   else if (kind == "batch")
                       response = processBatch(*bundle, services, submitter);
                   else
                       return core::fail(core::ErrorCode::Invalid, "POST /fhir takes a transaction or batch Bundle",
                                         "Bundle.type");
                   if (!response)
                       return core::fail(response.error());
                   exchange.sendResource(*response);
                   return {};
               });
    capabilities.systemInteractions.push_back("transaction");
    capabilities.systemInteractions.push_back("batch");
}

} // namespace sas::fhir::rest
