#pragma once

#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgPool.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/Router.h"

namespace sas::app
{

/// Registers the operator routes:
/// - `GET /health` (public): the process is serving;
/// - `GET /ready` (public): the database answers and its schema is the binary's, else 503;
/// - `GET /metrics` (admin): Prometheus text, with the database pool gauges.
void addOperationalRoutes(fhir::rest::Router& router, adapters::postgres::PgPool& pool,
                          const adapters::postgres::Migrator& migrator, fhir::rest::HttpMetrics& metrics);

} // namespace sas::app
