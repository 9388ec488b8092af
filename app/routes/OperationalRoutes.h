#pragma once

#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgPool.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/Router.h"

#include <functional>
#include <string>

namespace sas::app
{

/// Registers the operator routes:
/// - `GET /health` (public): the process is serving;
/// - `GET /ready` (public): the database answers and its schema is the binary's, else 503; with the mapping version;
/// - `GET /metrics` (admin): Prometheus text, with the database pool gauges and `sas_mapping_info{version=…}`.
/// `mappingVersion` names the mapping set in force (a digest of its files).
void addOperationalRoutes(fhir::rest::Router& router, adapters::postgres::PgPool& pool,
                          const adapters::postgres::Migrator& migrator, fhir::rest::HttpMetrics& metrics,
                          std::function<std::string()> mappingVersion);

} // namespace sas::app
