#include "app/DirectoryImportCommand.h"

#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/loadReferenceData.h"
#include "adapters/postgres/PgDirectoryImportStore.h"
#include "adapters/rpps/RppsImporter.h"
#include "app/Gateway.h"
#include "app/ImportProgressPrinter.h"
#include "mapping/loadTerritories.h"

#include <Poco/Util/Application.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sys/stat.h>

namespace sas::app
{
namespace
{

using App = Poco::Util::Application;

/// The départements to import, from --territory or --departements; empty set = the whole file.
int resolveScope(const GatewayConfig& config, const DirectoryImportRequest& request, std::set<std::string>& scope,
                 std::ostream& err)
{
    if (!request.territory.empty() && !request.departements.empty())
    {
        err << "sas-gateway: give --territory or --departements, not both\n";
        return App::EXIT_USAGE;
    }
    if (!request.departements.empty())
    {
        static const std::regex DEPARTEMENT("^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8])$");
        std::size_t start = 0;
        while (start <= request.departements.size())
        {
            const auto comma = request.departements.find(',', start);
            std::string code = request.departements.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            code.erase(0, code.find_first_not_of(' '));
            code.erase(code.find_last_not_of(' ') + 1);
            if (!std::regex_match(code, DEPARTEMENT))
            {
                err << "sas-gateway: --departements: '" << code.substr(0, 10)
                    << "' is not a département code (01–95, 2A, 2B, 971–978)\n";
                return App::EXIT_USAGE;
            }
            scope.insert(code);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        return App::EXIT_OK;
    }
    if (request.territory.empty())
        return App::EXIT_OK;
    const mapping::MappingSet set = mapping::loadMappingSet(config.mappingDirectory);
    if (!set.ok())
    {
        err << "sas-gateway: configuration key 'mapping.directory': " << set.problems.front().toString()
            << " (sas-gateway mapping check lists every problem)\n";
        return App::EXIT_CONFIG;
    }
    std::string known;
    for (const auto& territory : set.territories)
    {
        if (territory.id == request.territory || territory.name == request.territory)
        {
            scope.insert(territory.departements.begin(), territory.departements.end());
            return App::EXIT_OK;
        }
        known += (known.empty() ? "" : ", ") + territory.id;
    }
    err << "sas-gateway: no territory '" << request.territory.substr(0, 100) << "' in " << config.mappingDirectory
        << " (known: " << known << ")\n";
    return App::EXIT_USAGE;
}

int exitCodeOf(const core::Error& error)
{
    switch (error.code)
    {
    case core::ErrorCode::Invalid:
    case core::ErrorCode::Unprocessable: return App::EXIT_DATAERR;
    case core::ErrorCode::Conflict: return App::EXIT_TEMPFAIL;
    case core::ErrorCode::Unavailable: return App::EXIT_UNAVAILABLE;
    default: return App::EXIT_SOFTWARE;
    }
}

} // namespace

int runDirectoryImport(const GatewayConfig& config, const DirectoryImportRequest& request, std::ostream& out,
                       std::ostream& err, bool terminal)
{
    std::set<std::string> departements;
    if (const int status = resolveScope(config, request, departements, err); status != App::EXIT_OK)
        return status;

    std::vector<char> buffer(1 << 20);
    std::ifstream file;
    file.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    file.open(request.file, std::ios::binary);
    if (!file)
    {
        err << "sas-gateway: cannot open '" << request.file << "'\n";
        return App::EXIT_NOINPUT;
    }
    // Not this extraction: refused before the database is even opened.
    {
        std::string first;
        std::getline(file, first);
        if (!first.empty() && first.back() == '\r')
            first.pop_back();
        if (auto header = adapters::rpps::readRppsHeader(first); !header)
        {
            for (const auto& issue : header.error().issues)
                err << "sas-gateway: " << request.file << ": " << issue.diagnostics << '\n';
            if (header.error().issues.empty())
                err << "sas-gateway: " << request.file << ": " << header.error().message << '\n';
            err << "sas-gateway: not the RPPS extraction PS_LibreAcces_Personne_activite; nothing was imported\n";
            return App::EXIT_DATAERR;
        }
        file.clear();
        file.seekg(0);
    }
    struct stat info{};
    const std::uint64_t size = ::stat(request.file.c_str(), &info) == 0 && S_ISREG(info.st_mode) ? std::uint64_t(info.st_size) : 0;

    const std::string data = config.search.dataDirectory;
    auto geocoder = adapters::geo::PostcodeGeocoder::fromFile(data + "/geo/laposte_hexasmal.csv");
    auto catalog = adapters::geo::loadSpecialtyCatalog(data + "/terminology/JDV-J239-SpecialitesSNP-SAS.json");
    if (!geocoder || !catalog)
    {
        err << "sas-gateway: configuration key 'search.dataDirectory': "
            << (!geocoder ? geocoder.error().message : catalog.error().message) << '\n';
        return App::EXIT_CONFIG;
    }

    Gateway gateway(config);
    if (auto opened = gateway.openSchema(); !opened)
    {
        err << "sas-gateway: " << opened.error().message << '\n';
        return opened.error().code == core::ErrorCode::Conflict ? App::EXIT_DATAERR : App::EXIT_UNAVAILABLE;
    }
    // A connection of its own: statements over a whole national file outlast the request timeout of the pool.
    auto connection = adapters::postgres::PgConnection::open(gateway.dsn(), config.database.pool.connectTimeout);
    if (!connection)
    {
        err << "sas-gateway: " << connection.error().message << '\n';
        return App::EXIT_UNAVAILABLE;
    }
    if (auto set = (*connection)->exec("SET statement_timeout = 0"); !set)
    {
        err << "sas-gateway: " << set.error().message << '\n';
        return App::EXIT_UNAVAILABLE;
    }

    // The audit trail names the operator's account that ran the command (the CLI has no client certificate).
    const char* user = std::getenv("USER");
    adapters::postgres::PgDirectoryImportStore store(
        **connection, core::AuditAgent{"operator", user && *user ? std::string(user).substr(0, 64) : "unknown", ""});
    adapters::rpps::ActivityMapper mapper(adapters::rpps::SasActivityFilter(*catalog), *geocoder, departements);
    adapters::rpps::RppsImporter importer(store, mapper);
    core::SystemClock clock;
    ImportProgressPrinter printer(err, terminal, clock, size);
    core::ImportScope scope{std::vector<std::string>(departements.begin(), departements.end())};

    const auto report = importer.run(
        file, request.file, scope,
        {[&](std::uint64_t lines, std::uint64_t bytes) { printer.reading(lines, bytes); },
         [&](std::size_t done, std::size_t total) { printer.applying(done, total); }});
    printer.finish();
    out << adapters::rpps::formatImportReport(report) << std::flush;
    if (!report.failure)
        return App::EXIT_OK;
    if (report.readFailed)
        return App::EXIT_IOERR;
    return exitCodeOf(*report.failure);
}

} // namespace sas::app
