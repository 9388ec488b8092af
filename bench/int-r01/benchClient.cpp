// sas-bench-client: closed-loop load generator. N threads, one keep-alive connection each (HTTPS with a client
// certificate, or plain HTTP), each sending the targets of a file in rotation (thread i starts at i/N of the list)
// for a warm-up then a measured duration; every latency is kept (exact percentiles). wrk cannot present a client
// certificate, and every gateway route needs one. With --dump it fetches each target once and stores the response
// bodies (the ceiling server replays them).

#include "bench/int-r01/LatencySamples.h"
#include "bench/int-r01/TlsClientConnection.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

namespace
{

using namespace sas::bench;
using Clock = std::chrono::steady_clock;

struct Options
{
    ClientEndpoint endpoint;
    std::string targetsFile;
    int connections = 16;
    double duration = 20;
    double warmup = 5;
    std::string label = "run";
    std::string results; ///< TSV file the summary line is appended to
    std::string dump;    ///< file to write target → body pairs to (one pass, one connection)
    int limit = 0;       ///< use only the first N targets (0: all)
};

[[noreturn]] void die(const std::string& message)
{
    std::cerr << "sas-bench-client: " << message << "\n";
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
        if (arg == "--host")
            options.endpoint.host = value();
        else if (arg == "--port")
            options.endpoint.port = std::stoi(value());
        else if (arg == "--tls")
            options.endpoint.tls = true;
        else if (arg == "--cert")
            options.endpoint.certificateFile = value();
        else if (arg == "--key")
            options.endpoint.keyFile = value();
        else if (arg == "--ca")
            options.endpoint.caFile = value();
        else if (arg == "--targets")
            options.targetsFile = value();
        else if (arg == "--connections")
            options.connections = std::stoi(value());
        else if (arg == "--duration")
            options.duration = std::stod(value());
        else if (arg == "--warmup")
            options.warmup = std::stod(value());
        else if (arg == "--label")
            options.label = value();
        else if (arg == "--results")
            options.results = value();
        else if (arg == "--dump")
            options.dump = value();
        else if (arg == "--limit")
            options.limit = std::stoi(value());
        else
            die("unknown option " + arg +
                " (--host, --port, --tls, --cert, --key, --ca, --targets FILE, --connections N, --duration S, "
                "--warmup S, --label L, --results FILE, --dump FILE, --limit N)");
    }
    if (options.endpoint.port == 0 || options.targetsFile.empty())
        die("--port and --targets are required");
    return options;
}

struct ThreadResult
{
    LatencySamples latencies;
    long requests = 0;
    long non2xx = 0;
    long errors = 0;
    long long bytes = 0;
    int reconnects = 0;
    std::string firstError;
};

} // namespace

int main(int argc, char** argv)
{
    const Options options = parse(argc, argv);
    std::vector<std::string> targets;
    {
        std::ifstream in(options.targetsFile);
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                targets.push_back(line);
    }
    if (options.limit > 0 && static_cast<int>(targets.size()) > options.limit)
        targets.resize(static_cast<std::size_t>(options.limit));
    if (targets.empty())
        die("no targets in " + options.targetsFile);
    std::shared_ptr<ClientTls> tls;
    if (options.endpoint.tls)
    {
        auto created = ClientTls::create(options.endpoint);
        if (!created)
            die(created.error().message);
        tls = *created;
    }

    if (!options.dump.empty())
    {
        TlsClientConnection connection(options.endpoint, tls);
        std::ofstream out(options.dump, std::ios::binary);
        for (const auto& target : targets)
        {
            auto response = connection.get(target, true);
            if (!response)
                die(target + ": " + response.error().message);
            if (response->status != 200)
                die(target + ": HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 400));
            out << target << "\t" << response->body.size() << "\n" << response->body;
        }
        std::cout << "dumped " << targets.size() << " responses to " << options.dump << "\n";
        return 0;
    }

    std::atomic<bool> measuring{false};
    std::atomic<bool> stop{false};
    std::vector<ThreadResult> results(static_cast<std::size_t>(options.connections));
    std::vector<std::thread> threads;
    for (int t = 0; t < options.connections; ++t)
    {
        threads.emplace_back([&, t] {
            ThreadResult& result = results[static_cast<std::size_t>(t)];
            TlsClientConnection connection(options.endpoint, tls);
            std::size_t next = targets.size() * static_cast<std::size_t>(t) / static_cast<std::size_t>(options.connections);
            while (!stop.load(std::memory_order_relaxed))
            {
                const bool counted = measuring.load(std::memory_order_relaxed);
                const auto begin = Clock::now();
                auto response = connection.get(targets[next], false);
                const auto end = Clock::now();
                next = (next + 1) % targets.size();
                if (!counted || !measuring.load(std::memory_order_relaxed))
                    continue; // warm-up, or finished after the measured window closed
                ++result.requests;
                if (!response)
                {
                    ++result.errors;
                    if (result.firstError.empty())
                        result.firstError = response.error().message;
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    continue;
                }
                if (response->status < 200 || response->status > 299)
                    ++result.non2xx;
                result.bytes += static_cast<long long>(response->bytes);
                result.latencies.add(static_cast<std::uint32_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(end - begin).count()));
            }
            result.reconnects = connection.reconnects();
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(options.warmup));
    measuring = true;
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(options.duration));
    measuring = false;
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    for (auto& thread : threads)
        thread.join();

    ThreadResult total;
    for (const auto& result : results)
    {
        total.latencies.merge(result.latencies);
        total.requests += result.requests;
        total.non2xx += result.non2xx;
        total.errors += result.errors;
        total.bytes += result.bytes;
        total.reconnects += result.reconnects;
        if (total.firstError.empty())
            total.firstError = result.firstError;
    }
    const double throughput = static_cast<double>(total.latencies.count()) / seconds;
    auto ms = [&](double q) { return total.latencies.quantile(q) / 1000.0; };
    const double meanBytes =
        total.latencies.count() ? static_cast<double>(total.bytes) / static_cast<double>(total.latencies.count()) : 0;
    char line[512];
    std::snprintf(line, sizeof line, "%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%ld\t%ld\t%.0f\t%d\t%.1f", options.label.c_str(),
                  throughput, ms(0.5), ms(0.9), ms(0.99), ms(1.0), total.non2xx, total.errors, meanBytes,
                  options.connections, seconds);
    std::printf("%-24s %9.1f req/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms  non-2xx %ld  errors %ld  "
                "%.0f bytes/response  %.1f MB/s  reconnects %d\n",
                options.label.c_str(), throughput, ms(0.5), ms(0.9), ms(0.99), ms(1.0), total.non2xx, total.errors,
                meanBytes, static_cast<double>(total.bytes) / seconds / 1e6, total.reconnects);
    if (!total.firstError.empty())
        std::printf("  first error: %s\n", total.firstError.c_str());
    if (!options.results.empty())
        std::ofstream(options.results, std::ios::app) << line << "\n";
    return total.errors > 0 ? 2 : 0;
}
