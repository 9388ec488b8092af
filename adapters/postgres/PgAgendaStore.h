#pragma once

#include "adapters/postgres/PgPool.h"
#include "core/Clock.h"
#include "core/orientation/OrientationMessages.h"
#include "core/ports/AgendaStore.h"

#include <functional>

namespace sas::adapters::postgres
{

/// The channel every agenda write notifies, with the place id as payload.
inline constexpr const char* AGENDA_CHANNEL = "sas_agenda";

/// AgendaStore on PostgreSQL (migration 0003). Writes run in one transaction each, insert their audit_event row
/// in it (migration 0010) and end with NOTIFY sas_agenda '<place id>', delivered to the other nodes on commit.
class PgAgendaStore final : public core::AgendaStore
{
public:
    explicit PgAgendaStore(PgPool& pool) : _pool(pool) { }

    /// From now on every booking (slot or en sus) and every status change also records its orientation and queues
    /// its INT_L02 messages through `messages`, in the booking's transaction (the same OrientationRecorder path as
    /// the vendors' appointments); `afterCommit` runs when messages were queued (wakes the Hub relay).
    void setOrientations(core::orientation::OrientationMessages& messages, const core::Clock& clock,
                         std::function<void()> afterCommit)
    {
        _messages = &messages;
        _clock = &clock;
        _afterCommit = std::move(afterCommit);
    }

    core::Status savePractitioner(const core::Practitioner& practitioner, const std::string& identity,
                                  const core::ParticipationSettings& settings, const core::AuditRecord& audit) override;
    core::Status saveStructure(const core::Structure& structure, const core::StructureSettings& settings,
                               const core::AuditRecord& audit) override;
    core::Status savePlace(const core::Place& place, const core::AuditRecord& audit) override;
    core::Result<std::vector<core::Structure>> structures() override;
    core::Result<std::optional<core::Structure>> structure(const std::string& id) override;
    core::Result<std::vector<std::string>> placeIds() override;
    core::Result<std::vector<core::Practitioner>> practitioners() override;
    core::Result<std::vector<std::string>> placeIdsOf(const std::string& practitionerId) override;
    core::Result<std::optional<core::ParticipationSettings>> settings(const std::string& practitionerId) override;
    core::Result<core::PlaceRecord> loadPlace(const std::string& placeId) override;
    core::Result<std::vector<core::AgendaRule>> changeAgenda(
        const std::string& placeId,
        const std::function<core::Result<core::AgendaChange>(const core::PlaceRecord&)>& decide,
        const core::AuditRecord& audit) override;
    core::Status saveUnavailability(const core::Unavailability& unavailability, const core::AuditRecord& audit) override;
    core::Result<core::Booking> book(
        const core::Booking& booking,
        const std::function<core::Result<core::SlotOccurrence>(const std::vector<core::AgendaRule>&)>& occurrenceOf,
        const core::AuditRecord& audit) override;
    core::Result<core::Booking> bookEnSus(const core::Booking& booking, const core::AuditRecord& audit) override;
    core::Result<std::vector<core::Booking>> bookings(const core::BookingFilter& filter) override;
    core::Result<core::Booking> booking(std::int64_t id) override;
    core::Status setBookingStatus(std::int64_t id, const std::string& status, const core::AuditRecord& audit) override;

private:
    /// Records the booking's orientation on the open transaction; the number of messages queued.
    core::Result<int> recordOrientation(PgConnection& connection, const core::orientation::OrientationInput& input);
    void queued(int messages) const;

    PgPool& _pool;
    core::orientation::OrientationMessages* _messages = nullptr;
    const core::Clock* _clock = nullptr;
    std::function<void()> _afterCommit;
};

} // namespace sas::adapters::postgres
