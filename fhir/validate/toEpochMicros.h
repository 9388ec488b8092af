#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sas::fhir::validate
{

/// Microseconds since 1970-01-01T00:00:00Z of an R4 instant or of a dateTime with a time and an offset
/// ("2024-06-12T16:40:00.000+02:00", "…Z"); digits beyond the microsecond are ignored. nullopt for anything else
/// (a date, a dateTime without offset, an invalid value): callers then leave the comparison to other checks.
std::optional<std::int64_t> toEpochMicros(std::string_view lexical);

} // namespace sas::fhir::validate
