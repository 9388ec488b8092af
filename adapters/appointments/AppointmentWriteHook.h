#pragma once

#include "adapters/postgres/PgWriteHook.h"
#include "core/orientation/OrientationMessages.h"
#include "core/orientation/OrientationRecorder.h"
#include "fhir/model/Node.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sas::adapters::appointments
{

/// Which appointment identifier systems each vendor identity owns (config auth.identity.NAME.appointmentSystems).
using VendorSystems = std::map<std::string, std::vector<std::string>>;

/// INT_R03 in the write path: every Appointment version a vendor writes becomes an orientation and, when the LRM must
/// hear of it, an outbox message, in the SAME transaction as the Appointment (PgResourceStore calls it there).
/// Refuses (and so rolls back) an Appointment written by an identity that does not own its identifier system (403),
/// or breaking the SAS status rules (422). A DELETE of an Appointment is its cancellation: the orientation becomes
/// `cancelled` and the LRM gets an UpdateAppointment saying so (the vendor's last version, status cancelled), under
/// the same ownership rule.
class AppointmentWriteHook final : public postgres::PgWriteHook
{
public:
    AppointmentWriteHook(VendorSystems vendorSystems, core::orientation::OrientationMessages& messages,
                         std::function<void()> afterCommitted)
        : _vendorSystems(std::move(vendorSystems)), _messages(messages), _afterCommitted(std::move(afterCommitted))
    {
    }

    core::Status afterWrite(postgres::PgConnection& connection, const fhir::store::ResourceWrite& write,
                            const fhir::store::WriteOutcome& outcome) override;
    core::Status afterDelete(postgres::PgConnection& connection, const fhir::store::ResourceDelete& removal,
                             const fhir::store::WriteOutcome& outcome) override;
    void afterCommit() override;

private:
    /// The ownership check, then the orientation and its LRM message, for one Appointment version.
    core::Status record(postgres::PgConnection& connection, const fhir::Node& appointment, const std::string& owner,
                        const std::string& resourceId, const std::string& lastUpdated);

    VendorSystems _vendorSystems;
    core::orientation::OrientationMessages& _messages;
    std::function<void()> _afterCommitted;
    core::orientation::OrientationRecorder _recorder;
};

} // namespace sas::adapters::appointments
