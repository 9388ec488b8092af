#include "adapters/vendors/AnswerCache.h"

namespace sas::adapters::vendors
{

std::optional<std::vector<core::VendorSlot>> AnswerCache::find(const std::string& vendorId, core::VendorFlow flow,
                                                               const std::string& target,
                                                               std::chrono::system_clock::time_point windowStart,
                                                               std::chrono::system_clock::time_point windowEnd) const
{
    if (_freshness.count() <= 0)
        return std::nullopt;
    std::lock_guard lock(_mutex);
    auto found = _entries.find(Key{vendorId, flow, target});
    if (found == _entries.end())
        return std::nullopt;
    const Entry& entry = found->second;
    if (_clock.now() - entry.fetchedAt >= _freshness || windowStart < entry.windowStart || windowEnd > entry.windowEnd)
        return std::nullopt;
    std::vector<core::VendorSlot> slots;
    for (const auto& slot : entry.slots)
        if (slot.start >= windowStart && slot.start <= windowEnd)
            slots.push_back(slot);
    return slots;
}

void AnswerCache::store(const std::string& vendorId, core::VendorFlow flow, const std::string& target,
                        std::chrono::system_clock::time_point windowStart,
                        std::chrono::system_clock::time_point windowEnd, std::vector<core::VendorSlot> slots)
{
    if (_freshness.count() <= 0 || _maxEntries == 0)
        return;
    const auto now = _clock.now();
    std::lock_guard lock(_mutex);
    if (_entries.size() >= _maxEntries)
    {
        std::erase_if(_entries, [&](const auto& item) { return now - item.second.fetchedAt >= _freshness; });
        if (_entries.size() >= _maxEntries)
            _entries.clear();
    }
    _entries[Key{vendorId, flow, target}] = Entry{now, windowStart, windowEnd, std::move(slots)};
}

std::size_t AnswerCache::size() const
{
    std::lock_guard lock(_mutex);
    return _entries.size();
}

} // namespace sas::adapters::vendors
