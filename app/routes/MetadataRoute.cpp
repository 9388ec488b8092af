#include "app/routes/MetadataRoute.h"

#include "fhir/rest/Exchange.h"

#include <memory>

namespace sas::app
{

using core::IdentityKind;

void addMetadataRoute(fhir::rest::Router& router, const fhir::rest::ServerCapabilities& capabilities)
{
    auto statement = std::make_shared<const fhir::Node>(fhir::rest::buildCapabilityStatement(capabilities));
    router.add("GET", "/fhir/metadata",
               fhir::rest::Access::forKinds({IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin}),
               [statement](fhir::rest::Exchange& exchange) -> core::Status {
                   auto representation = exchange.representation();
                   if (!representation)
                       return core::fail(representation.error());
                   exchange.sendResource(*statement);
                   return {};
               });
}

} // namespace sas::app
