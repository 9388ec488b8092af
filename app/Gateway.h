#pragma once

#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/TableCommunes.h"
#include "adapters/geo/ZoneinfoTimeZones.h"
#include "adapters/appointments/AppointmentWriteHook.h"
#include "adapters/postgres/PgWriteHooks.h"
#include "adapters/pushedslots/PushedSlotWriteHook.h"
#include "adapters/hub/HubMessageComposer.h"
#include "adapters/hub/HubMessageGate.h"
#include "adapters/hub/HubRelay.h"
#include "adapters/postgres/PgHubOutbox.h"
#include "adapters/postgres/EmbeddedPostgres.h"
#include "adapters/postgres/PgAgendaStore.h"
#include "adapters/postgres/PgListener.h"
#include "adapters/postgres/SlotCacheInvalidation.h"
#include "app/AgendaSlotPublisher.h"
#include "app/routes/AgendaApi.h"
#include "core/agenda/AgendaService.h"
#include "core/search/SearchEngine.h"
#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/PgAuditTrail.h"
#include "adapters/postgres/PgResourceStore.h"
#include "adapters/vendors/FanOutVendorClient.h"
#include "adapters/vendors/RegulatorAccountSync.h"
#include "adapters/vendors/VendorRegistry.h"
#include "adapters/vendors/WorkerPool.h"
#include "app/GatewayConfig.h"
#include "app/PeriodicTask.h"
#include "core/Clock.h"
#include "app/MappingState.h"
#include "app/ServerTls.h"
#include "adapters/oidc/OidcProvider.h"
#include "app/routes/WebContext.h"
#include "web/RegulatorSessions.h"
#include "fhir/rest/CertificateIdentityMap.h"
#include "fhir/rest/HeaderDeadline.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/InFlightRequests.h"
#include "fhir/rest/RequestPipeline.h"
#include "fhir/rest/ResourceServices.h"
#include "fhir/validate/ProfileValidator.h"
#include "fhir/rest/Router.h"

#include <Poco/Logger.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <memory>

namespace sas::app
{

/// The running gateway: database (embedded or configured), migrations, routes and the HTTPS
/// server, wired from a GatewayConfig. The composition root's one object.
class Gateway
{
public:
    explicit Gateway(GatewayConfig config);
    ~Gateway();

    /// Compiles the SAS profiles (Invalid, naming the file, when one does not load).
    core::Status loadProfiles();
    /// Loads the mapping directory (LRM dialects, territories); every problem, empty when it is in force.
    std::vector<mapping::MappingProblem> loadMappings();

    /// Starts the embedded cluster when no DSN is configured, then applies pending migrations.
    /// Conflict when the database's schema is newer than the binary's or a migration was edited.
    core::Status openDatabase();
    /// Only the database and its migrations, for commands (directory import). A running embedded cluster
    /// (a serving gateway's) is shared and left running.
    core::Status openSchema();
    /// The DSN of the database opened by openDatabase()/openSchema().
    const std::string& dsn() const { return _dsn; }

    /// Loads the configured demo data set through the write checks (after loadProfiles()).
    core::Status loadDemoData();

    /// Opens the HTTPS listener. Throws Poco::Exception when the port or certificates are unusable.
    void startServer();

    /// Graceful stop: refuse new connections, let in-flight requests finish within the configured
    /// grace, close the rest, stop the embedded cluster. Returns requests cut short (0 when clean).
    int stop();

    const GatewayConfig& config() const { return _config; }

    /// The booking-vendor aggregator (INT_R01/R04/SOS) for the search engine, and INT_R02 account sync; both
    /// available once startServer() has loaded the vendor registry.
    core::VendorClient* vendorClient() { return _vendorClient.get(); }
    adapters::vendors::RegulatorAccountSync* regulatorAccounts() { return _regulatorAccounts.get(); }
    const std::string& databaseDescription() const { return _databaseDescription; }
    /// The mapping set in force (reloaded on SIGHUP by GatewayApplication).
    MappingState* mappings() { return _mappings.get(); }
    /// The server's certificates, CA bundle and CRLs (reloaded on SIGHUP and when their files change); present
    /// once startServer() ran.
    ServerTls* tls() { return _tls.get(); }

private:
    void buildRoutes();
    /// The embedded cluster (or db.dsn), the pool, the migrations.
    core::Status openPoolAndMigrate();
    /// Reference data, the agenda store, the index built from PostgreSQL and its listener.
    core::Status openAgenda(const std::string& dsn);
    void loadVendors(); ///< throws ConfigError (vendors.registryFile) when the registry is invalid
    /// INT_R03 rules, orientations and the LRM outbox in the write path (after the store exists).
    core::Status openOrientations();

    GatewayConfig _config;
    Poco::Logger& _log;
    std::unique_ptr<adapters::postgres::EmbeddedPostgres> _embedded;
    std::unique_ptr<adapters::postgres::PgPool> _pool;
    std::unique_ptr<adapters::postgres::PgResourceStore> _store;
    std::unique_ptr<adapters::postgres::PgAuditTrail> _auditTrail;
    std::unique_ptr<fhir::validate::ProfileValidator> _validator;
    std::unique_ptr<fhir::rest::ResourceServices> _resources;
    adapters::postgres::Migrator _migrator;

    core::SystemClock _clock;
    std::unique_ptr<adapters::vendors::ReloadableVendorRegistry> _vendorRegistry;
    std::unique_ptr<adapters::vendors::FanOutVendorClient> _vendorClient; ///< uses _clock: declared after it
    std::unique_ptr<adapters::vendors::RegulatorAccountSync> _regulatorAccounts;
    /// One thread running the INT_R02 calls of sign-ins, so a sign-in never waits for a vendor (declared after the
    /// sync it calls: destroyed, and so joined, before it).
    std::unique_ptr<adapters::vendors::WorkerPool> _accountSyncWorker;
    /// Hands the accounts a vendor has not acknowledged to that worker every `vendors.accountRetrySeconds`, so a
    /// vendor back from an outage gets them without waiting for the regulator's next sign-in (declared after the
    /// worker: stopped before it).
    std::unique_ptr<PeriodicTask> _accountRetry;
    adapters::geo::ZoneinfoTimeZones _zones;
    std::unique_ptr<adapters::geo::PostcodeGeocoder> _geocoder;
    std::unique_ptr<core::RadiusTable> _radii;
    core::SpecialtyCatalog _specialties;
    core::AvailabilityIndex _index;
    std::unique_ptr<adapters::postgres::PgAgendaStore> _agendaStore;
    std::unique_ptr<core::AgendaService> _agenda;
    std::unique_ptr<core::SearchEngine> _engine;
    std::unique_ptr<AgendaApi> _agendaApi;
    std::unique_ptr<adapters::geo::TableCommunes> _communes;
    std::unique_ptr<MappingState> _mappings;
    std::unique_ptr<adapters::postgres::PgListener> _agendaListener;
    std::unique_ptr<adapters::hub::HubMessageGate> _hubGate;
    std::unique_ptr<adapters::hub::HubMessageComposer> _hubComposer;
    std::unique_ptr<adapters::appointments::AppointmentWriteHook> _appointmentHook;
    std::unique_ptr<adapters::pushedslots::PushedSlotWriteHook> _pushedSlotHook;
    std::unique_ptr<AgendaSlotPublisher> _agendaPublisher;
    std::shared_ptr<adapters::postgres::SlotSearchCache> _slotCache; ///< absent when search.slotCacheMegabytes = 0
    std::unique_ptr<adapters::postgres::SlotCacheInvalidation> _slotCacheInvalidation;
    std::unique_ptr<adapters::postgres::PgListener> _resourceListener; ///< sas_resource: other writers' changes
    std::unique_ptr<adapters::postgres::PgWriteHooks> _writeHooks;
    std::unique_ptr<adapters::postgres::PgHubOutbox> _hubOutbox;
    std::unique_ptr<adapters::hub::HubRelay> _hubRelay; ///< absent when hub.amqp.host is empty
    std::string _databaseDescription;
    std::string _dsn;
    std::unique_ptr<adapters::oidc::OidcProvider> _oidc; ///< absent when oidc.issuer is empty
    std::unique_ptr<web::RegulatorSessions> _sessions;
    std::unique_ptr<WebContext> _web;

    fhir::rest::Router _router;
    fhir::rest::HttpMetrics _metrics;
    fhir::rest::InFlightRequests _inFlight;
    fhir::rest::CertificateIdentityMap _identities;
    std::unique_ptr<ServerTls> _tls; ///< outlives the connection threads: their handshakes call into it
    Poco::ThreadPool _threads;
    Poco::Net::ServerSocket _listener; ///< kept to close it ourselves: HTTPServer::stop() leaves it open
    std::shared_ptr<fhir::rest::HeaderDeadline> _headerDeadline; ///< shared with connections that outlive stop()
    Poco::SharedPtr<fhir::rest::RequestPipeline> _pipeline;
    std::unique_ptr<Poco::Net::TCPServer> _server;
};

} // namespace sas::app
