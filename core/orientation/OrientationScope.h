#pragma once

#include "core/Result.h"
#include "core/model/Orientation.h"
#include "core/orientation/OrientationInput.h"

#include <optional>
#include <string>

namespace sas::core::orientation
{

/// What recording an orientation reads and writes, all bound to ONE database transaction: the booking itself
/// (an INT_R03 Appointment, an agenda-SAS slot), the orientation and the outgoing LRM message commit together or not
/// at all. Implemented by adapters/postgres/PgOrientationScope over the connection of the caller's transaction.
class OrientationScope
{
public:
    virtual ~OrientationScope() = default;

    /// The orientation of a booking, locked until the end of the transaction; nullopt when new.
    virtual Result<std::optional<Orientation>> find(const std::string& source, const std::string& sourceKey) = 0;

    /// The local account a regulator reference names, or nullopt when unknown here.
    virtual Result<std::optional<OrientationRegulator>> regulator(const RegulatorReference& reference) = 0;

    /// A fresh orientation id (UUID).
    virtual std::string newId() = 0;

    /// Inserts (revision 1) or updates the orientation; appends `history.back()` when `statusChanged`.
    virtual Status save(const Orientation& orientation, bool statusChanged) = 0;

    /// Queues the LRM message(s) for a change (the transactional outbox). Routing or content problems are
    /// recorded there, not returned: the booking itself stands.
    virtual Status notify(const Orientation& orientation, OrientationChange change) = 0;
};

} // namespace sas::core::orientation
