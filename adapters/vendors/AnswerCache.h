#pragma once

#include "core/Clock.h"
#include "core/model/VendorSlot.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace sas::adapters::vendors
{

/// A short-lived cache of vendor answers per target (vendor, flow, prefixed identifier), so repeated searches in
/// one area do not hammer vendors. An entry is fresh for `freshness` after it was fetched (injected clock) and
/// serves a window it covers; its slots are filtered to the asked window. Size-bounded: expired entries go first,
/// then the whole cache when still full.
class AnswerCache
{
public:
    AnswerCache(std::chrono::milliseconds freshness, std::size_t maxEntries, const core::Clock& clock)
        : _freshness(freshness), _maxEntries(maxEntries), _clock(clock) {}

    std::optional<std::vector<core::VendorSlot>> find(const std::string& vendorId, core::VendorFlow flow,
                                                      const std::string& target,
                                                      std::chrono::system_clock::time_point windowStart,
                                                      std::chrono::system_clock::time_point windowEnd) const;
    void store(const std::string& vendorId, core::VendorFlow flow, const std::string& target,
               std::chrono::system_clock::time_point windowStart, std::chrono::system_clock::time_point windowEnd,
               std::vector<core::VendorSlot> slots);
    std::size_t size() const;

private:
    using Key = std::tuple<std::string, core::VendorFlow, std::string>;
    struct Entry
    {
        std::chrono::system_clock::time_point fetchedAt;
        std::chrono::system_clock::time_point windowStart;
        std::chrono::system_clock::time_point windowEnd;
        std::vector<core::VendorSlot> slots;
    };

    std::chrono::milliseconds _freshness;
    std::size_t _maxEntries;
    const core::Clock& _clock;
    mutable std::mutex _mutex;
    std::map<Key, Entry> _entries;
};

} // namespace sas::adapters::vendors
