#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::adapters::vendors
{

/// The prefixed national practitioner id the IG sends (sas-ig.md §1.2, §8.A #3): an 11-digit RPPS becomes
/// `8<RPPS>`, a 9-character ADELI `0<ADELI>`; an already-prefixed id (12 characters starting with 8, 10 starting
/// with 0) is kept. nullopt for anything else.
std::optional<std::string> prefixedPractitionerId(std::string_view id);

/// The prefixed SIRET of an SOS association (§8.C #28): 14 digits become `3<SIRET>`, 15 starting with 3 are kept.
std::optional<std::string> prefixedSiret(std::string_view siret);

} // namespace sas::adapters::vendors
