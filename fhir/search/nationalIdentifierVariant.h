#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::fhir::search
{

/// The IDNPS system (RPPS and ADELI numbers of health professionals).
inline constexpr std::string_view IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
/// The IDNST system (FINESS and SIRET numbers of structures).
inline constexpr std::string_view IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2";

/// The other form of a French national identifier, with or without its type prefix, so that both forms can be
/// indexed and a search matches either way (IG §8.D.36, issue 3 point 5):
/// - IDNPS: RPPS `8` + 11 digits ↔ the 11 digits; ADELI `0` + 9 digits ↔ the 9 digits;
/// - IDNST: FINESS `1` + 9 digits ↔ the 9 digits; SIRET `3` + 14 digits ↔ the 14 digits.
/// nullopt for any other system or shape (CPx ids such as "3456780581/11242343", ranks `4…`, UUIDs).
std::optional<std::string> nationalIdentifierVariant(std::string_view system, std::string_view value);

} // namespace sas::fhir::search
