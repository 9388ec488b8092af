#pragma once

#include "adapters/vendors/FanOutVendorClient.h"
#include "adapters/vendors/VendorRegistry.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// Registers the booking-vendor operator routes (admin identity only):
/// - `GET /admin/vendors`: the registry in use (id, name, capability, flows, enabled, base URL);
/// - `POST /admin/vendors/reload`: re-reads the registry file without a restart; when the new file is invalid the
///   registry in use stays and the answer is 400 with one issue per bad key;
/// and the fan-out counters as Prometheus gauges.
void addVendorRoutes(fhir::rest::Router& router, adapters::vendors::ReloadableVendorRegistry& registry,
                     const adapters::vendors::FanOutVendorClient& client, fhir::rest::HttpMetrics& metrics);

} // namespace sas::app
