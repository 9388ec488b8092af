#pragma once

#include "core/Clock.h"
#include "core/agenda/editAgenda.h"
#include "core/model/ClientIdentity.h"
#include "core/ports/AgendaPublisher.h"
#include "core/ports/AgendaStore.h"
#include "core/ports/TimeZones.h"
#include "core/search/AvailabilityIndex.h"

#include <chrono>
#include <string>
#include <vector>

namespace sas::core
{

/// The audit event of an orientation's new status (honoured, not-honoured): ids and codes only.
AuditRecord bookingStatusAudit(const AuditAgent& agent, const Booking& booking, const std::string& status);

/// The agenda SAS as the doctors, structure managers and regulators use it: access rules, the
/// business rules of core/agenda, persistence through the AgendaStore, and the index kept current
/// after every write. Every write carries its audit event (`agent`: who acts, as the caller authenticated them:
/// the identity, or the regulator's OpenID subject), recorded by the store in the write's transaction.
class AgendaService
{
public:
    /// The index holds occurrences from one day before now to HORIZON after it; refreshAll()
    /// rolls it forward.
    static constexpr std::chrono::hours HORIZON{4 * 24};

    AgendaService(AgendaStore& store, const TimeZones& zones, AvailabilityIndex& index, const Clock& clock);

    /// Forbidden unless `who` may edit the place's agenda: an admin; the practitioner's own
    /// identity when the manual agenda is open to them (vendor slots refused, not via SOS
    /// Médecins); a manager or delegate of the place's structure or of the CPTS/MSP/SOS the
    /// practitioner participates through.
    static Status mayEdit(const ClientIdentity& who, const PlaceRecord& record);

    Result<std::vector<AgendaRule>> createSlots(const ClientIdentity& who, const std::string& placeId,
                                                std::chrono::local_days date, const SlotValues& values,
                                                const std::vector<int>& repeat, const AuditAgent& agent);
    Result<std::vector<AgendaRule>> editSlot(const ClientIdentity& who, const std::string& placeId, std::int64_t ruleId,
                                             EditScope scope, std::chrono::local_days date, const SlotValues& values,
                                             const AuditAgent& agent);
    Result<std::vector<AgendaRule>> deleteSlot(const ClientIdentity& who, const std::string& placeId,
                                               std::int64_t ruleId, EditScope scope, std::chrono::local_days date,
                                               const AuditAgent& agent);
    Status setUnavailability(const ClientIdentity& who, const Unavailability& unavailability, const AuditAgent& agent);

    /// The place's occurrences in [from, to) with their booked counts (unavailable ones removed).
    Result<std::vector<SlotOccurrence>> occurrences(const ClientIdentity& who, const std::string& placeId,
                                                    std::chrono::sys_seconds from, std::chrono::sys_seconds to);

    /// A regulator books one patient on an occurrence (orientation type "slot"). Conflict
    /// "slot_full" when full; Unprocessable when the occurrence has started, is unavailable or
    /// does not exist.
    Result<Booking> book(const ClientIdentity& who, const std::string& placeId, std::int64_t ruleId,
                         std::chrono::local_days date, const AuditAgent& agent);
    /// A regulator sends a patient "en sus" at a time ≥ now (orientation type "en sus");
    /// Unprocessable when the place does not accept it.
    Result<Booking> bookEnSus(const ClientIdentity& who, const std::string& placeId, std::chrono::sys_seconds at,
                              const AuditAgent& agent);

    /// Publishes the agenda-SAS occurrences to `publisher` (not owned; null: none) after this node's agenda writes
    /// and at full refreshes.
    void setPublisher(AgendaPublisher* publisher) { _publisher = publisher; }

    /// Re-reads one place and replaces its index entry (writes here and notifications from other
    /// nodes); `publish`: also hands its free occurrences from now to the horizon to the publisher.
    Status refreshPlace(const std::string& placeId, bool publish = false);
    /// Re-reads every place (start-up, window roll), publishing those with agenda rules. Returns the number of
    /// places indexed.
    Result<std::size_t> refreshAll();

    /// The orientation of a booking at this place by `who` (source "agenda" or "en-sus"): practitioner, structure
    /// and category from the directory; the regulator as the booking identity names it.
    static orientation::OrientationInput orientationOf(const PlaceRecord& record, const ClientIdentity& who, bool enSus,
                                                       std::chrono::sys_seconds now);

    /// The index profile of a place record (participation flags, CPTS, zone).
    static PlaceProfile profileOf(const PlaceRecord& record, std::shared_ptr<const ZoneRules> zone);

private:
    Result<PlaceRecord> loadForEdit(const ClientIdentity& who, const std::string& placeId);
    Result<std::shared_ptr<const ZoneRules>> zoneOf(const Place& place) const;
    std::chrono::local_days today(const ZoneRules& zone) const;

    AgendaStore& _store;
    const TimeZones& _zones;
    AvailabilityIndex& _index;
    const Clock& _clock;
    AgendaPublisher* _publisher = nullptr;
};

} // namespace sas::core
