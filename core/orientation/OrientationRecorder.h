#pragma once

#include "core/Result.h"
#include "core/orientation/OrientationInput.h"
#include "core/orientation/OrientationScope.h"

namespace sas::core::orientation
{

struct RecordOutcome
{
    Orientation orientation;
    OrientationChange change = OrientationChange::Unchanged;
};

/// The one code path that turns a booking (INT_R03 Appointment, agenda-SAS slot, "en sus") into an orientation and
/// its LRM message. Call it inside the transaction that writes the booking, with a scope bound to it:
///
///     PgOrientationScope scope(connection, composer);     // the caller's open transaction
///     auto outcome = OrientationRecorder().record(input, scope);
///     if (!outcome) return rollback;                         // then commit booking + orientation + outbox together
///
/// Rules: one orientation per (source, sourceKey); `created` is the source's value, else the reception time, and never
/// changes afterwards; every status change is appended to the history with the reception time; a change of status,
/// start, end, practitioner or structure is an update for the LRM; a repeat of the same state changes nothing.
/// An unknown regulator is accepted and flagged (`regulator` empty).
class OrientationRecorder
{
public:
    Result<RecordOutcome> record(const OrientationInput& input, OrientationScope& scope) const;
};

} // namespace sas::core::orientation
