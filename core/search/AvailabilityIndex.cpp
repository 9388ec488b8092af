#include "core/search/AvailabilityIndex.h"

#include "core/search/seededOrder.h"

#include <algorithm>
#include <cmath>

namespace sas::core
{

using namespace std::chrono;

namespace
{

constexpr double CELL_DEGREES = 0.1; // about 11 km of latitude
constexpr double RADIANS = 3.14159265358979323846 / 180.0;

void eraseValue(std::vector<std::uint32_t>& values, std::uint32_t value)
{
    values.erase(std::remove(values.begin(), values.end(), value), values.end());
}

} // namespace

IndexedSlot toIndexedSlot(const SlotOccurrence& occurrence)
{
    IndexedSlot slot;
    slot.ruleId = occurrence.ruleId;
    slot.startMinute = static_cast<std::int32_t>(floor<minutes>(occurrence.start).time_since_epoch().count());
    slot.localDay = static_cast<std::int32_t>(occurrence.date.time_since_epoch().count());
    slot.durationMinutes =
        static_cast<std::uint16_t>(std::clamp<long>(duration_cast<minutes>(occurrence.end - occurrence.start).count(), 0, 65535));
    slot.capacity = static_cast<std::uint16_t>(std::clamp(occurrence.capacity, 0, 65535));
    slot.booked = static_cast<std::uint16_t>(std::clamp(occurrence.booked, 0, 65535));
    slot.modalities = occurrence.modalities;
    slot.flags = occurrence.plage ? IndexedSlot::PLAGE : 0;
    return slot;
}

std::int64_t AvailabilityIndex::cellOf(const GeoPoint& point)
{
    const auto lat = static_cast<std::int64_t>(std::floor(point.latitude / CELL_DEGREES)) + 2000;
    const auto lon = static_cast<std::int64_t>(std::floor(point.longitude / CELL_DEGREES)) + 4000;
    return lat * 10000 + lon;
}

void AvailabilityIndex::upsertPlace(PlaceProfile profile)
{
    std::unique_lock lock(_mutex);
    std::uint32_t index;
    if (auto it = _byPlace.find(profile.placeId); it != _byPlace.end())
    {
        index = it->second;
        Entry& entry = _entries[index];
        eraseValue(_grid[cellOf(entry.profile.location)], index);
        eraseValue(_byPractitioner[entry.profile.practitionerId], index);
        entry.profile = std::move(profile);
    }
    else
    {
        if (!_free.empty())
        {
            index = _free.back();
            _free.pop_back();
        }
        else
        {
            index = static_cast<std::uint32_t>(_entries.size());
            _entries.emplace_back();
        }
        _entries[index] = Entry{std::move(profile), {}, {}, true};
        _byPlace[_entries[index].profile.placeId] = index;
    }
    Entry& entry = _entries[index];
    entry.idHash = keyHash(entry.profile.placeId);
    entry.cosLatitude = std::cos(entry.profile.location.latitude * RADIANS);
    _grid[cellOf(entry.profile.location)].push_back(index);
    _byPractitioner[entry.profile.practitionerId].push_back(index);
}

void AvailabilityIndex::removePlace(const std::string& placeId)
{
    std::unique_lock lock(_mutex);
    auto it = _byPlace.find(placeId);
    if (it == _byPlace.end())
        return;
    const std::uint32_t index = it->second;
    Entry& entry = _entries[index];
    eraseValue(_grid[cellOf(entry.profile.location)], index);
    eraseValue(_byPractitioner[entry.profile.practitionerId], index);
    entry = Entry{};
    _byPlace.erase(it);
    _free.push_back(index);
}

void AvailabilityIndex::replaceSlots(const std::string& placeId, std::vector<IndexedSlot> slots,
                                     std::vector<PushedSlot> pushed)
{
    std::sort(slots.begin(), slots.end(), [](const IndexedSlot& a, const IndexedSlot& b) {
        return a.startMinute != b.startMinute ? a.startMinute < b.startMinute : a.ruleId < b.ruleId;
    });
    slots.shrink_to_fit();
    std::unique_lock lock(_mutex);
    if (auto it = _byPlace.find(placeId); it != _byPlace.end())
    {
        _entries[it->second].slots = std::move(slots);
        _entries[it->second].pushed = std::move(pushed);
    }
}

bool AvailabilityIndex::setBooked(const std::string& placeId, std::int64_t ruleId, std::int32_t localDay, int booked)
{
    std::unique_lock lock(_mutex);
    auto it = _byPlace.find(placeId);
    if (it == _byPlace.end())
        return false;
    for (IndexedSlot& slot : _entries[it->second].slots)
        if (slot.ruleId == ruleId && slot.localDay == localDay && !(slot.flags & IndexedSlot::VENDOR))
        {
            slot.booked = static_cast<std::uint16_t>(std::clamp(booked, 0, 65535));
            return true;
        }
    return false;
}

void AvailabilityIndex::placesWithin(const GeoPoint& centre, double radiusKm, std::vector<Nearby>& out) const
{
    const double latSpan = radiusKm / 111.0;
    const double centreCos = std::cos(centre.latitude * RADIANS);
    const double cosLat = std::max(0.01, centreCos);
    const double lonSpan = std::min(180.0, radiusKm / (111.32 * cosLat));
    const auto cell = [](double degrees) { return static_cast<std::int64_t>(std::floor(degrees / CELL_DEGREES)); };
    for (std::int64_t lat = cell(centre.latitude - latSpan); lat <= cell(centre.latitude + latSpan); ++lat)
        for (std::int64_t lon = cell(centre.longitude - lonSpan); lon <= cell(centre.longitude + lonSpan); ++lon)
        {
            auto it = _grid.find((lat + 2000) * 10000 + lon + 4000);
            if (it == _grid.end())
                continue;
            for (std::uint32_t index : it->second)
            {
                // Haversine with both cosines known: the same great-circle distance as distanceKm.
                const Entry& entry = _entries[index];
                const double dLat = (entry.profile.location.latitude - centre.latitude) * RADIANS;
                const double dLon = (entry.profile.location.longitude - centre.longitude) * RADIANS;
                const double sinLat = std::sin(dLat / 2), sinLon = std::sin(dLon / 2);
                const double h = sinLat * sinLat + centreCos * entry.cosLatitude * sinLon * sinLon;
                const double km = 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
                if (km <= radiusKm)
                    out.push_back({index, km});
            }
        }
}

std::vector<std::uint32_t> AvailabilityIndex::placesOf(const std::string& practitionerId) const
{
    auto it = _byPractitioner.find(practitionerId);
    return it == _byPractitioner.end() ? std::vector<std::uint32_t>{} : it->second;
}

const AvailabilityIndex::Entry* AvailabilityIndex::find(const std::string& placeId) const
{
    auto it = _byPlace.find(placeId);
    return it == _byPlace.end() ? nullptr : &_entries[it->second];
}

std::size_t AvailabilityIndex::placeCount() const
{
    std::shared_lock lock(_mutex);
    return _byPlace.size();
}

std::size_t AvailabilityIndex::slotCount() const
{
    std::shared_lock lock(_mutex);
    std::size_t count = 0;
    for (const Entry& entry : _entries)
        count += entry.slots.size();
    return count;
}

std::size_t AvailabilityIndex::memoryBytes() const
{
    std::shared_lock lock(_mutex);
    std::size_t bytes = _entries.capacity() * sizeof(Entry);
    for (const Entry& entry : _entries)
    {
        bytes += entry.slots.capacity() * sizeof(IndexedSlot) + entry.pushed.capacity() * sizeof(PushedSlot);
        const PlaceProfile& p = entry.profile;
        for (const std::string* s : {&p.placeId, &p.practitionerId, &p.displayName, &p.address, &p.departement, &p.inseeCode, &p.cptsFiness, &p.postcode})
            bytes += s->capacity() > 15 ? s->capacity() + 1 : 0; // beyond the small-string buffer
        bytes += (p.specialties.capacity() + p.vendorIds.capacity()) * sizeof(std::string);
    }
    // Hash tables: one node per element (key, value, next pointer) plus the bucket array.
    bytes += _byPlace.size() * (sizeof(std::string) + 16 + 8) + _byPlace.bucket_count() * 8;
    for (const auto& [key, values] : _byPractitioner)
        bytes += sizeof(std::string) + 32 + values.capacity() * 4;
    bytes += _byPractitioner.bucket_count() * 8;
    for (const auto& [key, values] : _grid)
        bytes += 48 + values.capacity() * 4;
    bytes += _grid.bucket_count() * 8;
    return bytes;
}

} // namespace sas::core
