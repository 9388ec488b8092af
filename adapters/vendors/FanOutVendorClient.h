#pragma once

#include "adapters/vendors/AnswerCache.h"
#include "adapters/vendors/CircuitBreaker.h"
#include "adapters/vendors/VendorConnection.h"
#include "adapters/vendors/VendorRegistry.h"
#include "adapters/vendors/WorkerPool.h"
#include "core/Clock.h"
#include "core/ports/VendorClient.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace sas::adapters::vendors
{

struct FanOutConfig
{
    std::chrono::milliseconds deadline{7000};          ///< whole-search deadline (sas-ig.md §5: 7 s)
    int threads = 32;                                  ///< fixed pool shared by every search
    std::size_t maxQueued = 4096;                      ///< batches waiting for a thread; beyond, refused at once
    std::chrono::milliseconds cacheFreshness{60000};   ///< 0 disables the cache
    std::size_t cacheEntries = 100000;
    CircuitBreakerConfig breaker;
};

/// Counters since start, for /metrics and the benchmark.
struct FanOutCounters
{
    std::uint64_t searches = 0;
    std::uint64_t calls = 0;
    std::uint64_t lateAnswers = 0;   ///< answers that arrived after their search's deadline (dropped)
    std::uint64_t rejectedBatches = 0; ///< not sent: vendor bulkhead full or pool backlog full
    std::uint64_t cacheHits = 0;
};

/// The aggregator (INT_R01, INT_R04, SOS): groups targets by vendor, batches them (≤25 RPPS/ADELI, ≤10 SIRET),
/// sends every batch in parallel on a fixed thread pool over mutual TLS with keep-alive, and returns by one
/// deadline with the slots that arrived and a status per vendor. Late answers are dropped from the search and
/// counted (a good late answer still refreshes the cache). Per-vendor circuit breaker and bulkhead
/// (`maxInFlight`); answers cached per target for `cacheFreshness`.
class FanOutVendorClient final : public core::VendorClient
{
public:
    FanOutVendorClient(std::function<std::shared_ptr<const VendorRegistry>()> registry, FanOutConfig config,
                       const core::Clock& clock);
    ~FanOutVendorClient() override;

    core::VendorSearchResult search(const core::VendorSearchRequest& request) override;
    FanOutCounters counters() const;
    /// Each vendor's circuit, answers and failures since start-up (the operators' page).
    std::map<std::string, VendorHealth> health() const { return _breaker.health(); }

private:
    struct Vendor; // connection + in-flight count, built per registry definition
    struct Search;
    struct Batch;

    std::shared_ptr<Vendor> vendorFor(const VendorDefinition& definition);
    void runBatch(const std::shared_ptr<Search>& search, std::size_t batchIndex);

    std::function<std::shared_ptr<const VendorRegistry>()> _registry;
    FanOutConfig _config;
    const core::Clock& _clock;
    CircuitBreaker _breaker;
    AnswerCache _cache;
    std::mutex _vendorsMutex;
    std::map<std::string, std::shared_ptr<Vendor>> _vendors;
    std::atomic<std::uint64_t> _searches{0}, _calls{0}, _late{0}, _rejected{0}, _cacheHits{0};
    WorkerPool _pool; // last: its threads stop before the rest is destroyed
};

} // namespace sas::adapters::vendors
