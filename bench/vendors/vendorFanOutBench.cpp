// Fan-out benchmark (issue 5, point 7): a search over 10 vendors, one of which never answers, and 200 concurrent
// searches, against real HTTPS simulators with mutual TLS run in a child process (so the thread and memory figures
// are the aggregator's, not the simulators'). Usage: sas-bench-vendors [--deadline-ms 1000] [--rounds 20]
// [--max-in-flight 64] (each vendor's bulkhead: concurrent calls beyond it are not sent)
#include "adapters/vendors/FanOutVendorClient.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

using namespace sas;
using namespace std::chrono;

namespace
{

long procStatus(const char* field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::strlen(field)));
    return -1;
}

int serve(int healthy, int hung)
{
    std::vector<std::unique_ptr<test::VendorSimulator>> simulators;
    for (int i = 0; i < healthy + hung; ++i)
    {
        test::VendorSimulatorOptions options;
        if (i >= healthy)
        {
            options.behaviour = test::VendorBehaviour::Slow;
            options.delay = hours(1);
        }
        simulators.push_back(std::make_unique<test::VendorSimulator>(options));
        std::cout << simulators.back()->port() << (i + 1 < healthy + hung ? " " : "\n");
    }
    std::cout.flush();
    std::string ignored;
    std::getline(std::cin, ignored); // until the parent closes our stdin
    std::_Exit(0);                   // hung handlers never return: do not wait for them
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

core::VendorSearchRequest request(int vendors)
{
    core::VendorSearchRequest r;
    r.windowStart = system_clock::time_point(seconds(1635984000)); // the IG example PS slots
    r.windowEnd = system_clock::time_point(seconds(1636243199));
    for (int v = 0; v < vendors; ++v)
        for (const char* rpps : {"810100050075", "810002673899"})
            r.targets.push_back({"v" + std::to_string(v), core::VendorFlow::PractitionerIndividual, rpps});
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    int deadlineMs = 1000, rounds = 20, maxInFlight = 64;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string option = argv[i];
        if (option == "--serve")
            return serve(std::stoi(argv[i + 1]), std::stoi(argv[i + 2]));
        if (option == "--deadline-ms")
            deadlineMs = std::stoi(argv[i + 1]);
        if (option == "--rounds")
            rounds = std::stoi(argv[i + 1]);
        if (option == "--max-in-flight")
            maxInFlight = std::stoi(argv[i + 1]);
    }

    Poco::Pipe toChild, fromChild;
    auto child = Poco::Process::launch(argv[0], {"--serve", "9", "1"}, &toChild, &fromChild, nullptr);
    Poco::PipeInputStream ports(fromChild);
    std::string line;
    std::getline(ports, line);
    std::istringstream list(line);
    std::vector<int> port;
    for (int p; list >> p;)
        port.push_back(p);
    if (port.size() != 10)
    {
        std::cerr << "simulators did not start\n";
        return 1;
    }

    const std::string pki = test::pkiDirectory();
    std::string text = "vendors = ";
    for (int v = 0; v < 10; ++v)
        text += (v ? ", v" : "v") + std::to_string(v);
    text += "\n";
    for (int v = 0; v < 10; ++v)
    {
        const std::string p = "vendor.v" + std::to_string(v) + ".";
        text += p + "flows = ps\n" + p + "baseUrl.bench = https://localhost:" + std::to_string(port[v]) + "/fhir\n" + p +
                "tls.certificate = " + pki + "/gateway-client.pem\n" + p + "tls.privateKey = " + pki +
                "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n" + p + "maxInFlight = " +
                std::to_string(maxInFlight) + "\n";
    }
    const std::string file = test::makeWorkDirectory("bench-vendors") + "/vendors.properties";
    std::ofstream(file) << text;
    auto loaded = adapters::vendors::loadVendorRegistry(file, "bench");
    if (!loaded)
    {
        std::cerr << loaded.error().message << "\n";
        return 1;
    }
    auto registry = std::make_shared<const adapters::vendors::VendorRegistry>(std::move(*loaded));
    core::SystemClock clock;
    adapters::vendors::FanOutConfig config;
    config.deadline = milliseconds(deadlineMs);
    config.cacheFreshness = milliseconds(0);     // every search really fans out
    config.breaker.failuresToOpen = 1'000'000;   // keep calling the hung vendor: measure the deadline, not the breaker
    const long threadsBefore = procStatus("Threads:");
    const long rssBefore = procStatus("VmRSS:");
    adapters::vendors::FanOutVendorClient client([registry] { return registry; }, config, clock);

    // Warm-up: TLS sessions to every healthy vendor.
    // Its answer also says how many slots 200 searches get when every healthy vendor answers in time.
    const long slotsPerSearch = static_cast<long>(client.search(request(9)).slots.size());

    std::vector<double> baseline, withHung;
    for (int i = 0; i < rounds; ++i)
    {
        auto t0 = steady_clock::now();
        client.search(request(9));
        baseline.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());
        t0 = steady_clock::now();
        const auto result = client.search(request(10));
        withHung.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());
        if (result.vendors.back().status != core::VendorStatus::Timeout)
            std::cerr << "unexpected status for the hung vendor: " << core::toString(result.vendors.back().status) << "\n";
    }
    std::vector<double> overrun;
    for (double e : withHung)
        overrun.push_back(e - deadlineMs);

    std::cout << "## fan-out to 10 vendors, one never answers (deadline " << deadlineMs << " ms, " << rounds
              << " rounds)\n";
    std::cout << "baseline, 9 healthy vendors only: p50 " << percentile(baseline, 0.5) << " ms, max "
              << percentile(baseline, 1.0) << " ms\n";
    std::cout << "10 vendors incl. the hung one: p50 " << percentile(withHung, 0.5) << " ms, max "
              << percentile(withHung, 1.0) << " ms\n";
    std::cout << "overrun past the deadline: p50 " << percentile(overrun, 0.5) << " ms, max " << percentile(overrun, 1.0)
              << " ms (target < 50 ms)\n";

    // 200 concurrent searches, each over the 10 vendors.
    constexpr int CONCURRENT = 200;
    std::atomic<long> peakThreads{0}, peakRss{0};
    std::atomic<bool> sampling{true};
    std::thread sampler([&] {
        while (sampling)
        {
            peakThreads = std::max(peakThreads.load(), procStatus("Threads:"));
            peakRss = std::max(peakRss.load(), procStatus("VmRSS:"));
            std::this_thread::sleep_for(milliseconds(5));
        }
    });
    std::vector<double> elapsed(CONCURRENT);
    std::vector<core::VendorSearchResult> results(CONCURRENT);
    std::mutex gate;
    std::condition_variable go;
    bool start = false;
    std::vector<std::thread> callers;
    for (int i = 0; i < CONCURRENT; ++i)
        callers.emplace_back([&, i] {
            {
                std::unique_lock lock(gate);
                go.wait(lock, [&] { return start; });
            }
            const auto t0 = steady_clock::now();
            results[i] = client.search(request(10));
            elapsed[i] = duration<double, std::milli>(steady_clock::now() - t0).count();
        });
    const long threadsWithCallers = procStatus("Threads:");
    const auto wall0 = steady_clock::now();
    {
        std::lock_guard lock(gate);
        start = true;
    }
    go.notify_all();
    for (auto& caller : callers)
        caller.join();
    const double wall = duration<double, std::milli>(steady_clock::now() - wall0).count();
    sampling = false;
    sampler.join();

    std::map<std::string, int> statuses;
    long slots = 0;
    for (const auto& result : results)
    {
        slots += static_cast<long>(result.slots.size());
        for (const auto& vendor : result.vendors)
            ++statuses[std::string(vendor.vendorId == "v9" ? "hung:" : "healthy:") + core::toString(vendor.status)];
    }
    std::cout << "## " << CONCURRENT << " concurrent searches x 10 vendors (one hung), " << config.threads
              << " fan-out threads\n";
    std::cout << "wall " << wall << " ms; per search p50 " << percentile(elapsed, 0.5) << " ms, max "
              << percentile(elapsed, 1.0) << " ms; slots " << slots << " (" << CONCURRENT * slotsPerSearch << " if every healthy vendor answered in time)\n";
    std::cout << "statuses:";
    for (const auto& [status, count] : statuses)
        std::cout << " " << status << "=" << count;
    std::cout << "\nthreads: " << threadsBefore << " before the client, " << threadsWithCallers << " with the "
              << CONCURRENT << " callers waiting, peak " << peakThreads.load() << " (peak - callers - sampler = "
              << peakThreads.load() - threadsWithCallers - 1 << " beyond the callers)\n";
    std::cout << "memory: VmRSS " << rssBefore << " kB before, peak " << peakRss.load() << " kB, after "
              << procStatus("VmRSS:") << " kB\n";
    const auto counters = client.counters();
    std::cout << "counters: searches " << counters.searches << ", calls " << counters.calls << ", late "
              << counters.lateAnswers << ", rejected " << counters.rejectedBatches << "\n";

    toChild.close(Poco::Pipe::CLOSE_BOTH);
    child.wait();
    std::cout.flush();
    std::_Exit(0); // the hung vendor's calls are still parked in pool threads until their socket time-out
}
