// The aggregator against real HTTPS vendor simulators with mutual TLS (sas-ig.md §1.2–1.4, §5, §8.A–C).
#include "adapters/vendors/FanOutVendorClient.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sas;
using namespace std::chrono_literals;
using adapters::vendors::FanOutConfig;
using adapters::vendors::FanOutVendorClient;
using adapters::vendors::VendorRegistry;
using test::VendorBehaviour;
using test::VendorSimulator;

namespace
{

std::chrono::system_clock::time_point utc(long long unixSeconds)
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(unixSeconds));
}

// 2021-11-04T00:00:00Z .. 2021-11-05T10:00:00Z: three of the four ExampleBundlePSIndiv slots.
const auto PS_START = utc(1635984000);
const auto PS_END = utc(1636106400);
const std::vector<std::string> PS_TARGETS = {"810100050075", "10002673899"}; // one bare RPPS: prefixed by the client

struct VendorEntry
{
    VendorEntry(std::string id_, std::string baseUrl_, std::string certificate_ = "gateway-client",
                std::string serverName_ = {}, std::string ca_ = "ca")
        : id(std::move(id_)), baseUrl(std::move(baseUrl_)), certificate(std::move(certificate_)),
          serverName(std::move(serverName_)), ca(std::move(ca_)) {}
    std::string id;
    std::string baseUrl;
    std::string certificate;
    std::string serverName;
    std::string ca; ///< the CA the gateway trusts for this vendor (a dev PKI name)
};

/// Writes a registry for the simulators and loads it the way the gateway does.
std::shared_ptr<const VendorRegistry> registryFor(const std::vector<VendorEntry>& vendors)
{
    const std::string pki = test::pkiDirectory();
    std::string text = "vendors = ";
    for (std::size_t i = 0; i < vendors.size(); ++i)
        text += (i ? ", " : "") + vendors[i].id;
    text += "\n";
    for (const auto& v : vendors)
    {
        const std::string p = "vendor." + v.id + ".";
        text += p + "flows = ps, cpts, sos\n" + p + "baseUrl.test = " + v.baseUrl + "\n" + p + "tls.certificate = " +
                pki + "/" + v.certificate + ".pem\n" + p + "tls.privateKey = " + pki + "/" + v.certificate + ".key\n" +
                p + "tls.ca = " + pki + "/" + v.ca + ".pem\n";
        if (!v.serverName.empty())
            text += p + "tls.serverName = " + v.serverName + "\n";
    }
    const std::string file = test::makeWorkDirectory("vendors") + "/vendors.properties";
    std::ofstream(file) << text;
    auto loaded = adapters::vendors::loadVendorRegistry(file, "test");
    if (!loaded)
        throw std::runtime_error(loaded.error().message);
    return std::make_shared<const VendorRegistry>(std::move(*loaded));
}

FanOutConfig quickConfig()
{
    FanOutConfig config;
    config.deadline = 2500ms;
    config.threads = 8;
    config.cacheFreshness = 0ms;
    return config;
}

core::VendorSearchRequest psSearch(const std::vector<std::string>& vendorIds)
{
    core::VendorSearchRequest request;
    request.windowStart = PS_START;
    request.windowEnd = PS_END;
    for (const auto& vendor : vendorIds)
        for (const auto& rpps : PS_TARGETS)
            request.targets.push_back({vendor, core::VendorFlow::PractitionerIndividual, rpps});
    return request;
}

const core::VendorOutcome& outcomeOf(const core::VendorSearchResult& result, const std::string& vendor)
{
    for (const auto& outcome : result.vendors)
        if (outcome.vendorId == vendor)
            return outcome;
    throw std::runtime_error("no outcome for " + vendor);
}

std::size_t slotsFrom(const core::VendorSearchResult& result, const std::string& vendor)
{
    return static_cast<std::size_t>(std::count_if(result.slots.begin(), result.slots.end(),
                                                  [&](const auto& slot) { return slot.vendorId == vendor; }));
}

std::string problemsOf(const core::VendorOutcome& outcome)
{
    std::string text;
    for (const auto& p : outcome.problems)
        text += p + "; ";
    return text;
}

core::SystemClock CLOCK;

} // namespace

// The scenario: one fan-out over a conformant, a slow, a failing, a malformed, a wrong-type and an
// out-of-window vendor answers by the deadline with the conformant slots and the right status for each.
TEST(VendorFanOut, EveryVendorGetsItsStatusAndTheSearchKeepsItsDeadline)
{
    VendorSimulator conformant(test::VendorSimulatorOptions{VendorBehaviour::Conformant});
    VendorSimulator slow(test::VendorSimulatorOptions{VendorBehaviour::Slow});
    VendorSimulator broken(test::VendorSimulatorOptions{VendorBehaviour::ServerError});
    VendorSimulator malformed(test::VendorSimulatorOptions{VendorBehaviour::MalformedJson});
    VendorSimulator wrongType(test::VendorSimulatorOptions{VendorBehaviour::WrongBundleType});
    VendorSimulator outside(test::VendorSimulatorOptions{VendorBehaviour::OutsideWindow});
    auto registry = registryFor({{"conformant", conformant.baseUrl()},
                                 {"slow", slow.baseUrl()},
                                 {"broken", broken.baseUrl()},
                                 {"malformed", malformed.baseUrl()},
                                 {"wrongtype", wrongType.baseUrl()},
                                 {"outside", outside.baseUrl()}});
    FanOutVendorClient client([registry] { return registry; }, quickConfig(), CLOCK);

    const auto started = std::chrono::steady_clock::now();
    const auto result = client.search(psSearch({"conformant", "slow", "broken", "malformed", "wrongtype", "outside"}));
    const auto elapsed = std::chrono::steady_clock::now() - started;

    EXPECT_LT(elapsed, 2500ms + 1000ms) << "the slow vendor answers after 10 s; the search must not wait for it";
    ASSERT_EQ(result.vendors.size(), 6u);
    const auto& ok = outcomeOf(result, "conformant");
    EXPECT_EQ(ok.status, core::VendorStatus::Ok) << problemsOf(ok);
    EXPECT_EQ(ok.slots, 3);
    EXPECT_EQ(slotsFrom(result, "conformant"), 3u);
    EXPECT_EQ(outcomeOf(result, "slow").status, core::VendorStatus::Timeout) << problemsOf(outcomeOf(result, "slow"));
    EXPECT_EQ(slotsFrom(result, "slow"), 0u);
    EXPECT_EQ(outcomeOf(result, "broken").status, core::VendorStatus::Error);
    EXPECT_NE(problemsOf(outcomeOf(result, "broken")).find("HTTP 500"), std::string::npos);
    EXPECT_EQ(outcomeOf(result, "malformed").status, core::VendorStatus::NonConformant);
    EXPECT_NE(problemsOf(outcomeOf(result, "malformed")).find("not JSON"), std::string::npos);
    EXPECT_EQ(outcomeOf(result, "wrongtype").status, core::VendorStatus::NonConformant);
    EXPECT_NE(problemsOf(outcomeOf(result, "wrongtype")).find("collection"), std::string::npos);
    const auto& out = outcomeOf(result, "outside");
    EXPECT_EQ(out.status, core::VendorStatus::NonConformant);
    EXPECT_EQ(out.slots, 2) << problemsOf(out);
    EXPECT_EQ(out.droppedSlots, 2) << "one busy, one outside the window";
    EXPECT_EQ(slotsFrom(result, "outside"), 2u);
    EXPECT_EQ(result.slots.size(), 5u);

    // The request each vendor got is the IG's (the simulator answers 400 otherwise) and carries our certificate.
    const auto seen = conformant.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].clientCommonName, "gateway-client");
    EXPECT_NE(seen[0].uri.find("urn:oid:1.2.250.1.71.4.2.1%7C810002673899"), std::string::npos) << seen[0].uri;
}

// §8.A #2, §8.C #28: 30 practitioners make two requests of ≤ 25; 12 SIRET two of ≤ 10; SOS and CPTS parse.
TEST(VendorFanOut, BatchesRespectTheIgLimits)
{
    VendorSimulator vendor(test::VendorSimulatorOptions{VendorBehaviour::Conformant});
    auto registry = registryFor({{"v", vendor.baseUrl()}});
    FanOutVendorClient client([registry] { return registry; }, quickConfig(), CLOCK);

    core::VendorSearchRequest request;
    request.windowStart = utc(1609459200); // 2021-01-01
    request.windowEnd = utc(1735689600);   // 2025-01-01
    for (int i = 0; i < 29; ++i)
        request.targets.push_back({"v", core::VendorFlow::Cpts, "8100000000" + std::to_string(10 + i)});
    request.targets.push_back({"v", core::VendorFlow::Cpts, "810002909371"});
    for (int i = 0; i < 11; ++i)
        request.targets.push_back({"v", core::VendorFlow::Sos, "3000000000000" + std::to_string(10 + i)});
    request.targets.push_back({"v", core::VendorFlow::Sos, "334173748400020"});
    request.targets.push_back({"v", core::VendorFlow::Sos, "not-a-siret"});

    const auto result = client.search(request);
    const auto& outcome = outcomeOf(result, "v");
    EXPECT_EQ(outcome.status, core::VendorStatus::Ok) << problemsOf(outcome);
    EXPECT_EQ(outcome.batches, 4);
    EXPECT_NE(problemsOf(outcome).find("not a valid SIRET"), std::string::npos);
    const auto seen = vendor.requests();
    ASSERT_EQ(seen.size(), 4u);
    for (const auto& request_ : seen)
    {
        const auto ids = std::count(request_.uri.begin(), request_.uri.end(), ',') + 1;
        EXPECT_LE(ids, request_.uri.find("/Schedule") != std::string::npos ? 10 : 25) << request_.uri;
    }
    std::size_t cpts = 0, sos = 0;
    for (const auto& slot : result.slots)
    {
        if (slot.flow == core::VendorFlow::Cpts)
        {
            ++cpts;
            ASSERT_EQ(slot.cpts.size(), 1u);
            EXPECT_EQ(slot.cpts[0].finess, "1950047225");
        }
        if (slot.flow == core::VendorFlow::Sos)
        {
            ++sos;
            EXPECT_EQ(slot.target, "334173748400020");
        }
    }
    EXPECT_EQ(cpts, 1u);
    EXPECT_EQ(sos, 2u) << "the Rennes association's two slots (Rennes Nord and Cleunay)";
}

// §8.A #6: the vendor's chain and host name are verified; the vendor refuses a certificate it does not trust.
// "otherchain" presents a valid certificate for its host name, but from a CA we do not trust for that vendor.
TEST(VendorFanOut, MutualTlsFailsClosed)
{
    VendorSimulator wrongHost(test::VendorSimulatorOptions{VendorBehaviour::Conformant, "wrong-host"});
    VendorSimulator conformant(test::VendorSimulatorOptions{VendorBehaviour::Conformant});
    auto registry = registryFor({{"wronghost", wrongHost.baseUrl()},
                                 {"untrusted", conformant.baseUrl(), "other-client"},
                                 {"renamed", conformant.baseUrl(), "gateway-client", "api.vendor.invalid"},
                                 {"otherchain", conformant.baseUrl(), "gateway-client", "", "other-ca"}});
    FanOutVendorClient client([registry] { return registry; }, quickConfig(), CLOCK);
    const auto result = client.search(psSearch({"wronghost", "untrusted", "renamed", "otherchain"}));
    for (const char* vendor : {"wronghost", "untrusted", "renamed", "otherchain"})
    {
        EXPECT_EQ(outcomeOf(result, vendor).status, core::VendorStatus::Error) << vendor;
        EXPECT_EQ(slotsFrom(result, vendor), 0u) << vendor;
    }
    EXPECT_NE(problemsOf(outcomeOf(result, "wronghost")).find("TLS"), std::string::npos);
    EXPECT_NE(problemsOf(outcomeOf(result, "otherchain")).find("TLS"), std::string::npos);
    EXPECT_TRUE(wrongHost.requests().empty()) << "nothing is sent to a server that is not who we expect";
    EXPECT_TRUE(conformant.requests().empty());
}

// Keep-alive: sequential searches reuse one TLS connection.
TEST(VendorFanOut, ConnectionsAreKeptAlive)
{
    VendorSimulator vendor(test::VendorSimulatorOptions{VendorBehaviour::Conformant});
    auto registry = registryFor({{"v", vendor.baseUrl()}});
    FanOutVendorClient client([registry] { return registry; }, quickConfig(), CLOCK);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(outcomeOf(client.search(psSearch({"v"})), "v").status, core::VendorStatus::Ok);
    EXPECT_EQ(vendor.requests().size(), 3u);
    EXPECT_EQ(vendor.connections(), 1u);
}

// The cache answers a repeated search without calling the vendor, with the same slots.
TEST(VendorFanOut, RepeatedSearchesAreServedFromTheCache)
{
    VendorSimulator vendor(test::VendorSimulatorOptions{VendorBehaviour::Conformant});
    auto registry = registryFor({{"v", vendor.baseUrl()}});
    auto config = quickConfig();
    config.cacheFreshness = 60s;
    FanOutVendorClient client([registry] { return registry; }, config, CLOCK);
    const auto first = client.search(psSearch({"v"}));
    const auto second = client.search(psSearch({"v"}));
    EXPECT_EQ(vendor.requests().size(), 1u);
    EXPECT_EQ(outcomeOf(second, "v").cachedTargets, 2);
    EXPECT_EQ(outcomeOf(second, "v").batches, 0);
    EXPECT_EQ(second.slots.size(), first.slots.size());
    EXPECT_EQ(client.counters().cacheHits, 2u);
}

// A vendor failing repeatedly is left alone: circuit-open, and the vendor sees no more calls.
TEST(VendorFanOut, CircuitOpensOnARepeatedlyFailingVendor)
{
    VendorSimulator broken(test::VendorSimulatorOptions{VendorBehaviour::ServerError});
    auto registry = registryFor({{"broken", broken.baseUrl()}});
    auto config = quickConfig();
    config.breaker = {3, 60s};
    FanOutVendorClient client([registry] { return registry; }, config, CLOCK);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(outcomeOf(client.search(psSearch({"broken"})), "broken").status, core::VendorStatus::Error);
    const auto rested = client.search(psSearch({"broken"}));
    EXPECT_EQ(outcomeOf(rested, "broken").status, core::VendorStatus::CircuitOpen);
    EXPECT_EQ(broken.requests().size(), 3u);
}

// A search may ask for less than the configured deadline; late answers are dropped and counted.
TEST(VendorFanOut, ShorterSearchDeadlineAndLateAnswersCounted)
{
    VendorSimulator slow(test::VendorSimulatorOptions{VendorBehaviour::Slow, "server", true, 1500ms});
    auto registry = registryFor({{"slow", slow.baseUrl()}});
    auto config = quickConfig();
    config.deadline = 7000ms;
    FanOutVendorClient client([registry] { return registry; }, config, CLOCK);
    auto request = psSearch({"slow"});
    request.deadline = 300ms;
    const auto started = std::chrono::steady_clock::now();
    const auto result = client.search(request);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
    EXPECT_EQ(outcomeOf(result, "slow").status, core::VendorStatus::Timeout);
    for (int i = 0; i < 100 && client.counters().lateAnswers == 0; ++i)
        std::this_thread::sleep_for(20ms);
    EXPECT_EQ(client.counters().lateAnswers, 1u);
}

// Unknown and disabled vendors are reported, not called.
TEST(VendorFanOut, UnknownVendorsAreReported)
{
    auto registry = registryFor({});
    FanOutVendorClient client([registry] { return registry; }, quickConfig(), CLOCK);
    const auto result = client.search(psSearch({"nobody"}));
    EXPECT_EQ(outcomeOf(result, "nobody").status, core::VendorStatus::Error);
    EXPECT_NE(problemsOf(outcomeOf(result, "nobody")).find("unknown"), std::string::npos);
}
