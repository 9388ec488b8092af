#pragma once

#include "core/Result.h"

#include <memory>
#include <string_view>

namespace sas::adapters::hub
{

/// The check every outgoing INT_L02 message passes before it may be queued (lrm-hub.md §2.4–2.8, behaviours 35–51):
/// the Hub's JSON schemas (EDXL-DE envelope, RC-DE header, RS-SAS-RDV payload, compiled in; patterns enforced, so a
/// `Z` or a fraction of a second is refused), nothing in `message` but the RC-DE header and `appointment`, exactly
/// one content item, and the cross-field rules the schemas cannot say: distributionID `<senderID>_<id>` in
/// `[A-Za-z0-9._-]`, messageId = distributionID, sender name/URI = senderID, sentAt = dateTimeSent, expiry after
/// sending, kind/status Report/Actual on both levels, scheme `hubex`, one recipient = the explicit address.
/// Thread-safe.
class HubMessageGate
{
public:
    HubMessageGate();
    ~HubMessageGate();
    HubMessageGate(const HubMessageGate&) = delete;
    HubMessageGate& operator=(const HubMessageGate&) = delete;

    /// Invalid with one issue per broken rule (schema violations name the keyword and the JSON pointer).
    core::Status check(std::string_view message) const;

private:
    struct Schemas;
    std::unique_ptr<Schemas> _schemas;
};

} // namespace sas::adapters::hub
