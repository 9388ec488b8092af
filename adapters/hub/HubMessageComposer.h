#pragma once

#include "adapters/hub/HubMessageGate.h"
#include "core/Clock.h"
#include "core/orientation/OrientationMessages.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace sas::adapters::hub
{

/// Who we are on the Hub and which LRM hears of which territory (config hub.*).
struct HubRouting
{
    std::string senderId = "fr.health.test.ptfsas"; ///< fr.health.ptfsas in production only
    /// SAS territory → Hub client ids of its SAMU LRM(s) (fr.health.samuXXX); one message per recipient.
    std::map<std::string, std::vector<std::string>> recipientsByTerritory;
    std::chrono::seconds expiry{std::chrono::hours(24)}; ///< dateTimeExpires = dateTimeSent + expiry
};

/// Builds the INT_L02 messages of an orientation change exactly as lrm-hub.md §2.4–2.8 says (CreateAppointment then
/// UpdateAppointment with the full current snapshot, a new distributionID `<senderID>_<uuid>` per message, times in
/// Europe/Paris without `Z` or fractions, optional fields omitted rather than empty) and passes each through the gate.
/// Routing: the booking regulator's territory (lrm-hub.md §3.2 default rule). A message that cannot be routed or
/// breaks the gate is returned `rejected` with the reason, to be recorded rather than sent.
class HubMessageComposer final : public core::orientation::OrientationMessages
{
public:
    HubMessageComposer(HubRouting routing, const core::Clock& clock, const HubMessageGate& gate)
        : _routing(std::move(routing)), _clock(clock), _gate(gate) { }

    std::vector<core::orientation::OutboundMessage> compose(const core::Orientation& orientation,
                                                            core::orientation::OrientationChange change) override;

    /// The same content under a new distributionID and sending time: the resend after a Hub error 400/500.
    core::Result<core::orientation::OutboundMessage> reissue(const std::string& body) const;

    const HubRouting& routing() const { return _routing; }

private:
    std::string newDistributionId() const;

    HubRouting _routing;
    const core::Clock& _clock;
    const HubMessageGate& _gate;
};

} // namespace sas::adapters::hub
