// INT_R03 with the outbox and a real broker: appointments written per second (against Slot creates on the same
// server, the baseline without orientation or outbox), and the delay from the vendor's 201 to the message in the
// LRM's queue (p50, p99). Run: build/tests/sas_hub_bench [seconds=20] [clients=4] (from build/tests).
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/HubDispatcher.h"
#include "tests/support/TestPostgres.h"
#include "tests/support/TestRabbitMq.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace sas::test;
using Clock = std::chrono::steady_clock;

namespace
{

std::string read(const std::string& name)
{
    std::ifstream in(std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/ig" / name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

struct Run
{
    long writes = 0;
    long failures = 0;
    double seconds = 0;
};

/// `clients` threads POSTing for `duration`; `body(i)` makes each request; `onCreated` sees each 201 and its time.
Run hammer(int port, int clients, std::chrono::seconds duration, const std::string& type,
           const std::function<std::string()>& body,
           const std::function<void(const std::string&, Clock::time_point)>& onCreated)
{
    std::atomic<long> writes{0}, failures{0};
    const auto start = Clock::now();
    const auto end = start + duration;
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&] {
            HttpsClient client(port, ClientTls{"vendor-demo", false});
            while (Clock::now() < end)
            {
                auto response = client.send(HttpRequest{"POST", "/fhir/" + type, {}, body(), "application/fhir+json"});
                if (response.status == 201)
                {
                    ++writes;
                    onCreated(response.body, Clock::now());
                }
                else
                    ++failures;
            }
        });
    for (auto& thread : threads)
        thread.join();
    return Run{writes, failures, std::chrono::duration<double>(Clock::now() - start).count()};
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

} // namespace

int main(int argc, char** argv)
{
    const auto duration = std::chrono::seconds(argc > 1 ? std::atoi(argv[1]) : 20);
    const int clients = argc > 2 ? std::atoi(argv[2]) : 4;
    const std::string ptf = "fr.health.test.ptfsas", samu = "fr.health.samu330";

    TestRabbitMq broker({ptf, samu});
    broker.start();
    HubDispatcher dispatcher(broker.endpoint("fr.health.hub"));
    dispatcher.start();
    FakeLrm lrm(broker.endpoint(samu), samu, LrmBehaviour::Ack);
    lrm.start();
    TestPostgres postgres;
    GatewayOptions options;
    options.dsn = postgres.createDatabase("hub_bench");
    options.settings = broker.gatewaySettings(ptf);
    GatewayProcess gateway(options);
    gateway.start();

    const std::string slot = R"({"resourceType":"Slot","schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free",)"
                             R"("start":"2026-11-23T09:00:00.000+01:00","end":"2026-11-23T09:15:00.000+01:00"})";
    const std::string appointment = read("Appointment-1.json");

    // Baseline first: plain FHIR creates of Slots (profile validation, store, search index; no orientation, no outbox).
    auto baseline = hammer(gateway.port(), clients, duration, "Slot", [&] { return slot; },
                           [](const std::string&, Clock::time_point) {});

    std::mutex mutex;
    std::map<std::string, Clock::time_point> createdAt; // FHIR id → when the vendor saw 201
    auto measured = hammer(
        gateway.port(), clients, duration, "Appointment",
        [&] {
            return replaced(appointment, "b6e39355-8a61-4556-b340-36f7b95fec6a",
                            Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        },
        [&](const std::string& body, Clock::time_point at) {
            auto id = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
            std::lock_guard lock(mutex);
            createdAt[id] = at;
        });

    // Wait for every message, then match arrivals to 201s through the database's orientation → resource link.
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (lrm.received().size() < createdAt.size() && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto connection = postgres.connect(options.dsn);
    auto rows = connection->exec("SELECT id::text, resource_id FROM orientation");
    std::map<std::string, std::string> resourceOf;
    for (int row = 0; rows && row < rows->rows(); ++row)
        resourceOf[std::string(rows->value(row, 0))] = std::string(rows->value(row, 1));
    const auto bodies = lrm.received();
    const auto arrivals = lrm.arrivals();
    std::vector<double> delays;
    for (std::size_t i = 0; i < bodies.size(); ++i)
    {
        const auto at = bodies[i].find("\"appointmentId\":\"");
        if (at == std::string::npos)
            continue;
        const std::string appointmentId = bodies[i].substr(at + 17, 36);
        auto created = createdAt.find(resourceOf[appointmentId]);
        if (created != createdAt.end())
            delays.push_back(std::chrono::duration<double, std::milli>(arrivals[i] - created->second).count());
    }
    long invalid = 0;
    for (const auto& seen : dispatcher.seen())
        invalid += seen.valid ? 0 : 1;

    const double baseRate = static_cast<double>(baseline.writes) / baseline.seconds;
    const double rate = static_cast<double>(measured.writes) / measured.seconds;
    std::printf("clients=%d duration=%lds\n", clients, static_cast<long>(duration.count()));
    std::printf("baseline Slot creates:        %.0f/s (%ld writes, %ld failures)\n", baseRate, baseline.writes,
                baseline.failures);
    std::printf("INT_R03 Appointment creates:  %.0f/s (%ld writes, %ld failures) = %.2f x baseline\n", rate,
                measured.writes, measured.failures, rate / baseRate);
    std::printf("messages at the LRM: %zu of %zu (schema-invalid at the dispatcher: %ld)\n", delays.size(),
                createdAt.size(), invalid);
    std::printf("201 -> LRM queue delay: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", percentile(delays, 0.50),
                percentile(delays, 0.99), percentile(delays, 1.0));
    return delays.size() == createdAt.size() && invalid == 0 ? 0 : 1;
}
