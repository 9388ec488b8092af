#include "adapters/postgres/SlotSearchCache.h"

namespace sas::adapters::postgres
{
namespace
{

/// Past this many remembered invalidations the oldest are forgotten at once, and every load older than that point
/// refused: the map stays bounded and no load can miss an invalidation it raced with.
constexpr std::size_t MAX_REMEMBERED_INVALIDATIONS = 100000;
/// Chain resolutions are small; past this many the map starts again.
constexpr std::size_t MAX_RESOLUTIONS = 50000;
/// Hash-map node, list node, key and shared_ptr control blocks: a rough, deliberately generous figure.
constexpr std::size_t ENTRY_OVERHEAD = 160;

std::string scheduleKey(const std::string& id) { return "S" + id; }
std::string resourceKey(const std::string& type, const std::string& id) { return "R" + type + "/" + id; }

std::size_t sizeOf(const fhir::store::StoredResource& resource)
{
    return ENTRY_OVERHEAD + resource.json.size() + resource.id.size() + resource.type.size() +
           resource.lastUpdated.size();
}

std::size_t sizeOf(const SlotSearchCache::Schedule& schedule)
{
    std::size_t bytes = ENTRY_OVERHEAD + (schedule.schedule ? sizeOf(*schedule.schedule) : 0);
    for (const auto& actor : schedule.actors)
        bytes += 64 + actor.first.size() + actor.second.size();
    for (const auto& slot : schedule.slots)
        bytes += sizeOf(slot.resource) + slot.statusSystem.size() + slot.statusCode.size() + 64 /* slot map */;
    return bytes;
}

} // namespace

SlotSearchCache::SlotSearchCache(std::size_t byteBudget) : _budget(byteBudget) { }

SlotSearchCache::Generation SlotSearchCache::generation() const
{
    std::lock_guard lock(_mutex);
    return _generation;
}

std::optional<std::vector<std::string>> SlotSearchCache::scheduleIds(const std::string& criterionKey)
{
    std::lock_guard lock(_mutex);
    auto found = _resolutions.find(criterionKey);
    if (found == _resolutions.end())
        return std::nullopt;
    return found->second;
}

void SlotSearchCache::putScheduleIds(const std::string& criterionKey, std::vector<std::string> ids,
                                     Generation loadedAt)
{
    std::lock_guard lock(_mutex);
    if (_budget == 0 || loadedAt < _floor || loadedAt < _resolutionsChangedAt)
        return;
    if (_resolutions.size() >= MAX_RESOLUTIONS)
        _resolutions.clear();
    _resolutions[criterionKey] = std::move(ids);
}

std::shared_ptr<const SlotSearchCache::Schedule> SlotSearchCache::schedule(const std::string& id)
{
    std::lock_guard lock(_mutex);
    auto found = _held.find(scheduleKey(id));
    if (found == _held.end())
        return nullptr;
    touchLocked(found->second);
    return found->second.schedule;
}

void SlotSearchCache::putSchedule(const std::string& id, std::shared_ptr<const Schedule> schedule, Generation loadedAt)
{
    if (!schedule || schedule->slots.size() > MAX_SLOTS_PER_SCHEDULE)
        return;
    Held held;
    held.bytes = sizeOf(*schedule);
    held.schedule = std::move(schedule);
    std::lock_guard lock(_mutex);
    putLocked(scheduleKey(id), std::move(held), loadedAt);
}

std::optional<std::shared_ptr<const fhir::store::StoredResource>> SlotSearchCache::resource(const std::string& type,
                                                                                           const std::string& id)
{
    std::lock_guard lock(_mutex);
    auto found = _held.find(resourceKey(type, id));
    if (found == _held.end())
        return std::nullopt;
    touchLocked(found->second);
    return found->second.resource;
}

void SlotSearchCache::putResource(const std::string& type, const std::string& id,
                                  std::shared_ptr<const fhir::store::StoredResource> resource, Generation loadedAt)
{
    Held held;
    held.absent = !resource;
    held.bytes = resource ? sizeOf(*resource) : ENTRY_OVERHEAD;
    held.resource = std::move(resource);
    std::lock_guard lock(_mutex);
    putLocked(resourceKey(type, id), std::move(held), loadedAt);
}

void SlotSearchCache::slotChanged(const std::string& slotId, const std::string& scheduleId)
{
    std::lock_guard lock(_mutex);
    ++_generation;
    if (auto before = _scheduleOfSlot.find(slotId); before != _scheduleOfSlot.end())
        invalidateLocked(scheduleKey(before->second)); // the Slot may have moved away from it
    if (!scheduleId.empty())
        invalidateLocked(scheduleKey(scheduleId));
}

void SlotSearchCache::slotsOfScheduleChanged(const std::string& scheduleId)
{
    std::lock_guard lock(_mutex);
    ++_generation;
    invalidateLocked(scheduleKey(scheduleId));
}

void SlotSearchCache::resourceChanged(const std::string& type, const std::string& id)
{
    std::lock_guard lock(_mutex);
    ++_generation;
    invalidateLocked(resourceKey(type, id));
    if (type == "Schedule")
        invalidateLocked(scheduleKey(id));
    _resolutions.clear();
    _resolutionsChangedAt = _generation;
}

void SlotSearchCache::clear()
{
    std::lock_guard lock(_mutex);
    ++_generation;
    _floor = _generation;
    _resolutionsChangedAt = _generation;
    _invalidatedAt.clear();
    _held.clear();
    _resolutions.clear();
    _scheduleOfSlot.clear();
    _recent.clear();
    _bytes = 0;
}

std::size_t SlotSearchCache::bytes() const
{
    std::lock_guard lock(_mutex);
    return _bytes;
}

bool SlotSearchCache::refusedLocked(const std::string& key, Generation loadedAt) const
{
    if (loadedAt < _floor)
        return true;
    auto invalidated = _invalidatedAt.find(key);
    return invalidated != _invalidatedAt.end() && invalidated->second > loadedAt;
}

void SlotSearchCache::invalidateLocked(const std::string& key)
{
    if (_invalidatedAt.size() >= MAX_REMEMBERED_INVALIDATIONS)
    {
        _invalidatedAt.clear();
        _floor = _generation;
    }
    _invalidatedAt[key] = _generation;
    if (auto found = _held.find(key); found != _held.end())
        eraseLocked(found);
}

void SlotSearchCache::putLocked(const std::string& key, Held held, Generation loadedAt)
{
    if (held.bytes > _budget || refusedLocked(key, loadedAt))
        return;
    if (auto existing = _held.find(key); existing != _held.end())
        eraseLocked(existing);
    while (_bytes + held.bytes > _budget && !_recent.empty())
        eraseLocked(_held.find(_recent.back()));
    if (held.schedule)
    {
        const std::string scheduleId = key.substr(1);
        for (const Slot& slot : held.schedule->slots)
            _scheduleOfSlot[slot.resource.id] = scheduleId;
    }
    _recent.push_front(key);
    held.recent = _recent.begin();
    _bytes += held.bytes;
    _held.emplace(key, std::move(held));
}

void SlotSearchCache::touchLocked(Held& held)
{
    _recent.splice(_recent.begin(), _recent, held.recent);
}

void SlotSearchCache::eraseLocked(std::unordered_map<std::string, Held>::iterator held)
{
    if (held->second.schedule)
        for (const Slot& slot : held->second.schedule->slots)
            _scheduleOfSlot.erase(slot.resource.id);
    _bytes -= held->second.bytes;
    _recent.erase(held->second.recent);
    _held.erase(held);
}

} // namespace sas::adapters::postgres
