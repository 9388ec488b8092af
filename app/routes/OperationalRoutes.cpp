#include "app/routes/OperationalRoutes.h"

#include "fhir/rest/Exchange.h"

namespace sas::app
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;

void addOperationalRoutes(fhir::rest::Router& router, adapters::postgres::PgPool& pool,
                          const adapters::postgres::Migrator& migrator, fhir::rest::HttpMetrics& metrics,
                          std::function<std::string()> mappingVersion)
{
    router.add("GET", "/health", Access::publicRoute(), [](Exchange& exchange) -> core::Status {
        exchange.sendText("{\"status\":\"up\"}", "application/json");
        return {};
    });

    router.add("GET", "/ready", Access::publicRoute(), [&pool, &migrator, mappingVersion](Exchange& exchange) -> core::Status {
        auto connection = pool.acquire();
        if (!connection)
            return core::fail(ErrorCode::Unavailable, "database unreachable: " + connection.error().message);
        auto state = migrator.inspect(**connection);
        if (!state)
            return core::fail(ErrorCode::Unavailable, "database unreachable: " + state.error().message);
        if (!state->current())
            return core::fail(ErrorCode::Unavailable,
                              "database schema is at version " + std::to_string(state->databaseVersion) +
                                  ", this binary expects " + std::to_string(state->binaryVersion));
        exchange.sendText("{\"status\":\"ready\",\"schemaVersion\":" + std::to_string(state->databaseVersion) +
                              ",\"mappingVersion\":\"" + mappingVersion() + "\"}",
                          "application/json");
        return {};
    });

    metrics.addGauge("sas_db_pool_size", "Configured maximum of database connections.",
                     [&pool] { return static_cast<double>(pool.size()); });
    metrics.addGauge("sas_db_pool_open", "Database connections currently open.",
                     [&pool] { return static_cast<double>(pool.open()); });
    metrics.addGauge("sas_db_pool_busy", "Database connections currently lent to a request.",
                     [&pool] { return static_cast<double>(pool.busy()); });
    metrics.addGauge("sas_db_pool_acquire_timeouts", "Requests that found no free database connection in time.",
                     [&pool] { return static_cast<double>(pool.timeouts()); });

    router.add("GET", "/metrics", Access::forKinds({IdentityKind::Admin}),
               [&metrics, mappingVersion](Exchange& exchange) -> core::Status {
        // The version is a hex digest: safe as a label value.
        exchange.sendText(metrics.renderPrometheus() +
                              "# HELP sas_mapping_info The mapping set in force (version: digest of its files).\n"
                              "# TYPE sas_mapping_info gauge\n"
                              "sas_mapping_info{version=\"" + mappingVersion() + "\"} 1\n",
                          "text/plain; version=0.0.4; charset=utf-8");
        return {};
    });
}

} // namespace sas::app
