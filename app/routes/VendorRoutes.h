#pragma once

#include "adapters/vendors/FanOutVendorClient.h"
#include "adapters/vendors/RegulatorAccountSync.h"
#include "adapters/vendors/VendorRegistry.h"
#include "core/ports/AuditTrail.h"
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

/// INT_R02 for operators (admin identity only); the state is per node and in memory (RegulatorAccountSync):
/// - `GET /admin/regulator-accounts/{technicalId}`: where the regulator's account stands at each end-to-end vendor —
///   `{"vendors": [{"id", "state" (pending|synced|failed), "attempts", "lastError"}]}`;
/// - `PUT /admin/regulator-accounts/{technicalId}` with `{"nationalId"?, "familyName", "givenName", "email"?,
///   "active"?}`: creates or updates the account at every enabled end-to-end vendor (as a sign-in does), or with
///   `"active": false` deactivates it at every one of them at once, before answering with the same JSON as the GET.
///   Each write leaves an AuditEvent naming the technical id only (outcome 4 when a vendor is not in sync).
void addRegulatorAccountRoutes(fhir::rest::Router& router, adapters::vendors::RegulatorAccountSync& accounts,
                               core::AuditTrail& audit);

} // namespace sas::app
