// sas-bench-load: generates the INT_R01 data set and bulk-loads it into the gateway's real tables with COPY.
// Rows are produced by the project's own code, as a write through the façade would produce them: the reader
// (fhir/json), the write path's Slot time canonicalisation (fhir/rest/canonicaliseSlotTimes), the index extraction
// (fhir/search/extractSearchIndex), the canonical renderer with the server's fields (fhir/store/jsonRenderer); the
// mapping of index entries to rows is PgResourceStore's replaceIndex.
// Also writes the request lists and the expectations the benchmark checks. See docs/benchmarks.md.

#include "adapters/postgres/EmbeddedPostgres.h"
#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgConnection.h"
#include "adapters/postgres/fillSlotAvailability.h"
#include "bench/int-r01/CopyStream.h"
#include "bench/int-r01/Dataset.h"
#include "fhir/json/JsonReader.h"
#include "fhir/rest/canonicaliseSlotTimes.h"
#include "fhir/search/extractSearchIndex.h"
#include "fhir/store/jsonRenderer.h"
#include "fhir/validate/ProfileValidator.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace
{

using namespace sas;
using namespace sas::bench;
using adapters::postgres::PgConnection;
using fhir::search::ParamType;

struct Options
{
    DatasetSpec spec;
    std::string pgDirectory; ///< embedded cluster (adapters/postgres/EmbeddedPostgres), or
    std::string dsn;         ///< an existing database
    std::string outDirectory = ".";
    std::string profiles = "data/profiles";
    int queries = 1000;
    std::uint64_t querySeed = 7;
    int validatePerType = 300;
    int checkQueries = 20;
    bool database = true;
    bool vendorNdjson = false;
};

[[noreturn]] void die(const std::string& message)
{
    std::cerr << "sas-bench-load: " << message << "\n";
    std::exit(1);
}

Options parse(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--pg-directory")
            options.pgDirectory = value();
        else if (arg == "--dsn")
            options.dsn = value();
        else if (arg == "--out")
            options.outDirectory = value();
        else if (arg == "--profiles")
            options.profiles = value();
        else if (arg == "--practitioners")
            options.spec.practitioners = std::stoi(value());
        else if (arg == "--seed")
            options.spec.seed = std::stoull(value());
        else if (arg == "--queries")
            options.queries = std::stoi(value());
        else if (arg == "--query-seed")
            options.querySeed = std::stoull(value());
        else if (arg == "--validate")
            options.validatePerType = std::stoi(value());
        else if (arg == "--no-database")
            options.database = false;
        else if (arg == "--vendor-ndjson")
            options.vendorNdjson = true;
        else
            die("unknown option " + arg +
                " (--pg-directory DIR | --dsn DSN, --out DIR, --profiles DIR, --practitioners N, --seed N, "
                "--queries N, --query-seed N, --validate N, --no-database, --vendor-ndjson)");
    }
    if (options.database && options.pgDirectory.empty() == options.dsn.empty())
        die("give one of --pg-directory and --dsn, or --no-database");
    return options;
}

template <typename T>
T orDie(core::Result<T> result, const std::string& what)
{
    if (!result)
        die(what + ": " + result.error().message);
    return std::move(*result);
}

void orDie(const core::Status& status, const std::string& what)
{
    if (!status)
        die(what + ": " + status.error().message);
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::vector<std::string> TABLES{"resource", "resource_version", "search_token", "search_date",
                                      "search_reference", "search_string"};

/// The indexes and primary keys of the loaded tables, to drop before COPY and rebuild after (much faster than
/// maintaining them row by row); rebuilt from the catalogue's own definitions, so the schema ends up exactly as the
/// migrations made it.
struct IndexDefinitions
{
    std::vector<std::string> drop;
    std::vector<std::string> create;
};

IndexDefinitions indexDefinitions(PgConnection& connection)
{
    IndexDefinitions definitions;
    std::string tables;
    for (const auto& table : TABLES)
        tables += (tables.empty() ? "'" : ",'") + table + "'";
    auto rows = orDie(connection.exec("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), "
                                      "coalesce(c.conname, ''), coalesce(pg_get_constraintdef(c.oid), ''), "
                                      "i.indrelid::regclass::text FROM pg_index i LEFT JOIN pg_constraint c ON "
                                      "c.conindid = i.indexrelid AND c.contype = 'p' WHERE i.indrelid::regclass::text "
                                      "IN (" + tables + ") ORDER BY 1"),
                      "list indexes");
    for (int row = 0; row < rows.rows(); ++row)
    {
        const std::string index(rows.value(row, 0));
        const std::string constraint(rows.value(row, 2));
        const std::string table(rows.value(row, 4));
        if (constraint.empty())
        {
            definitions.drop.push_back("DROP INDEX " + index);
            definitions.create.emplace_back(rows.value(row, 1));
        }
        else
        {
            definitions.drop.push_back("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
            definitions.create.push_back("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " " +
                                         std::string(rows.value(row, 3)));
        }
    }
    return definitions;
}

/// The rows of every table, one COPY each, streamed in parallel connections.
class TableStreams
{
public:
    explicit TableStreams(const std::string& dsn)
    {
        resource = orDie(CopyStream::open(dsn, "resource", "type, id, version, last_updated, deleted, owner, body"),
                         "COPY resource");
        version = orDie(CopyStream::open(dsn, "resource_version",
                                         "type, id, version, last_updated, deleted, method, body"),
                        "COPY resource_version");
        token = orDie(CopyStream::open(dsn, "search_token", "type, id, param, system, code"), "COPY search_token");
        date = orDie(CopyStream::open(dsn, "search_date", "type, id, param, low, high"), "COPY search_date");
        reference = orDie(CopyStream::open(dsn, "search_reference", "type, id, param, target_type, target_id, url"),
                          "COPY search_reference");
        string = orDie(CopyStream::open(dsn, "search_string", "type, id, param, value"), "COPY search_string");
    }

    /// One resource as PgResourceStore writes it: current row, version 1 (POST, like a create), and its index.
    void write(const std::string& type, const std::string& id, const std::string& lastUpdated,
               const std::string& body, const fhir::search::SearchIndex& index)
    {
        resource->field(type).field(id).field(std::int64_t{1}).field(lastUpdated).field("f").null().field(body);
        orDie(resource->endRow(), "COPY resource");
        version->field(type).field(id).field(std::int64_t{1}).field(lastUpdated).field("f").field("POST").field(body);
        orDie(version->endRow(), "COPY resource_version");
        for (const auto& entry : index)
        {
            switch (entry.type)
            {
            case ParamType::Token:
                token->field(type).field(id).field(entry.parameter).field(entry.system).field(entry.code);
                orDie(token->endRow(), "COPY search_token");
                break;
            case ParamType::Date:
                date->field(type).field(id).field(entry.parameter).field(entry.low).field(entry.high);
                orDie(date->endRow(), "COPY search_date");
                break;
            case ParamType::Reference:
                reference->field(type)
                    .field(id)
                    .field(entry.parameter)
                    .field(entry.targetType)
                    .field(entry.targetId)
                    .field(entry.code);
                orDie(reference->endRow(), "COPY search_reference");
                break;
            case ParamType::String:
            case ParamType::Uri:
                string->field(type).field(id).field(entry.parameter).field(entry.code);
                orDie(string->endRow(), "COPY search_string");
                break;
            default:
                break; // no table, as in PgResourceStore
            }
        }
    }

    void finish()
    {
        for (auto* stream : {resource.get(), version.get(), token.get(), date.get(), reference.get(), string.get()})
            orDie(stream->finish(), "end of COPY");
    }

    std::string counts() const
    {
        return "resource " + std::to_string(resource->rows()) + ", search_token " + std::to_string(token->rows()) +
               ", search_date " + std::to_string(date->rows()) + ", search_reference " +
               std::to_string(reference->rows()) + ", search_string " + std::to_string(string->rows());
    }

private:
    std::unique_ptr<CopyStream> resource, version, token, date, reference, string;
};

/// Bench tuning of the private cluster, the same for every server measured against it (docs/benchmarks.md).
const char* const SETTINGS[] = {
    "ALTER SYSTEM SET shared_buffers = '4GB'",     "ALTER SYSTEM SET effective_cache_size = '12GB'",
    "ALTER SYSTEM SET maintenance_work_mem = '1GB'", "ALTER SYSTEM SET work_mem = '16MB'",
    "ALTER SYSTEM SET max_wal_size = '16GB'",      "ALTER SYSTEM SET checkpoint_timeout = '30min'",
    "ALTER SYSTEM SET random_page_cost = 1.1",     "ALTER SYSTEM SET jit = off",
};

} // namespace

int main(int argc, char** argv)
{
    const Options options = parse(argc, argv);
    const Dataset dataset(options.spec);
    std::filesystem::create_directories(options.outDirectory);
    const auto started = std::chrono::steady_clock::now();

    // Request lists and expectations first: they need no database.
    const auto queries = int01Queries(dataset, options.queries, options.querySeed);
    {
        std::ofstream gateway(options.outDirectory + "/targets-gateway.txt");
        std::ofstream peer(options.outDirectory + "/targets-peer.txt");
        std::ofstream expected(options.outDirectory + "/expected.tsv");
        long totalMatches = 0;
        for (std::size_t q = 0; q < queries.size(); ++q)
        {
            gateway << int01Target(dataset, queries[q]) << "\n";
            peer << int01PeerTarget(dataset, queries[q], "/fhir/R4") << "\n";
            const auto slots = int01ExpectedSlots(dataset, queries[q]);
            totalMatches += static_cast<long>(slots.size());
            if (static_cast<int>(q) < options.checkQueries)
            {
                expected << int01Target(dataset, queries[q]) << "\t";
                for (std::size_t i = 0; i < slots.size(); ++i)
                    expected << (i ? "," : "") << slots[i];
                expected << "\n";
            }
        }
        std::cout << "targets: " << queries.size() << " INT_R01 searches, " << totalMatches / static_cast<long>(queries.size())
                  << " matching Slots on average\n";
    }

    std::unique_ptr<adapters::postgres::EmbeddedPostgres> embedded;
    std::string dsn = options.dsn;
    std::unique_ptr<PgConnection> connection;
    if (options.database)
    {
        if (!options.pgDirectory.empty())
        {
            adapters::postgres::EmbeddedPostgresConfig config;
            config.directory = options.pgDirectory;
            embedded = std::make_unique<adapters::postgres::EmbeddedPostgres>(config);
            orDie(embedded->start(), "start PostgreSQL");
            dsn = embedded->dsn();
            {
                auto admin = orDie(PgConnection::open(dsn, std::chrono::seconds(10)), "connect");
                for (const char* setting : SETTINGS)
                    orDie(admin->execScript(setting), setting);
            }
            orDie(embedded->stop(), "restart PostgreSQL");
            orDie(embedded->start(), "restart PostgreSQL");
        }
        connection = orDie(PgConnection::open(dsn, std::chrono::seconds(10)), "connect");
        adapters::postgres::Migrator migrator(adapters::postgres::builtInMigrations());
        orDie(migrator.migrate(*connection), "migrate");
        auto existing = orDie(connection->exec("SELECT count(*) FROM resource"), "count resources");
        if (existing.value(0, 0) != "0")
            die("the database already holds resources; load into an empty one");
    }

    std::optional<fhir::validate::ProfileValidator> validator;
    if (options.validatePerType > 0)
        validator.emplace(orDie(fhir::validate::ProfileValidator::fromDirectory(options.profiles), "load profiles"));

    IndexDefinitions indexes;
    std::unique_ptr<TableStreams> streams;
    std::string lastUpdated = "2026-03-01T12:00:00.000Z";
    if (connection)
    {
        indexes = indexDefinitions(*connection);
        for (const auto& statement : indexes.drop)
            orDie(connection->execScript(statement), statement);
        auto now = orDie(connection->exec("SELECT to_char(now() AT TIME ZONE 'UTC', "
                                          "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"),
                         "read the clock");
        lastUpdated = std::string(now.value(0, 0));
        streams = std::make_unique<TableStreams>(dsn);
    }

    std::ofstream vendor;
    if (options.vendorNdjson)
        vendor.open(options.outDirectory + "/vendor.ndjson");
    // A few practitioners of the first searches: their canonical bodies, to compare with what the gateway serves.
    std::map<int, bool> sampled;
    for (std::size_t q = 0; q < queries.size() && q < 3; ++q)
        sampled[queries[q].practitioners.front()] = true;
    std::ofstream samples(options.outDirectory + "/stored-samples.tsv");

    std::map<std::string, int> validated;
    std::map<std::string, long> generated;
    for (int index = 0; index < options.spec.practitioners; ++index)
    {
        const PractitionerData practitioner = dataset.practitioner(index);
        for (GeneratedResource& resource : dataset.resources(practitioner))
        {
            ++generated[resource.type];
            if (vendor.is_open())
                vendor << resource.json << "\n";
            if (!connection && !sampled.count(index) && validated[resource.type] >= options.validatePerType)
                continue;
            auto parsed = fhir::readJson(resource.json);
            if (!parsed)
                die(resource.type + "/" + resource.id + " does not parse: " + parsed.error().message);
            if (validator && validated[resource.type] < options.validatePerType)
            {
                if (auto valid = validator->validate(parsed->resource); !valid)
                {
                    std::string issues;
                    for (const auto& issue : valid.error().issues)
                        issues += "\n  " + issue.expression + ": " + issue.diagnostics;
                    die(resource.type + "/" + resource.id + " breaks the SAS profiles:" + issues);
                }
                ++validated[resource.type];
            }
            fhir::rest::canonicaliseSlotTimes(parsed->resource); // as every write path does
            const std::string body = fhir::store::jsonRenderer(parsed->resource)(resource.id, 1, lastUpdated);
            if (streams)
                streams->write(resource.type, resource.id, lastUpdated, body,
                               fhir::search::extractSearchIndex(parsed->resource));
            if (sampled.count(index))
                samples << resource.type << "\t" << resource.id << "\t" << body << "\n";
        }
        if ((index + 1) % 10'000 == 0)
            std::cout << "  " << index + 1 << " practitioners generated (" << secondsSince(started) << " s)\n"
                      << std::flush;
    }
    std::cout << "generated:";
    for (const auto& [type, count] : generated)
        std::cout << " " << count << " " << type;
    std::cout << "\nvalidated against the SAS profiles: the first " << options.validatePerType << " of each type\n";

    if (connection)
    {
        streams->finish();
        std::cout << "copied in " << secondsSince(started) << " s: " << streams->counts() << "\n" << std::flush;
        const auto indexing = std::chrono::steady_clock::now();
        for (const auto& statement : indexes.create)
            orDie(connection->execScript(statement), statement);
        std::cout << "indexes rebuilt in " << secondsSince(indexing) << " s\n" << std::flush;
        const auto typed = std::chrono::steady_clock::now();
        orDie(adapters::postgres::fillSlotAvailability(*connection), "fill slot_availability");
        std::cout << "slot_availability filled in " << secondsSince(typed) << " s\n" << std::flush;
        const auto vacuum = std::chrono::steady_clock::now();
        for (const auto& table : TABLES)
            orDie(connection->execScript("VACUUM (ANALYZE) " + table), "VACUUM ANALYZE " + table);
        orDie(connection->execScript("VACUUM (ANALYZE) slot_availability"), "VACUUM ANALYZE slot_availability");
        std::cout << "VACUUM ANALYZE in " << secondsSince(vacuum) << " s\n";
        auto size = orDie(connection->exec("SELECT pg_size_pretty(pg_database_size(current_database()))"), "size");
        std::cout << "database size " << size.value(0, 0) << "\n";
        auto tables = orDie(connection->exec("SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM "
                                             "pg_class WHERE relkind = 'r' AND relname = ANY($1::text[]) ORDER BY 1",
                                             {"{resource,resource_version,search_token,search_date,search_reference,"
                                              "search_string}"}),
                            "table sizes");
        for (int row = 0; row < tables.rows(); ++row)
            std::cout << "  " << tables.value(row, 0) << " " << tables.value(row, 1) << " (with indexes)\n";
    }
    std::cout << "done in " << secondsSince(started) << " s\n";
    connection.reset();
    if (embedded)
        orDie(embedded->stop(), "stop PostgreSQL");
    return 0;
}
