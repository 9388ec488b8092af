#include "app/VendorCheckCommand.h"

#include "adapters/vendors/VendorConformanceCheck.h"
#include "core/Clock.h"
#include "fhir/search/parseDateRange.h"

#include <Poco/StringTokenizer.h>

#include <iostream>
#include <optional>

namespace sas::app
{
namespace
{

constexpr int EXIT_PASS = 0;
constexpr int EXIT_FAIL = 1;
constexpr int EXIT_USAGE = 64;

const char* USAGE =
    "usage: sas-gateway vendor-check <base-url> --cert <pem> --key <pem> [--ca <pem>] [--server-name <host>]\n"
    "       [--rpps <id,...>] [--cpts] [--siret <id,...>] [--start <instant>] [--end <instant>]\n"
    "       [--max-time-ms <n>] [--json]\n"
    "Runs the SAS IG's vendor obligations against a vendor FHIR endpoint over mutual TLS.\n"
    "  --cert/--key    the client certificate the gateway presents (IGC-Santé in production)\n"
    "  --ca            CA the vendor's chain must lead to (default: the system's trust store)\n"
    "  --rpps          RPPS/ADELI with free slots in the window (INT_R01; with --cpts, INT_R04)\n"
    "  --siret         SOS Médecins association SIRET(s) with free slots (SOS search)\n"
    "  --start/--end   search window (default: now to now + 48 h)\n"
    "  --max-time-ms   answer-time limit (default 7000, sas-ig.md §5)\n"
    "Exit status: 0 all checks pass, 1 a check failed, 64 usage error.\n";

std::vector<std::string> list(const std::string& text)
{
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens)
        items.push_back(token);
    return items;
}

std::optional<std::chrono::system_clock::time_point> instant(const std::string& text)
{
    const auto range = fhir::search::parseDateRange(text);
    if (!range)
        return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::microseconds(range->low));
}

int usage(const std::string& problem)
{
    std::cerr << "sas-gateway vendor-check: " << problem << "\n" << USAGE;
    return EXIT_USAGE;
}

} // namespace

int runVendorCheckCommand(const std::vector<std::string>& arguments)
{
    adapters::vendors::ConformanceCheckOptions options;
    const core::SystemClock clock;
    options.windowStart = clock.now();
    options.windowEnd = options.windowStart + std::chrono::hours(48);
    bool json = false;
    for (std::size_t i = 0; i < arguments.size(); ++i)
    {
        const std::string& argument = arguments[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= arguments.size())
                return std::nullopt;
            return arguments[++i];
        };
        if (argument == "--help" || argument == "-h")
        {
            std::cout << USAGE;
            return EXIT_PASS;
        }
        if (argument == "--json")
            json = true;
        else if (argument == "--cpts")
            options.cpts = true;
        else if (argument.rfind("--", 0) == 0)
        {
            const auto v = value();
            if (!v)
                return usage(argument + " needs a value");
            if (argument == "--cert")
                options.tls.certificateFile = *v;
            else if (argument == "--key")
                options.tls.privateKeyFile = *v;
            else if (argument == "--ca")
                options.tls.caFile = *v;
            else if (argument == "--server-name")
                options.tls.serverName = *v;
            else if (argument == "--rpps")
                options.practitioners = list(*v);
            else if (argument == "--siret")
                options.sirets = list(*v);
            else if (argument == "--start" || argument == "--end")
            {
                const auto parsed = instant(*v);
                if (!parsed)
                    return usage(argument + " expects a FHIR date or instant, got '" + *v + "'");
                (argument == "--start" ? options.windowStart : options.windowEnd) = *parsed;
            }
            else if (argument == "--max-time-ms")
            {
                try
                {
                    options.maxAnswerTime = std::chrono::milliseconds(std::stoi(*v));
                }
                catch (const std::exception&)
                {
                    return usage("--max-time-ms expects a number of milliseconds");
                }
            }
            else
                return usage("unknown option " + argument);
        }
        else if (options.baseUrl.empty())
            options.baseUrl = argument;
        else
            return usage("unexpected argument '" + argument + "'");
    }
    if (options.baseUrl.rfind("https://", 0) != 0)
        return usage("a vendor base URL starting with https:// is required");
    if (options.tls.certificateFile.empty() || options.tls.privateKeyFile.empty())
        return usage("--cert and --key are required (mutual TLS)");
    if (options.practitioners.empty() && options.sirets.empty())
        return usage("give --rpps and/or --siret: identifiers with free slots to search for");
    if (options.windowEnd <= options.windowStart)
        return usage("--end must be after --start");

    const auto report = adapters::vendors::runConformanceCheck(options);
    std::cout << (json ? adapters::vendors::formatReportJson(report) + "\n" : adapters::vendors::formatReportText(report));
    return report.passed() ? EXIT_PASS : EXIT_FAIL;
}

} // namespace sas::app
