#include "adapters/vendors/FanOutVendorClient.h"

#include "adapters/vendors/parseVendorAnswer.h"
#include "adapters/vendors/prefixedIdentifier.h"
#include "adapters/vendors/searchRequestTarget.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <condition_variable>
#include <set>

namespace sas::adapters::vendors
{

struct FanOutVendorClient::Vendor
{
    std::string fingerprint;
    std::unique_ptr<VendorConnection> connection;
    std::string setupError; ///< why no connection could be made (unreadable certificate…)
    std::atomic<int> inFlight{0};
    int maxInFlight = 8;
    std::chrono::milliseconds requestTimeout{7000};
};

struct FanOutVendorClient::Batch
{
    std::string vendorId;
    core::VendorFlow flow = core::VendorFlow::PractitionerIndividual;
    std::vector<std::string> identifiers;
    std::shared_ptr<Vendor> vendor;
    // Filled by the worker under Search::mutex:
    bool done = false;
    core::VendorStatus status = core::VendorStatus::Ok;
    std::vector<core::VendorSlot> slots;
    int dropped = 0;
    std::vector<std::string> problems;
};

struct FanOutVendorClient::Search
{
    std::mutex mutex;
    std::condition_variable finished;
    std::vector<Batch> batches;
    std::size_t pending = 0;
    bool closed = false; ///< the caller returned: later answers are late
    std::chrono::steady_clock::time_point deadline;
    std::chrono::system_clock::time_point windowStart;
    std::chrono::system_clock::time_point windowEnd;
};

namespace
{

std::string fingerprintOf(const VendorDefinition& vendor)
{
    return vendor.baseUrl + '\n' + vendor.tls.certificateFile + '\n' + vendor.tls.privateKeyFile + '\n' +
           vendor.tls.caFile + '\n' + vendor.tls.serverName + '\n' + std::to_string(vendor.connectTimeout.count());
}

/// The worse of two statuses for a vendor's summary: error > timeout > non-conformant > ok.
int severity(core::VendorStatus status)
{
    switch (status)
    {
    case core::VendorStatus::Ok:
        return 0;
    case core::VendorStatus::NonConformant:
        return 1;
    case core::VendorStatus::Timeout:
        return 2;
    case core::VendorStatus::CircuitOpen:
        return 3;
    case core::VendorStatus::Error:
        return 4;
    }
    return 4;
}

void worsen(core::VendorOutcome& outcome, core::VendorStatus status)
{
    if (severity(status) > severity(outcome.status))
        outcome.status = status;
}

} // namespace

FanOutVendorClient::FanOutVendorClient(std::function<std::shared_ptr<const VendorRegistry>()> registry,
                                       FanOutConfig config, const core::Clock& clock)
    : _registry(std::move(registry)), _config(config), _clock(clock), _breaker(config.breaker, clock),
      _cache(config.cacheFreshness, config.cacheEntries, clock), _pool(config.threads, config.maxQueued)
{
}

FanOutVendorClient::~FanOutVendorClient() = default;

FanOutCounters FanOutVendorClient::counters() const
{
    return {_searches.load(), _calls.load(), _late.load(), _rejected.load(), _cacheHits.load()};
}

std::shared_ptr<FanOutVendorClient::Vendor> FanOutVendorClient::vendorFor(const VendorDefinition& definition)
{
    const std::string fingerprint = fingerprintOf(definition);
    std::lock_guard lock(_vendorsMutex);
    auto& slot = _vendors[definition.id];
    if (!slot || slot->fingerprint != fingerprint)
    {
        auto vendor = std::make_shared<Vendor>();
        vendor->fingerprint = fingerprint;
        try
        {
            vendor->connection = std::make_unique<VendorConnection>(definition);
        }
        catch (const Poco::Exception& e)
        {
            vendor->setupError = "TLS set-up failed: " + e.displayText();
        }
        slot = vendor;
    }
    slot->maxInFlight = definition.maxInFlight;
    slot->requestTimeout = definition.requestTimeout;
    return slot;
}

core::VendorSearchResult FanOutVendorClient::search(const core::VendorSearchRequest& request)
{
    ++_searches;
    const auto started = std::chrono::steady_clock::now();
    auto deadline = _config.deadline;
    if (request.deadline && *request.deadline < deadline)
        deadline = std::max(std::chrono::milliseconds(0), *request.deadline);

    core::VendorSearchResult result;
    const auto registry = _registry();
    auto search = std::make_shared<Search>();
    search->deadline = started + deadline;
    search->windowStart = request.windowStart;
    search->windowEnd = request.windowEnd;

    // Group by vendor (first-seen order), then by flow; normalise identifiers; serve what the cache holds.
    std::map<std::string, std::size_t> outcomeIndex;
    std::map<std::pair<std::string, core::VendorFlow>, std::vector<std::string>> toFetch;
    std::vector<std::pair<std::string, core::VendorFlow>> fetchOrder;
    std::set<std::tuple<std::string, core::VendorFlow, std::string>> seen;
    for (const auto& target : request.targets)
    {
        auto [position, added] = outcomeIndex.emplace(target.vendorId, result.vendors.size());
        if (added)
        {
            core::VendorOutcome fresh;
            fresh.vendorId = target.vendorId;
            result.vendors.push_back(std::move(fresh));
        }
        core::VendorOutcome& outcome = result.vendors[position->second];

        const VendorDefinition* definition = registry ? registry->find(target.vendorId) : nullptr;
        if (!definition || !definition->enabled)
        {
            if (outcome.problems.empty())
                outcome.problems.push_back(definition ? "vendor is disabled" : "vendor unknown to the registry");
            worsen(outcome, core::VendorStatus::Error);
            continue;
        }
        if (!definition->supports(target.flow))
        {
            outcome.problems.push_back(std::string("vendor does not support the ") + core::toString(target.flow) + " flow");
            worsen(outcome, core::VendorStatus::Error);
            continue;
        }
        const auto prefixed = target.flow == core::VendorFlow::Sos ? prefixedSiret(target.identifier)
                                                                   : prefixedPractitionerId(target.identifier);
        if (!prefixed)
        {
            outcome.problems.push_back(std::string("not a valid ") +
                                       (target.flow == core::VendorFlow::Sos ? "SIRET" : "RPPS/ADELI") + ": '" +
                                       target.identifier + "'");
            continue;
        }
        if (!seen.emplace(target.vendorId, target.flow, *prefixed).second)
            continue;
        if (auto cached = _cache.find(target.vendorId, target.flow, *prefixed, request.windowStart, request.windowEnd))
        {
            ++_cacheHits;
            ++outcome.cachedTargets;
            outcome.slots += static_cast<int>(cached->size());
            std::move(cached->begin(), cached->end(), std::back_inserter(result.slots));
            continue;
        }
        auto key = std::make_pair(target.vendorId, target.flow);
        auto& list = toFetch[key];
        if (list.empty())
            fetchOrder.push_back(key);
        list.push_back(*prefixed);
    }

    for (const auto& key : fetchOrder)
    {
        const auto& [vendorId, flow] = key;
        core::VendorOutcome& outcome = result.vendors[outcomeIndex[vendorId]];
        if (!_breaker.allow(vendorId))
        {
            worsen(outcome, core::VendorStatus::CircuitOpen);
            if (std::find(outcome.problems.begin(), outcome.problems.end(), "circuit open: not called") ==
                outcome.problems.end())
                outcome.problems.emplace_back("circuit open: not called");
            continue;
        }
        auto vendor = vendorFor(*registry->find(vendorId));
        const auto& identifiers = toFetch[key];
        const std::size_t size = maxIdentifiersPerRequest(flow);
        for (std::size_t begin = 0; begin < identifiers.size(); begin += size)
        {
            Batch batch;
            batch.vendorId = vendorId;
            batch.flow = flow;
            batch.vendor = vendor;
            batch.identifiers.assign(identifiers.begin() + static_cast<std::ptrdiff_t>(begin),
                                     identifiers.begin() + static_cast<std::ptrdiff_t>(std::min(begin + size, identifiers.size())));
            search->batches.push_back(std::move(batch));
            ++outcome.batches;
        }
    }

    // Send every batch; the workers fill them in under the search's mutex.
    {
        std::lock_guard lock(search->mutex);
        search->pending = search->batches.size();
    }
    for (std::size_t i = 0; i < search->batches.size(); ++i)
    {
        if (!_pool.submit([this, search, i] { runBatch(search, i); }))
        {
            ++_rejected;
            std::lock_guard lock(search->mutex);
            Batch& batch = search->batches[i];
            batch.done = true;
            batch.status = core::VendorStatus::Error;
            batch.problems.emplace_back("not sent: the fan-out backlog is full");
            --search->pending;
        }
    }

    std::unique_lock lock(search->mutex);
    search->finished.wait_until(lock, search->deadline, [&] { return search->pending == 0; });
    search->closed = true;
    for (auto& batch : search->batches)
    {
        core::VendorOutcome& outcome = result.vendors[outcomeIndex[batch.vendorId]];
        if (!batch.done)
        {
            worsen(outcome, core::VendorStatus::Timeout);
            outcome.problems.push_back("no answer within the " + std::to_string(deadline.count()) + " ms deadline (" +
                                       std::to_string(batch.identifiers.size()) + " identifiers)");
            continue;
        }
        worsen(outcome, batch.status);
        outcome.slots += static_cast<int>(batch.slots.size());
        outcome.droppedSlots += batch.dropped;
        for (auto& problem : batch.problems)
            if (outcome.problems.size() < 50)
                outcome.problems.push_back(std::move(problem));
        std::move(batch.slots.begin(), batch.slots.end(), std::back_inserter(result.slots));
    }
    return result;
}

void FanOutVendorClient::runBatch(const std::shared_ptr<Search>& search, std::size_t batchIndex)
{
    // The batch's inputs are written before submit() and never changed after: read them without the lock.
    const Batch& input = search->batches[batchIndex];
    core::VendorStatus status = core::VendorStatus::Ok;
    std::vector<core::VendorSlot> slots;
    std::vector<std::string> problems;
    int dropped = 0;
    bool breakerFailure = false;
    bool breakerSuccess = false;
    std::map<std::string, std::vector<core::VendorSlot>> byTarget;

    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(search->deadline - std::chrono::steady_clock::now());
    Vendor& vendor = *input.vendor;
    if (remaining.count() <= 0)
    {
        status = core::VendorStatus::Timeout;
        problems.emplace_back("not sent: the deadline passed while it waited for a thread");
    }
    else if (!vendor.connection)
    {
        status = core::VendorStatus::Error;
        problems.push_back(vendor.setupError);
    }
    else if (vendor.inFlight.fetch_add(1) >= vendor.maxInFlight)
    {
        vendor.inFlight.fetch_sub(1);
        ++_rejected;
        status = core::VendorStatus::Error;
        problems.push_back("not sent: " + std::to_string(vendor.maxInFlight) + " calls already in flight to this vendor");
    }
    else
    {
        ++_calls;
        const auto timeout = std::min(remaining, vendor.requestTimeout);
        VendorHttpRequest request;
        request.target = searchRequestTarget(input.flow, input.identifiers, search->windowStart, search->windowEnd);
        auto response = vendor.connection->send(request, timeout);
        vendor.inFlight.fetch_sub(1);
        if (!response)
        {
            breakerFailure = true;
            status = response.error().code == core::ErrorCode::UpstreamTimeout ? core::VendorStatus::Timeout
                                                                               : core::VendorStatus::Error;
            problems.push_back(response.error().message);
        }
        else if (response->status != 200)
        {
            breakerFailure = response->status >= 500;
            breakerSuccess = !breakerFailure;
            status = core::VendorStatus::Error;
            problems.push_back("HTTP " + std::to_string(response->status) + " from the vendor");
        }
        else
        {
            AnswerContext context{input.vendorId, input.flow,
                                  std::set<std::string>(input.identifiers.begin(), input.identifiers.end()),
                                  search->windowStart, search->windowEnd};
            VendorAnswer answer = parseVendorAnswer(response->body, context);
            if (!answer.readable)
            {
                breakerFailure = true;
                status = core::VendorStatus::NonConformant;
                problems.push_back(answer.fatal);
            }
            else
            {
                breakerSuccess = true;
                dropped = answer.droppedSlots;
                if (dropped > 0)
                    status = core::VendorStatus::NonConformant;
                problems = std::move(answer.problems);
                for (const auto& identifier : input.identifiers)
                    byTarget[identifier];
                for (const auto& slot : answer.slots)
                    byTarget[slot.target].push_back(slot);
                slots = std::move(answer.slots);
            }
        }
    }

    if (breakerFailure)
        _breaker.recordFailure(input.vendorId);
    else if (breakerSuccess)
        _breaker.recordSuccess(input.vendorId);
    for (auto& [target, targetSlots] : byTarget)
        _cache.store(input.vendorId, input.flow, target, search->windowStart, search->windowEnd, std::move(targetSlots));

    std::lock_guard lock(search->mutex);
    if (search->closed)
    {
        ++_late;
        return;
    }
    Batch& batch = search->batches[batchIndex];
    batch.done = true;
    batch.status = status;
    batch.slots = std::move(slots);
    batch.dropped = dropped;
    batch.problems = std::move(problems);
    if (--search->pending == 0)
        search->finished.notify_all();
}

} // namespace sas::adapters::vendors
