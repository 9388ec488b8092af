#pragma once

#include "core/Result.h"
#include "core/ports/HubOutbox.h"

#include <string_view>

namespace sas::adapters::hub
{

/// Decodes a delivery of our `.ack` or `.info` queue (lrm-hub.md §2.9–2.10): an EDXL-DE `Ack` whose RC-DE message has
/// `reference.distributionID`, or an `Error` whose message has `error` (no RC-DE header; `statusCode` a number, 300 or
/// 300.0; open code/string pairs such as the LRMs' 409 CONFLICT). Invalid when it is neither.
core::Result<core::ports::HubReply> parseHubReply(std::string_view body);

} // namespace sas::adapters::hub
