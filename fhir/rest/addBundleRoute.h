#pragma once

#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/rest/Router.h"

namespace sas::fhir::rest
{

/// Registers `POST /fhir` for `transaction` and `batch` Bundles (vendor and admin): how a
/// booking vendor pushes its practitioners, places, schedules and slots. `services` must outlive
/// the router.
void addBundleRoute(Router& router, const ResourceServices& services, ServerCapabilities& capabilities);

} // namespace sas::fhir::rest
