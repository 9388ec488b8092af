#include "app/Gateway.h"

#include "app/routes/AuditEventRoutes.h"
#include "app/routes/OpsPageRoute.h"
#include "app/routes/RouteTableRoute.h"

#include "app/DemoData.h"
#include "app/loadRegulatorAccounts.h"
#include "adapters/appointments/appointmentToOrientation.h"
#include "app/routes/ContextualCallRoute.h"
#include "fhir/rest/addBundleRoute.h"
#include "fhir/rest/addResourceInteractions.h"
#include "fhir/rest/addValidateRoute.h"
#include "fhir/rest/addSearchRoute.h"
#include "adapters/postgres/PgCachedSlotSearch.h"
#include "adapters/postgres/PgSearch.h"
#include "fhir/search/extractSearchIndex.h"
#include "app/routes/MetadataRoute.h"
#include "app/routes/OperationalRoutes.h"
#include "adapters/geo/loadReferenceData.h"
#include "app/routes/VendorRoutes.h"
#include "app/VendorSlotSearch.h"
#include "app/routes/HubAdminRoutes.h"
#include "fhir/rest/DeadlineConnectionFactory.h"
#include "fhir/rest/RequestPipeline.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Timestamp.h>

namespace sas::app
{

Gateway::Gateway(GatewayConfig config)
    : _config(std::move(config)), _log(Poco::Logger::get("sas.gateway")),
      _migrator(adapters::postgres::builtInMigrations()), _identities(_config.identities),
      _threads("https", 2, _config.server.threads)
{
}

Gateway::~Gateway()
{
    if (_server || _embedded)
        stop();
}

core::Status Gateway::loadProfiles()
{
    auto validator = fhir::validate::ProfileValidator::fromDirectory(_config.profileDirectory);
    if (!validator)
        return core::fail(validator.error());
    _validator = std::make_unique<fhir::validate::ProfileValidator>(std::move(*validator));
    return {};
}

std::vector<mapping::MappingProblem> Gateway::loadMappings()
{
    _mappings = std::make_unique<MappingState>(_config.mappingDirectory);
    mapping::MappingSet set = _mappings->reload();
    if (set.ok())
        _log.information("mappings %s: %z LRM dialects, %z territories", _mappings->current()->version,
                         set.dialects.size(), set.territories.size());
    return std::move(set.problems);
}

core::Status Gateway::openSchema()
{
    if (auto opened = openPoolAndMigrate(); !opened)
        return opened;
    if (_embedded && _embedded->adopted())
        _embedded->leaveRunning();
    return {};
}

core::Status Gateway::openPoolAndMigrate()
{
    auto poolConfig = _config.database.pool;
    if (_config.database.dsn.empty())
    {
        _embedded = std::make_unique<adapters::postgres::EmbeddedPostgres>(_config.database.embedded);
        if (auto started = _embedded->start(); !started)
            return started;
        poolConfig.dsn = _embedded->dsn();
        _databaseDescription = "embedded PostgreSQL in " + _config.database.embedded.directory;
    }
    else
    {
        poolConfig.dsn = _config.database.dsn;
        _databaseDescription = "PostgreSQL from db.dsn";
    }
    _dsn = poolConfig.dsn;
    _pool = std::make_unique<adapters::postgres::PgPool>(poolConfig);

    auto connection = _pool->acquire();
    if (!connection)
        return core::fail(connection.error());
    auto report = _migrator.migrate(**connection);
    if (!report)
        return core::fail(report.error());
    _log.information("database schema at version %d (applied %z migrations)", report->toVersion,
                     report->applied.size());
    return {};
}

core::Status Gateway::openDatabase()
{
    if (auto opened = openPoolAndMigrate(); !opened)
        return opened;
    _store = std::make_unique<adapters::postgres::PgResourceStore>(*_pool);
    _auditTrail = std::make_unique<adapters::postgres::PgAuditTrail>(*_pool);
    _resources = std::make_unique<fhir::rest::ResourceServices>(fhir::rest::ResourceServices{
        *_store, [](const fhir::Node& resource) { return fhir::search::extractSearchIndex(resource); },
        [this](const fhir::Node& resource) { return _validator->validate(resource); },
        {"Appointment", "HealthcareService", "Location", "Organization", "Practitioner", "PractitionerRole", "Schedule",
         "Slot"},
        _config.server.publicBaseUrl + "/fhir", adapters::appointments::appointmentNaturalKey, {"Appointment", "Slot"}});

    if (auto orientations = openOrientations(); !orientations)
        return orientations;
    return openAgenda(_dsn);
}

core::Status Gateway::openOrientations()
{
    if (!_config.hub.regulatorAccountsFile.empty())
    {
        auto connection = _pool->acquire();
        if (!connection)
            return core::fail(connection.error());
        auto loaded = loadRegulatorAccounts(_config.hub.regulatorAccountsFile, **connection);
        if (!loaded)
            return core::fail(loaded.error());
        _log.information("regulator accounts: %d loaded from %s", *loaded, _config.hub.regulatorAccountsFile);
    }
    _hubGate = std::make_unique<adapters::hub::HubMessageGate>();
    _hubComposer = std::make_unique<adapters::hub::HubMessageComposer>(_config.hub.routing, _clock, *_hubGate);
    _hubOutbox = std::make_unique<adapters::postgres::PgHubOutbox>(*_pool);
    const auto& amqp = _config.hub.amqp;
    if (!amqp.endpoint.host.empty())
    {
        adapters::hub::HubRelayConfig relay;
        relay.endpoint = amqp.endpoint;
        relay.clientId = _config.hub.routing.senderId;
        relay.reconnectInitial = amqp.reconnectInitial;
        relay.reconnectMax = amqp.reconnectMax;
        relay.pollInterval = _config.hub.pollInterval;
        relay.retryWindow = _config.hub.retryWindow;
        relay.retryBackoff = _config.hub.retryBackoff;
        relay.finalAck = _config.hub.finalAck;
        _hubRelay = std::make_unique<adapters::hub::HubRelay>(relay, *_hubOutbox, *_hubComposer);
        _hubRelay->start();
        _log.information("Hub relay: publishing as %s to %s:%d", relay.clientId, amqp.endpoint.host, amqp.endpoint.port);
    }
    else
        _log.information("Hub relay off (hub.amqp.host empty): LRM messages wait in the outbox");
    _appointmentHook = std::make_unique<adapters::appointments::AppointmentWriteHook>(
        _config.hub.vendorSystems, *_hubComposer, [this] {
            if (_hubRelay)
                _hubRelay->wake();
        });
    // Pushed vendor slots: attributed in the write's transaction; this node re-reads the places after the commit
    // (the others on the NOTIFY). Set up before the agenda, which owns the index they refresh.
    _pushedSlotHook = std::make_unique<adapters::pushedslots::PushedSlotWriteHook>(
        [this](const std::vector<std::string>& placeIds) {
            if (!_agenda)
                return;
            for (const std::string& placeId : placeIds)
                if (auto refreshed = _agenda->refreshPlace(placeId); !refreshed)
                    _log.error("agenda index refresh after a Slot push failed: %s", refreshed.error().message);
        });
    // INT_R01 from memory: every commit of this node drops what it changed before its client is answered; every
    // other node's (and any other writer's) arrives as a NOTIFY from the triggers of migration 0014.
    std::vector<adapters::postgres::PgWriteHook*> hooks{_appointmentHook.get(), _pushedSlotHook.get()};
    if (_config.search.slotCacheBytes > 0)
    {
        _slotCache = std::make_shared<adapters::postgres::SlotSearchCache>(_config.search.slotCacheBytes);
        _slotCacheInvalidation = std::make_unique<adapters::postgres::SlotCacheInvalidation>(_slotCache);
        hooks.push_back(_slotCacheInvalidation.get());
        _resourceListener = std::make_unique<adapters::postgres::PgListener>(
            _dsn, adapters::postgres::RESOURCE_CHANNEL,
            adapters::postgres::PgListener::Callbacks{
                [this](const std::string& payload) { _slotCacheInvalidation->onNotify(payload); },
                [this] { _slotCacheInvalidation->onReconnect(); }, [] {}});
        _resourceListener->start();
    }
    _writeHooks = std::make_unique<adapters::postgres::PgWriteHooks>(std::move(hooks));
    _store->setWriteHook(_writeHooks.get());
    return {};
}

core::Status Gateway::openAgenda(const std::string& dsn)
{
    const std::string data = _config.search.dataDirectory;
    auto geocoder = adapters::geo::PostcodeGeocoder::fromFile(data + "/geo/laposte_hexasmal.csv");
    if (!geocoder)
        return core::fail(geocoder.error());
    _geocoder = std::make_unique<adapters::geo::PostcodeGeocoder>(std::move(*geocoder));
    auto radii = adapters::geo::loadRadiusTable(data + "/sas/SAS_Rayons_zones_de_recherche_2025.normalized.csv");
    if (!radii)
        return core::fail(radii.error());
    _radii = std::make_unique<core::RadiusTable>(std::move(*radii));
    _radii->setFallbackCityRadius(_config.search.fallbackCityRadiusKm);
    for (const auto& [departement, extent] : _geocoder->departementExtents())
        _radii->setMeasuredExtent(departement, extent.first, extent.second);
    for (const auto& [departement, km] : _config.search.radiusOverrides)
        _radii->overrideRadius(departement, km);
    auto specialties = adapters::geo::loadSpecialtyCatalog(data + "/terminology/JDV-J239-SpecialitesSNP-SAS.json");
    if (!specialties)
        return core::fail(specialties.error());
    _specialties = std::move(*specialties);

    _agendaStore = std::make_unique<adapters::postgres::PgAgendaStore>(*_pool);
    // Agenda-SAS and en-sus bookings become orientations and INT_L02 messages like vendor appointments.
    _agendaStore->setOrientations(*_hubComposer, _clock, [this] {
        if (_hubRelay)
            _hubRelay->wake();
    });
    _agenda = std::make_unique<core::AgendaService>(*_agendaStore, _zones, _index, _clock);
    // The agenda SAS in the FHIR façade: its free occurrences stored as IG Slots (docs/search-engine.md).
    _agendaPublisher = std::make_unique<AgendaSlotPublisher>(*_store, *_pool);
    _agenda->setPublisher(_agendaPublisher.get());
    _engine = std::make_unique<core::SearchEngine>(_index, *_geocoder, *_radii, _specialties, _clock);
    auto refreshStructures = [this] {
        if (auto structures = _agendaStore->structures())
        {
            std::vector<core::Structure> cpts;
            for (auto& s : *structures)
                if (s.kind == core::StructureKind::Cpts)
                    cpts.push_back(std::move(s));
            _engine->setCpts(std::move(cpts));
        }
    };
    _communes = std::make_unique<adapters::geo::TableCommunes>(*_geocoder, *_radii);
    _agendaApi = std::make_unique<AgendaApi>(
        AgendaApi{*_agendaStore, *_agenda, *_engine, _specialties, *_geocoder, _zones, _clock, refreshStructures});

    // Listen before reading, so a write landing in between is replayed rather than missed.
    auto resync = [this, refreshStructures] {
        refreshStructures();
        if (auto all = _agenda->refreshAll(); !all)
            _log.error("agenda index resynchronisation failed: %s", all.error().message);
    };
    _agendaListener = std::make_unique<adapters::postgres::PgListener>(
        dsn, adapters::postgres::AGENDA_CHANNEL,
        adapters::postgres::PgListener::Callbacks{
            [this, resync](const std::string& placeId) {
                if (placeId == "*") // a directory import changed too many places to name them
                    return resync();
                if (auto refreshed = _agenda->refreshPlace(placeId); !refreshed)
                    _log.error("agenda index refresh of a place failed: %s", refreshed.error().message);
            },
            resync, resync});
    _agendaListener->start();
    refreshStructures();
    auto indexed = _agenda->refreshAll();
    if (!indexed)
        return core::fail(indexed.error());
    _log.information("agenda index: %z places, %z slots", _index.placeCount(), _index.slotCount());
    return {};
}

core::Status Gateway::loadDemoData()
{
    if (_config.demoDirectory.empty())
        return {};
    if (!_validator)
        return core::fail(core::ErrorCode::Internal, "profiles must be loaded before demo data");
    auto demo = app::loadDemoData(_config.demoDirectory, *_resources);
    if (!demo)
        return core::fail(demo.error());
    _log.information("demo data: %d resources loaded, %d already present", demo->loaded, demo->alreadyPresent);
    return {};
}

void Gateway::loadVendors()
{
    const auto& vendors = _config.vendors;
    _vendorRegistry = std::make_unique<adapters::vendors::ReloadableVendorRegistry>(
        vendors.registryFile, vendors.environment, vendors.certificateDirectory);
    if (!vendors.registryFile.empty())
        if (auto loaded = _vendorRegistry->reload(); !loaded)
        {
            const auto& issues = loaded.error().issues;
            throw ConfigError(issues.empty() ? "vendors.registryFile" : issues.front().expression, loaded.error().message);
        }
    auto current = [registry = _vendorRegistry.get()] { return registry->current(); };
    _vendorClient = std::make_unique<adapters::vendors::FanOutVendorClient>(current, vendors.fanOut, _clock);
    _regulatorAccounts = std::make_unique<adapters::vendors::RegulatorAccountSync>(current);
    _accountSyncWorker = std::make_unique<adapters::vendors::WorkerPool>(1, 1000);
    if (vendors.accountRetry.count() > 0)
        _accountRetry = std::make_unique<PeriodicTask>(vendors.accountRetry, [this] {
            // On the sign-ins' worker: one regulator change at a time, and a full backlog only delays the retry.
            _accountSyncWorker->submit([this] { _regulatorAccounts->retryFailed(); });
        });
    _log.information("vendor registry: %z vendors for environment '%s'", _vendorRegistry->current()->all().size(),
                     vendors.environment);
}

void Gateway::buildRoutes()
{
    addOperationalRoutes(_router, *_pool, _migrator, _metrics, [this] {
        auto snapshot = _mappings ? _mappings->current() : nullptr;
        return snapshot ? snapshot->version : std::string();
    });
    loadVendors();
    addVendorRoutes(_router, *_vendorRegistry, *_vendorClient, _metrics);
    addRegulatorAccountRoutes(_router, *_regulatorAccounts, *_auditTrail);
    _engine->setVendorClient(_vendorClient.get()); // pulled vendor slots in every regulator search
    addHubAdminRoutes(_router, *_hubOutbox, _metrics, _hubRelay.get());

    fhir::rest::ServerCapabilities capabilities;
    capabilities.softwareName = "SAS Gateway";
    capabilities.softwareVersion = SAS_GATEWAY_VERSION;
    capabilities.implementationDescription = "SAS Gateway FHIR R4 façade (ANS Service d'Accès aux Soins IG)";
    capabilities.implementationUrl = _config.server.publicBaseUrl + "/fhir";
    capabilities.date = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
    fhir::rest::addResourceInteractions(_router, *_resources, capabilities);
    fhir::rest::addBundleRoute(_router, *_resources, capabilities);
    fhir::rest::addValidateRoute(_router, *_resources, [this](const fhir::Node& resource) {
        const auto report = _validator->validateReport(resource);
        std::vector<core::Issue> issues = report.errors;
        issues.insert(issues.end(), report.warnings.begin(), report.warnings.end());
        return issues;
    });
    // INT_R01 from memory when the cache is on (docs/architecture.md, "Search"), PostgreSQL otherwise; then the named
    // practitioners' slots their booking vendors hold (issue 5).
    std::shared_ptr<fhir::store::SearchStore> local = std::make_shared<adapters::postgres::PgSearch>(*_pool);
    if (_slotCache)
        local = std::make_shared<adapters::postgres::PgCachedSlotSearch>(*_pool, local, _slotCache);
    auto withVendorSlots = std::make_shared<VendorSlotSearch>(
        local, _index, *_vendorClient,
        [registry = _vendorRegistry.get()](const std::string& id) {
            const auto* vendor = registry->current()->find(id);
            return vendor ? vendor->baseUrl : std::string();
        });
    fhir::rest::addSearchRoute(_router, *_resources, withVendorSlots, capabilities);
    addDirectoryRoutes(_router, *_agendaApi);
    addAgendaRoutes(_router, *_agendaApi);
    addSearchApiRoute(_router, *_agendaApi);
    addOrientationRoutes(_router, *_agendaApi);
    if (_config.web.oidc.enabled())
        _oidc = std::make_unique<adapters::oidc::OidcProvider>(_config.web.oidc, _clock);
    _sessions = std::make_unique<web::RegulatorSessions>(_clock, _config.web.sessionLifetime);
    _web = std::make_unique<WebContext>(
        WebContext{*_agendaApi, *_mappings, *_communes, _oidc.get(), *_sessions, _config.web.sessionLifetime,
                   *_auditTrail});
    _web->regulatorSignedIn = [this](const core::RegulatorAccount& account) {
        const bool queued = _accountSyncWorker->submit([this, account] {
            for (const auto& status : _regulatorAccounts->onLogin(account))
                if (status.state != adapters::vendors::AccountSyncState::Synced)
                    _log.warning("INT_R02 at sign-in: vendor %s %s (%s)", status.vendorId,
                                 std::string(adapters::vendors::toString(status.state)), status.lastError);
        });
        if (!queued)
            _log.warning("INT_R02 at sign-in: backlog full, the account waits for the regulator's next sign-in");
    };
    addContextualCallRoutes(_router, *_agendaApi, *_mappings, *_communes,
                            [web = _web.get()](fhir::rest::Exchange& exchange) { return answerRegulatorPage(exchange, *web); });
    addSignInRoutes(_router, *_web);
    addOrientationPages(_router, *_web);
    addOpsPage(_router, *_vendorRegistry, *_vendorClient, *_hubOutbox, *_mappings, _clock);
    addAuditEventRoutes(_router, *_auditTrail, _config.server.publicBaseUrl + "/fhir");
    addRouteTableRoute(_router);
    addMetadataRoute(_router, capabilities); // last: it publishes what the others registered
}

void Gateway::startServer()
{
    _tls = std::make_unique<ServerTls>(_config.tls);
    _metrics.addGauge("sas_tls_server_certificate_expiry_seconds",
                      "Seconds until the server certificate in force expires (negative: expired).",
                      [tls = _tls.get()] { return tls->secondsToServerCertificateExpiry(); });
    _metrics.addGauge("sas_tls_crl_next_update_seconds",
                      "Seconds until the earliest CRL in force must be replaced (0: no CRL configured).",
                      [tls = _tls.get()] { return tls->secondsToCrlNextUpdate(); });
    _metrics.addGauge("sas_tls_reloads", "TLS material sets put in force since start (SIGHUP or changed files).",
                      [tls = _tls.get()] { return static_cast<double>(tls->reloadCount()); });
    _metrics.addGauge("sas_tls_reloads_refused", "TLS material sets refused (the one in force stayed).",
                      [tls = _tls.get()] { return static_cast<double>(tls->refusedCount()); });
    buildRoutes();
    Poco::Net::SecureServerSocket socket(_tls->listeningContext());
    socket.bind(Poco::Net::SocketAddress(_config.server.bindAddress, static_cast<Poco::UInt16>(_config.server.httpsPort)),
                /*reuseAddress=*/true);
    socket.listen(128);

    // Shared by the connection factory and the TCPServer: one reference-counted owner each (a raw pointer handed to
    // both was freed twice at shutdown).
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(_config.server.threads);
    params->setMaxQueued(_config.server.maxQueued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(_config.server.keepAliveTimeout.count(), 0));
    params->setTimeout(Poco::Timespan(_config.server.receiveTimeout.count(), 0));
    params->setServerName("sas-gateway");

    _pipeline = new fhir::rest::RequestPipeline(_router, _identities, _metrics, _inFlight, _config.server.limits);
    _headerDeadline = std::make_shared<fhir::rest::HeaderDeadline>(
        std::chrono::duration_cast<std::chrono::milliseconds>(_config.server.headerTimeout),
        std::chrono::duration_cast<std::chrono::milliseconds>(_config.server.keepAliveTimeout));
    _listener = socket;
    // POCO's HTTPServer, but with every connection's request head under the deadline (slow-loris bound).
    _server = std::make_unique<Poco::Net::TCPServer>(
        new fhir::rest::DeadlineConnectionFactory(params, Poco::Net::HTTPRequestHandlerFactory::Ptr(_pipeline),
                                                  _headerDeadline), _threads, socket, params);
    _server->start();
}

int Gateway::stop()
{
    int cutShort = 0;
    if (_server)
    {
        _server->stop();
        _listener.close(); // refuse new connections at once, so load balancers retry elsewhere
        cutShort = _inFlight.drain(std::chrono::duration_cast<std::chrono::milliseconds>(_config.server.shutdownGrace));
        const bool abortCurrent = true; // close idle keep-alive connections (what HTTPServer::stopAll does)
        _pipeline->notifyServerStopped(_server.get(), abortCurrent);
        _server.reset();
    }
    if (_agendaListener)
        _agendaListener->stop();
    _agendaListener.reset();
    if (_resourceListener)
        _resourceListener->stop();
    _resourceListener.reset();
    if (_hubRelay)
        _hubRelay->stop(); // before the pool goes: it reads and writes the outbox
    _hubRelay.reset();
    _resources.reset();
    _store.reset();
    _auditTrail.reset();
    _pool.reset();
    if (_embedded)
    {
        if (auto stopped = _embedded->stop(); !stopped)
            _log.error("embedded PostgreSQL did not stop cleanly: %s", stopped.error().message);
        _embedded.reset();
    }
    return cutShort;
}

} // namespace sas::app
