#pragma once

#include "adapters/hub/HubRelay.h"
#include "adapters/postgres/PgHubOutbox.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// Operators' view of INT_L02:
/// - `GET /admin/hub/messages?appointmentId=<uuid>` (admin): every message of that appointment (the LRM's
///   appointmentId), oldest first, with its state, error and the trace of events (sent, confirmed, acks, errors);
/// - gauges `sas_hub_messages_<state>` (messages by state) and, when publishing, `sas_hub_publisher_connected`,
///   `sas_hub_consumer_connected`, `sas_hub_confirmed` on /metrics.
void addHubAdminRoutes(fhir::rest::Router& router, adapters::postgres::PgHubOutbox& outbox, fhir::rest::HttpMetrics& metrics,
                       const adapters::hub::HubRelay* relay);

} // namespace sas::app
