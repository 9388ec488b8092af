#pragma once

#include "fhir/search/DateRange.h"
#include "fhir/store/ResourceStore.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sas::adapters::postgres
{

/// What the IG's INT_R01 search reads, kept in memory between searches (PgCachedSlotSearch): for a Schedule, its
/// body, its actors and every live Slot that names it (from slot_availability); the bodies of the actors; and which
/// Schedules a chained criterion (`schedule.actor:Practitioner.identifier=…`) resolves to.
///
/// Staleness is bounded by invalidation, not by time: every change to a Slot, a Schedule or anything a chain or an
/// include can read is announced (this node's write hook right after its commit, every node through the
/// sas_resource NOTIFY of migration 0014) and drops what it touches. A load that read the database before an
/// invalidation it could have missed is refused: each put carries the generation read before its statements, and
/// a key invalidated after that generation is not stored (the loaded answer is still used once).
/// Bounded by bytes (bodies and overhead), least recently used out first. Thread-safe.
class SlotSearchCache
{
public:
    using Generation = std::uint64_t;

    struct Slot
    {
        fhir::search::Micros low = 0;  ///< Slot.start as [low, high), as slot_availability holds it
        fhir::search::Micros high = 0;
        bool hasStart = false;         ///< false: no start, so no date criterion matches
        std::string statusSystem;
        std::string statusCode;
        bool hasStatus = false;
        fhir::store::StoredResource resource;
    };

    /// A Schedule as INT_R01 reads it. `schedule` is null when no live Schedule has that id (Slots may still name
    /// it). Slots are in id order.
    struct Schedule
    {
        std::shared_ptr<const fhir::store::StoredResource> schedule;
        std::vector<std::pair<std::string, std::string>> actors; ///< (type, id) of Schedule.actor, as indexed
        std::vector<Slot> slots;
    };

    /// A Schedule with more Slots than this is answered but never kept: a vendor that never deletes past Slots
    /// would otherwise fill the cache with one agenda.
    static constexpr std::size_t MAX_SLOTS_PER_SCHEDULE = 5000;

    explicit SlotSearchCache(std::size_t byteBudget);

    /// Read before the statements whose results are put here.
    Generation generation() const;

    std::optional<std::vector<std::string>> scheduleIds(const std::string& criterionKey);
    void putScheduleIds(const std::string& criterionKey, std::vector<std::string> ids, Generation loadedAt);

    std::shared_ptr<const Schedule> schedule(const std::string& id);
    void putSchedule(const std::string& id, std::shared_ptr<const Schedule> schedule, Generation loadedAt);

    /// nullopt: not known here. A null pointer: known to be absent or deleted.
    std::optional<std::shared_ptr<const fhir::store::StoredResource>> resource(const std::string& type,
                                                                              const std::string& id);
    void putResource(const std::string& type, const std::string& id,
                     std::shared_ptr<const fhir::store::StoredResource> resource, Generation loadedAt);

    /// A Slot was written or deleted: the Schedule it names now and the one it named when cached lose their lists.
    void slotChanged(const std::string& slotId, const std::string& scheduleId);
    /// The Slots of `scheduleId` changed (the NOTIFY of another node's write).
    void slotsOfScheduleChanged(const std::string& scheduleId);
    /// A resource other than a Slot was written or deleted: its body, the Schedule entry if it is one, and every
    /// chain resolution (a Practitioner's identifier or a Schedule's actor may have changed).
    void resourceChanged(const std::string& type, const std::string& id);
    /// Everything (a listener reconnected: notifications may have been missed).
    void clear();

    std::size_t bytes() const;

private:
    using Clock = std::list<std::string>;
    struct Held
    {
        std::shared_ptr<const Schedule> schedule;
        std::shared_ptr<const fhir::store::StoredResource> resource;
        bool absent = false;
        std::size_t bytes = 0;
        Clock::iterator recent;
    };

    bool refusedLocked(const std::string& key, Generation loadedAt) const;
    void invalidateLocked(const std::string& key);
    void putLocked(const std::string& key, Held held, Generation loadedAt);
    void touchLocked(Held& held);
    /// Drops one held entry: its bytes, its place in the recency list and, for a Schedule, its Slots' back-links.
    void eraseLocked(std::unordered_map<std::string, Held>::iterator held);

    std::size_t _budget;
    mutable std::mutex _mutex;
    Generation _generation = 1;
    Generation _floor = 0;                                  ///< loads older than this are refused
    Generation _resolutionsChangedAt = 0;
    std::unordered_map<std::string, Generation> _invalidatedAt; ///< key → generation of its last invalidation
    std::unordered_map<std::string, Held> _held;            ///< "S<id>" Schedules, "R<type>/<id>" resources
    std::unordered_map<std::string, std::vector<std::string>> _resolutions;
    std::unordered_map<std::string, std::string> _scheduleOfSlot; ///< for the Slots of held Schedules
    Clock _recent;                                          ///< most recent first
    std::size_t _bytes = 0;
};

} // namespace sas::adapters::postgres
