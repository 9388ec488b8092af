#pragma once

#include "core/model/Agenda.h"
#include "core/model/GeoPoint.h"
#include "core/time/ZoneRules.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sas::core
{

/// What search needs to know about a place, denormalised from the directory and the
/// participation settings so a search touches nothing else.
struct PlaceProfile
{
    std::string placeId;
    std::string practitionerId;
    std::string displayName; ///< "Dr Claire Martin", for cards
    std::string address;     ///< one line, for cards
    GeoPoint location;
    std::string departement;
    std::string inseeCode;
    std::vector<std::string> specialties; ///< JDV_J239 codes
    bool participates = false;            ///< takes part in the SAS
    bool acceptsEnSus = false;            ///< takes patients beyond their slots
    std::string cptsFiness;               ///< the CPTS this place is attached to, when participating via one
    std::string postcode;                 ///< to attribute a vendor slot to one of a practitioner's places
    std::vector<std::string> vendorIds;   ///< vendors to ask for this place's slots; empty when refused or none
    bool unavailableIndefinitely = false; ///< "dès maintenant, pour une durée indéterminée"
    std::vector<std::pair<std::int32_t, std::int32_t>> awayMinutes; ///< unavailability periods, UTC minutes [from, to)
    std::shared_ptr<const ZoneRules> zone;

    /// Whether the practitioner is away at `minute` (UTC minutes since the epoch).
    bool awayAt(std::int32_t minute) const
    {
        if (unavailableIndefinitely)
            return true;
        for (const auto& [from, to] : awayMinutes)
            if (minute >= from && minute < to)
                return true;
        return false;
    }
};

/// One bookable occurrence, packed: 24 bytes.
struct IndexedSlot
{
    static constexpr std::uint8_t PLAGE = 1;
    static constexpr std::uint8_t VENDOR = 2;

    std::int64_t ruleId = 0;        ///< agenda rule; for a pushed vendor slot, its position in Entry::pushed
    std::int32_t startMinute = 0;   ///< minutes since the Unix epoch, UTC
    std::int32_t localDay = 0;      ///< the occurrence's date in the place's zone, days since the epoch
    std::uint16_t durationMinutes = 0;
    std::uint16_t capacity = 1;
    std::uint16_t booked = 0;
    std::uint8_t modalities = 0;
    std::uint8_t flags = 0;

    std::chrono::sys_seconds start() const { return std::chrono::sys_seconds{std::chrono::minutes{startMinute}}; }
    std::chrono::sys_seconds end() const { return start() + std::chrono::minutes{durationMinutes}; }
    bool plage() const { return (flags & PLAGE) != 0; }
    int remaining() const { return int(capacity) - int(booked); }
};

IndexedSlot toIndexedSlot(const SlotOccurrence& occurrence);

/// Free slots by place (time) and places by grid cell (space), in memory, for the search engine.
/// Many readers, one writer at a time: searches hold a shared lock for their whole duration so a
/// search sees one consistent state.
class AvailabilityIndex
{
public:
    struct Entry
    {
        PlaceProfile profile;
        std::vector<IndexedSlot> slots; ///< sorted by start
        std::vector<PushedSlot> pushed; ///< what the cards show of the VENDOR slots (only places with pushed slots pay)
        bool live = false;
        std::uint64_t idHash = 0;  ///< of placeId, for seeded orders without rehashing per search
        double cosLatitude = 1;    ///< for distances without a cosine per search
    };

    /// A place found within a radius, with its great-circle distance.
    struct Nearby
    {
        std::uint32_t index = 0;
        double distanceKm = 0;
    };

    /// Adds or replaces a place's profile (its slots are kept).
    void upsertPlace(PlaceProfile profile);
    void removePlace(const std::string& placeId);
    /// Replaces all slots of a place (after an agenda write or a window roll). Ignored for an
    /// unknown place.
    /// `pushed` holds the details of the slots flagged VENDOR, whose ruleId is their position in it.
    void replaceSlots(const std::string& placeId, std::vector<IndexedSlot> slots, std::vector<PushedSlot> pushed = {});
    /// Sets the booked count of one occurrence; false when the index does not hold it.
    bool setBooked(const std::string& placeId, std::int64_t ruleId, std::int32_t localDay, int booked);

    /// Runs `read` under the shared lock; the accessors below require it.
    template <typename F>
    auto read(F&& read) const
    {
        std::shared_lock lock(_mutex);
        return read();
    }

    /// Entries whose place lies within `radiusKm` of `centre`, with their distance (appended).
    /// Needs the lock.
    void placesWithin(const GeoPoint& centre, double radiusKm, std::vector<Nearby>& out) const;
    /// Entries of one practitioner. Needs the lock.
    std::vector<std::uint32_t> placesOf(const std::string& practitionerId) const;
    const Entry& entry(std::uint32_t index) const { return _entries[index]; }
    const Entry* find(const std::string& placeId) const;

    std::size_t placeCount() const;
    std::size_t slotCount() const;
    /// Bytes held by the index's containers (not counting the shared time-zone rules).
    std::size_t memoryBytes() const;

private:
    static std::int64_t cellOf(const GeoPoint& point);

    mutable std::shared_mutex _mutex;
    std::vector<Entry> _entries;
    std::vector<std::uint32_t> _free;
    std::unordered_map<std::string, std::uint32_t> _byPlace;
    std::unordered_map<std::string, std::vector<std::uint32_t>> _byPractitioner;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> _grid;
};

} // namespace sas::core
