#pragma once

#include "core/Result.h"
#include "core/agenda/editAgenda.h"
#include "core/model/Agenda.h"
#include "core/model/Directory.h"
#include "core/ports/AuditTrail.h"
#include "core/orientation/OrientationInput.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// Everything about one place that the agenda rules, the access rules and the index need.
struct PlaceRecord
{
    Place place;
    Practitioner practitioner;
    std::string practitionerIdentity; ///< client identity name allowed to act as this practitioner
    ParticipationSettings settings;
    std::optional<Structure> structure;              ///< the structure the place belongs to
    std::optional<Structure> participationStructure; ///< the CPTS/MSP of the settings
    std::vector<AgendaRule> rules;
    Unavailability unavailability;
    std::map<OccurrenceKey, int> booked;
    /// Free Slots vendors pushed for this place (all of them; the index keeps those in its window).
    std::vector<PushedSlot> pushedSlots;
    /// False once the directory import deactivated the place or its practitioner: kept for the orientations
    /// that point at it, never searched.
    bool active = true;
};

/// An orientation recorded on the agenda SAS: on a slot occurrence, or "en sus" at a time.
struct Booking
{
    std::int64_t id = 0;
    std::string placeId;
    std::string practitionerId;
    std::int64_t ruleId = 0; ///< 0 for "en sus"
    std::chrono::local_days date{};
    std::chrono::sys_seconds start{};
    bool enSus = false;
    std::string regulator;   ///< identity name of the LRM that booked
    std::string territory;   ///< département of the place
    std::string status = "booked"; ///< booked | honoured | not-honoured
    std::chrono::sys_seconds createdAt{};
    /// What the LRM hears of it (INT_L02), prepared by the AgendaService; the store completes the key, start and end
    /// and records it through the OrientationRecorder in the booking's own transaction.
    orientation::OrientationInput orientation;
};

/// Filters for dashboards; empty fields do not filter.
struct BookingFilter
{
    std::string regulator;
    std::string practitionerId;
    std::string structureId;
    std::string status;
    std::string territory;
    std::optional<std::chrono::sys_seconds> from;
    std::optional<std::chrono::sys_seconds> to;
};

/// Persistence of the directory, the agenda SAS and its bookings (adapters/postgres/PgAgendaStore).
/// Every write notifies the other nodes so their indexes converge, and records `audit` (who, which operation, codes
/// only) in its own transaction, completed with the id the write gives (a new rule's, a new booking's); an audit
/// record whose agent has no kind is not recorded (loads without a caller).
class AgendaStore
{
public:
    virtual ~AgendaStore() = default;

    virtual Status savePractitioner(const Practitioner& practitioner, const std::string& identity,
                                    const ParticipationSettings& settings, const AuditRecord& audit) = 0;
    virtual Status saveStructure(const Structure& structure, const StructureSettings& settings,
                                 const AuditRecord& audit) = 0;
    /// NotFound when the practitioner is unknown.
    virtual Status savePlace(const Place& place, const AuditRecord& audit) = 0;
    virtual Result<std::vector<Structure>> structures() = 0;
    virtual Result<std::optional<Structure>> structure(const std::string& id) = 0;
    virtual Result<std::vector<std::string>> placeIds() = 0;
    /// Every practitioner of the directory (identity and names only): the LRM's preferred doctor is found among them.
    virtual Result<std::vector<Practitioner>> practitioners() = 0;
    virtual Result<std::vector<std::string>> placeIdsOf(const std::string& practitionerId) = 0;
    virtual Result<std::optional<ParticipationSettings>> settings(const std::string& practitionerId) = 0;
    /// NotFound for an unknown place.
    virtual Result<PlaceRecord> loadPlace(const std::string& placeId) = 0;

    /// In one transaction holding the place exclusively: loads it, lets `decide` compute the
    /// change from the current rules and bookings, applies it. Returns the rules as stored
    /// (new ones with their ids).
    virtual Result<std::vector<AgendaRule>> changeAgenda(
        const std::string& placeId, const std::function<Result<AgendaChange>(const PlaceRecord&)>& decide,
        const AuditRecord& audit) = 0;
    virtual Status saveUnavailability(const Unavailability& unavailability, const AuditRecord& audit) = 0;

    /// Books one patient, race-free: in one transaction sharing the place's lock, `occurrenceOf`
    /// checks the rules as stored and gives the occurrence (its capacity and start); the booked
    /// count rises only while below the capacity. Conflict ("slot_full") when full.
    virtual Result<Booking> book(
        const Booking& booking,
        const std::function<Result<SlotOccurrence>(const std::vector<AgendaRule>&)>& occurrenceOf,
        const AuditRecord& audit) = 0;
    virtual Result<Booking> bookEnSus(const Booking& booking, const AuditRecord& audit) = 0;
    virtual Result<std::vector<Booking>> bookings(const BookingFilter& filter) = 0;
    virtual Result<Booking> booking(std::int64_t id) = 0;
    /// Sets honoured / not-honoured (and, like every booking, updates its orientation in the same transaction).
    virtual Status setBookingStatus(std::int64_t id, const std::string& status, const AuditRecord& audit) = 0;
};

} // namespace sas::core
