#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::fhir::search
{

/// An `instant` written the way the SAS IG shows slot times (sas-ig.md §8.D #36, the examples of §7): seconds
/// with at least three fraction digits and a numeric offset, never `Z`.
/// - A numeric offset is kept: the writer knows the place's offset (overseas départements included).
/// - `Z` (UTC) becomes the Europe/Paris offset of that instant (EuropeParisTime), the same instant in the time zone
///   of metropolitan places; an overseas place should be sent with its own offset.
/// - One or two fraction digits are padded to three, none gets `.000`; more than three are kept as written.
/// nullopt when `text` is not a FHIR instant (the validator reports those; nothing is rewritten).
std::optional<std::string> canonicalInstant(std::string_view text);

} // namespace sas::fhir::search
