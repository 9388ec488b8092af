#pragma once

#include "core/model/Orientation.h"

#include <optional>
#include <string>

namespace sas::core::orientation
{

/// One booking or change of a booking, as its source reports it: the full current state, not a diff.
struct OrientationInput
{
    std::string source;     ///< "vendor:<identity>", "agenda", "en-sus"
    std::string sourceKey;  ///< the booking's stable key in that source; one orientation per (source, key)
    std::string resourceId; ///< FHIR Appointment id, when any

    RegulatorReference regulator;
    std::optional<OrientationPractitioner> practitioner;
    std::optional<OrientationStructure> structure;
    std::optional<OrientationCategory> category;

    OrientationStatus status = OrientationStatus::Booked;
    Instant start{};
    std::optional<Instant> end;
    std::optional<Instant> created; ///< when the source says it was booked
    Instant receivedAt{};           ///< when we received it (the store's clock): `created` when absent
};

/// `current` stated again with a new status (a practitioner marks an agenda SAS orientation honoured or not
/// honoured), received at `at`: everything else as recorded, so the LRM gets one UpdateAppointment.
OrientationInput withStatus(const Orientation& current, OrientationStatus status, Instant at);

/// What a change means for the LRM.
enum class OrientationChange
{
    Created, ///< first time seen: CreateAppointment
    Updated, ///< status, time, practitioner or structure changed: UpdateAppointment
    Unchanged, ///< nothing the LRM sees changed: no message
};

} // namespace sas::core::orientation
