#pragma once

#include "adapters/vendors/FanOutVendorClient.h"
#include "adapters/vendors/RegulatorAccountSync.h"
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

/// `GET /admin/regulator-accounts/{technicalId}` (admin): where the regulator's INT_R02 account stands at each
/// end-to-end vendor — `{"vendors": [{"id", "state" (pending|synced|failed), "attempts", "lastError"}]}` — as this
/// node last sent it (the state is per node and in memory, see RegulatorAccountSync).
void addRegulatorAccountRoute(fhir::rest::Router& router, const adapters::vendors::RegulatorAccountSync& accounts);

} // namespace sas::app
