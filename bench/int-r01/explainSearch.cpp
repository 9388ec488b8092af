// sas-bench-explain: the one SQL statement PgSearch runs for a search (adapters/postgres/buildSearchSql), run under
// EXPLAIN (ANALYZE, BUFFERS) on a loaded database; for docs/benchmarks.md and for finding what is slow.
// Usage: sas-bench-explain --dsn DSN [--sql] [--repeat N] '/fhir/Slot?…' (prints the plan of the last of N runs)

#include "adapters/postgres/PgConnection.h"
#include "adapters/postgres/buildSearchSql.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"

#include <chrono>
#include <iostream>

int main(int argc, char** argv)
{
    using namespace sas;
    std::string dsn, target;
    bool printSql = false;
    int repeat = 3; // the first run pays for a cold connection (catalogue caches) and cold buffers
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg == "--dsn" && i + 1 < argc)
            dsn = argv[++i];
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = std::stoi(argv[++i]);
        else if (arg == "--sql")
            printSql = true;
        else
            target = arg;
    }
    const std::size_t question = target.find('?');
    const std::size_t slash = target.rfind('/', question);
    if (dsn.empty() || question == std::string::npos || slash == std::string::npos)
    {
        std::cerr << "usage: sas-bench-explain --dsn DSN [--sql] '/fhir/Type?query'\n";
        return 2;
    }
    auto query = fhir::search::parseSearch(target.substr(slash + 1, question - slash - 1),
                                           fhir::search::decodeQueryString(target.substr(question + 1)),
                                           fhir::search::Handling::Strict);
    if (!query)
    {
        std::cerr << "sas-bench-explain: " << query.error().message << "\n";
        return 1;
    }
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto statement = adapters::postgres::buildSearchSql(*query, now);
    if (printSql)
    {
        std::cout << statement.sql << "\n";
        for (std::size_t i = 0; i < statement.params.size(); ++i)
            std::cout << "$" << i + 1 << " = " << statement.params[i].value_or("NULL") << "\n";
    }
    auto connection = adapters::postgres::PgConnection::open(dsn, std::chrono::seconds(10));
    if (!connection)
    {
        std::cerr << "sas-bench-explain: " << connection.error().message << "\n";
        return 1;
    }
    auto plan = (*connection)->exec("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params);
    for (int run = 1; run < repeat && plan; ++run)
        plan = (*connection)->exec("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params);
    if (!plan)
    {
        std::cerr << "sas-bench-explain: " << plan.error().message << "\n";
        return 1;
    }
    for (int row = 0; row < plan->rows(); ++row)
        std::cout << plan->value(row, 0) << "\n";
    return 0;
}
