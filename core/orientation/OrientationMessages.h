#pragma once

#include "core/model/Orientation.h"
#include "core/orientation/OrientationInput.h"

#include <string>
#include <vector>

namespace sas::core::orientation
{

/// One message for one LRM, ready to queue, or the reason it cannot be sent.
struct OutboundMessage
{
    std::string recipient;      ///< Hub client id (fr.health.samuXXX); empty when none could be resolved
    std::string method;         ///< CreateAppointment | UpdateAppointment
    std::string distributionId; ///< empty when rejected
    std::string body;           ///< the exact bytes to publish; empty when rejected
    bool rejected = false;      ///< routing or the outgoing gate refused it: recorded, never sent
    std::string error;          ///< why, when rejected (no patient data)
};

/// Builds the LRM messages of an orientation change (INT_L02: one per recipient). Implemented by
/// adapters/hub/HubMessageComposer, which checks each message at its gate before it may be queued.
class OrientationMessages
{
public:
    virtual ~OrientationMessages() = default;
    virtual std::vector<OutboundMessage> compose(const Orientation& orientation, OrientationChange change) = 0;
};

} // namespace sas::core::orientation
