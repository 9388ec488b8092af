#include "app/GatewayApplication.h"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <pthread.h>

#include "app/DirectoryImportCommand.h"
#include "app/Gateway.h"
#include "app/GatewayConfig.h"
#include "mapping/loadTerritories.h"

#include <Poco/ErrorHandler.h>
#include <Poco/File.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionCallback.h>

#include <cstdlib>
#include <iostream>

#include <unistd.h>

namespace sas::app
{
namespace
{

constexpr int EXIT_SCHEMA_REFUSED = 65; // EX_DATAERR
constexpr int EXIT_DB_UNAVAILABLE = 69; // EX_UNAVAILABLE
constexpr int EXIT_CONFIGURATION = 78;  // EX_CONFIG

/// Environment variables that override one key each (documented in the properties file).
constexpr std::pair<const char*, const char*> ENVIRONMENT_KEYS[] = {
    {"SAS_HTTPS_PORT", "server.https.port"},
    {"SAS_VAR_DIR", "paths.var"},
    {"SAS_DB_DSN", "db.dsn"},
};

/// Logs exceptions escaping POCO's own threads instead of losing them.
class LoggingErrorHandler final : public Poco::ErrorHandler
{
public:
    void exception(const Poco::Exception& e) override
    {
        // A refused client certificate surfaces here from the connection thread: expected, not a fault.
        if (dynamic_cast<const Poco::Net::SSLException*>(&e))
            Poco::Logger::get("sas.tls").warning("TLS handshake refused: %s", e.displayText());
        else
            log(e.displayText());
    }
    void exception(const std::exception& e) override { log(e.what()); }
    void exception() override { log("unknown exception"); }

private:
    static void log(const std::string& text) { Poco::Logger::get("sas.gateway").error("thread error: %s", text); }
};

} // namespace

void GatewayApplication::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("config-file", "c", "load a configuration overlay (repeatable; later wins)")
                          .required(false).repeatable(true).argument("file")
                          .callback(Poco::Util::OptionCallback<GatewayApplication>(this, &GatewayApplication::handleConfigFile)));
    options.addOption(Poco::Util::Option("set", "s", "set one configuration key (repeatable), e.g. --set server.threads=8")
                          .required(false).repeatable(true).argument("key=value")
                          .callback(Poco::Util::OptionCallback<GatewayApplication>(this, &GatewayApplication::handleSet)));
    options.addOption(Poco::Util::Option("territory", "", "directory import: only the départements of this territory (mapping/territories)")
                          .required(false).repeatable(false).argument("name")
                          .callback(Poco::Util::OptionCallback<GatewayApplication>(this, &GatewayApplication::handleScope)));
    options.addOption(Poco::Util::Option("departements", "", "directory import: only these départements, e.g. 31,33")
                          .required(false).repeatable(false).argument("codes")
                          .callback(Poco::Util::OptionCallback<GatewayApplication>(this, &GatewayApplication::handleScope)));
    options.addOption(Poco::Util::Option("help", "h", "show this help")
                          .required(false).repeatable(false)
                          .callback(Poco::Util::OptionCallback<GatewayApplication>(this, &GatewayApplication::handleHelp)));
}

void GatewayApplication::handleConfigFile(const std::string&, const std::string& value)
{
    _configFiles.push_back(value);
}

void GatewayApplication::handleSet(const std::string&, const std::string& value)
{
    const auto equals = value.find('=');
    if (equals == std::string::npos || equals == 0)
        throw Poco::Util::OptionException("--set expects key=value, got '" + value + "'");
    _overrides.emplace_back(value.substr(0, equals), value.substr(equals + 1));
}

void GatewayApplication::handleScope(const std::string& name, const std::string& value)
{
    (name == "territory" ? _territory : _departements) = value;
}

void GatewayApplication::handleHelp(const std::string&, const std::string&)
{
    _helpRequested = true;
    stopOptionsProcessing();
}

void GatewayApplication::initialize(Poco::Util::Application& self)
{
    std::vector<std::string> files = _configFiles;
    if (files.empty())
    {
        for (const char* candidate : {"config/sas-gateway.properties", "/etc/sas-gateway/sas-gateway.properties"})
        {
            if (Poco::File(candidate).exists())
            {
                files.emplace_back(candidate);
                break;
            }
        }
    }
    for (const auto& file : files)
    {
        try
        {
            loadConfiguration(file, PRIO_DEFAULT);
        }
        catch (const Poco::Exception& e)
        {
            _configProblem = "cannot load configuration file '" + file + "': " + e.displayText();
        }
    }

    Poco::AutoPtr<Poco::Util::MapConfiguration> environment(new Poco::Util::MapConfiguration);
    for (const auto& [variable, key] : ENVIRONMENT_KEYS)
        if (const char* value = std::getenv(variable); value && *value)
            environment->setString(key, value);
    config().add(environment, PRIO_DEFAULT - 50);

    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : _overrides)
        overrides->setString(key, value);
    config().add(overrides, PRIO_APPLICATION);

    ServerApplication::initialize(self); // configures logging from the logging.* keys
}

int GatewayApplication::main(const std::vector<std::string>& arguments)
{
    static LoggingErrorHandler errorHandler;
    Poco::ErrorHandler::set(&errorHandler);

    if (_helpRequested)
    {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[serve|migrate|check-config] [options]  |  mapping check [dir]  |  directory import <file> [--territory NAME|--departements 31,33]  |  vendor-check <base-url> --cert <pem> --key <pem> --rpps <ids> (vendor-check --help)");
        help.setHeader("SAS Gateway: FHIR R4 façade and integration layer of the SAS platform.");
        help.format(std::cout);
        return EXIT_OK;
    }
    if (!_configProblem.empty())
    {
        std::cerr << "sas-gateway: " << _configProblem << '\n';
        return EXIT_CONFIGURATION;
    }

    const std::string command = arguments.empty() ? "serve" : arguments.front();
    try
    {
        if (command == "mapping")
            return mappingCommand(arguments);
        if (command == "directory")
            return directoryCommand(arguments);
        if (arguments.size() > 1)
        {
            std::cerr << "sas-gateway: unexpected argument '" << arguments[1] << "'\n";
            return EXIT_USAGE;
        }
        if (command == "serve")
            return serve();
        if (command == "migrate")
            return migrate();
        if (command == "check-config")
            return checkConfig();
        std::cerr << "sas-gateway: unknown command '" << command << "' (serve, migrate, check-config, mapping check, directory import)\n";
        return EXIT_USAGE;
    }
    catch (const ConfigError& e)
    {
        std::cerr << "sas-gateway: " << e.what() << '\n';
        logger().fatal(e.what());
        return EXIT_CONFIGURATION;
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "sas-gateway: " << e.displayText() << '\n';
        logger().fatal(e.displayText());
        return EXIT_SOFTWARE;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sas-gateway: " << e.what() << '\n';
        logger().fatal(e.what());
        return EXIT_SOFTWARE;
    }
}

/// `mapping check [dir]`: every problem of every dialect and territory file of `dir` (default `mapping`), one per
/// line as file:line:column: message, for the integrator editing them; exit 65 when there is any.
int GatewayApplication::mappingCommand(const std::vector<std::string>& arguments)
{
    if (arguments.size() < 2 || arguments[1] != "check" || arguments.size() > 3)
    {
        std::cerr << "sas-gateway: usage: sas-gateway mapping check [directory]\n";
        return EXIT_USAGE;
    }
    const std::string root = arguments.size() == 3 ? arguments[2] : "mapping";
    const mapping::MappingSet set = mapping::loadMappingSet(root);
    for (const auto& problem : set.problems)
        std::cout << problem.toString() << '\n';
    std::size_t installations = 0;
    for (const auto& territory : set.territories)
        installations += territory.installations.size();
    std::cout << root << ": " << set.dialects.size() << " LRM dialects, " << set.territories.size() << " territories, "
              << installations << " LRM installations, " << set.problems.size() << " problem(s)\n";
    return set.ok() ? EXIT_OK : EXIT_SCHEMA_REFUSED;
}

/// `directory import <file> [--territory NAME | --departements 31,33]` (app/DirectoryImportCommand.h).
int GatewayApplication::directoryCommand(const std::vector<std::string>& arguments)
{
    if (arguments.size() != 3 || arguments[1] != "import")
    {
        std::cerr << "sas-gateway: usage: sas-gateway directory import <file> [--territory NAME | --departements 31,33]\n";
        return EXIT_USAGE;
    }
    return runDirectoryImport(parseGatewayConfig(config()), {arguments[2], _territory, _departements}, std::cout,
                              std::cerr, ::isatty(STDERR_FILENO) != 0);
}

int GatewayApplication::checkConfig()
{
    const GatewayConfig config = parseGatewayConfig(this->config());
    std::cout << "configuration OK: https://" << config.server.bindAddress << ':' << config.server.httpsPort
              << ", database " << (config.database.dsn.empty() ? "embedded in " + config.database.embedded.directory : "from db.dsn")
              << ", " << config.identities.size() << " client identities\n";
    return EXIT_OK;
}

namespace
{

int databaseExitCode(const core::Error& error)
{
    return error.code == core::ErrorCode::Conflict ? EXIT_SCHEMA_REFUSED : EXIT_DB_UNAVAILABLE;
}

} // namespace

namespace
{

/// Profiles that do not compile are a deployment error, like a bad key: exit 78.
int loadProfiles(Gateway& gateway)
{
    if (auto loaded = gateway.loadProfiles(); !loaded)
    {
        std::cerr << "sas-gateway: configuration key 'validation.profileDirectory': " << loaded.error().message << '\n';
        return EXIT_CONFIGURATION;
    }
    return Poco::Util::Application::EXIT_OK;
}

} // namespace

int GatewayApplication::migrate()
{
    Gateway gateway(parseGatewayConfig(config()));
    if (auto opened = gateway.openDatabase(); !opened)
    {
        std::cerr << "sas-gateway: " << opened.error().message << '\n';
        return databaseExitCode(opened.error());
    }
    std::cout << "database schema is current (" << gateway.databaseDescription() << ")\n";
    return EXIT_OK;
}

namespace
{

/// The signals the main thread waits for. Blocked before any server thread starts, so every thread inherits the
/// mask and only the main thread's sigwait sees them (SIGHUP's default action would otherwise end the process).
sigset_t controlSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    for (int signal : {SIGHUP, SIGINT, SIGQUIT, SIGTERM})
        sigaddset(&signals, signal);
    return signals;
}

/// The next control signal, or 0 when `every` passed without one (0 s: wait for a signal only).
int waitForSignal(const sigset_t& signals, std::chrono::seconds every)
{
    for (;;)
    {
        if (every.count() == 0)
        {
            int received = 0;
            return sigwait(&signals, &received) == 0 ? received : SIGTERM;
        }
        const timespec timeout{static_cast<time_t>(every.count()), 0};
        const int received = sigtimedwait(&signals, nullptr, &timeout);
        if (received > 0)
            return received;
        if (errno == EAGAIN)
            return 0;
        if (errno != EINTR)
            return SIGTERM;
    }
}

void reloadMappings(Gateway& gateway, Poco::Logger& log)
{
    const mapping::MappingSet set = gateway.mappings()->reload();
    if (set.ok())
    {
        log.information("SIGHUP: mapping set %s in force", gateway.mappings()->current()->version);
        return;
    }
    log.error("SIGHUP: %z problem(s) in the mapping files; the set %s stays in force", set.problems.size(),
                   gateway.mappings()->current()->version);
    for (const auto& problem : set.problems)
        log.error("mapping: %s", problem.toString());
}

void reportTlsReload(const ServerTls::Outcome& outcome, const std::string& trigger, Poco::Logger& log)
{
    if (outcome.reloaded)
        log.information("%s: new TLS certificates, CA bundle and CRLs in force for new connections", trigger);
    else if (!outcome.problem.empty())
        log.error("%s: TLS files refused, the set in force stays: %s", trigger, outcome.problem);
}

} // namespace

int GatewayApplication::serve()
{
    const sigset_t signals = controlSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    Gateway gateway(parseGatewayConfig(config()));
    if (const int status = loadProfiles(gateway); status != EXIT_OK)
        return status;
    if (const auto problems = gateway.loadMappings(); !problems.empty())
    {
        for (const auto& problem : problems)
            std::cerr << "sas-gateway: configuration key 'mapping.directory': " << problem.toString() << '\n';
        return EXIT_CONFIGURATION;
    }
    if (auto opened = gateway.openDatabase(); !opened)
    {
        std::cerr << "sas-gateway: " << opened.error().message << '\n';
        logger().fatal(opened.error().message);
        return databaseExitCode(opened.error());
    }
    if (auto demo = gateway.loadDemoData(); !demo)
    {
        std::cerr << "sas-gateway: demo data refused: " << demo.error().message << '\n';
        for (const auto& issue : demo.error().issues)
            std::cerr << "  " << issue.expression << ": " << issue.diagnostics << '\n';
        return EXIT_DATAERR;
    }
    try
    {
        gateway.startServer();
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "sas-gateway: cannot listen on " << gateway.config().server.bindAddress << ':'
                  << gateway.config().server.httpsPort << ": " << e.displayText() << '\n';
        return EXIT_UNAVAILABLE;
    }
    logger().information("SAS Gateway %s listening on https://%s:%d (%s)", std::string(SAS_GATEWAY_VERSION),
                         gateway.config().server.bindAddress, gateway.config().server.httpsPort,
                         gateway.databaseDescription());

    // SIGHUP reloads the mapping directory and the TLS files (a set with problems is refused, the one in force
    // stays); between signals the TLS files are checked for changes. SIGINT, SIGQUIT and SIGTERM stop the gateway.
    const auto tlsCheck = gateway.config().tls.reloadCheck;
    for (;;)
    {
        const int received = waitForSignal(signals, tlsCheck);
        if (received == 0)
        {
            reportTlsReload(gateway.tls()->reloadIfChanged(), "changed files", logger());
            continue;
        }
        if (received != SIGHUP)
            break;
        reloadMappings(gateway, logger());
        reportTlsReload(gateway.tls()->reload(), "SIGHUP", logger());
    }

    logger().information("termination requested: draining in-flight requests");
    const int cutShort = gateway.stop();
    if (cutShort > 0)
        logger().warning("%d requests were still running after the grace period", cutShort);
    logger().information("stopped");
    return EXIT_OK;
}

} // namespace sas::app
