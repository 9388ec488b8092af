#pragma once

#include "core/model/VendorSlot.h"

#include <chrono>
#include <string>
#include <vector>

namespace sas::adapters::vendors
{

/// Most identifiers in one request: 25 RPPS/ADELI (sas-ig.md §1.2), 10 SIRET (§1.4, the functional "1 à 10").
constexpr std::size_t MAX_PRACTITIONERS_PER_REQUEST = 25;
constexpr std::size_t MAX_SIRETS_PER_REQUEST = 10;

std::size_t maxIdentifiersPerRequest(core::VendorFlow flow);

/// An instant as the SAS writes it in its requests: UTC, milliseconds, numeric offset
/// (`2021-11-04T14:19:35.760+00:00`, the self link of ExampleBundlePSIndiv).
std::string formatRequestInstant(std::chrono::system_clock::time_point instant);

/// The path and query of one IG search, to append to the vendor's base path: INT_R01 (`/Slot?…`), INT_R04 (INT_R01
/// plus the CPTS includes) or SOS (`/Schedule?…`). `identifiers` are already prefixed (1..25, or 1..10 for SOS).
/// RFC 3986 encoding: `|` as `%7C`, the offset's `+` as `%2B` (§8.A #4); `_count=1000` (§8.A #5).
std::string searchRequestTarget(core::VendorFlow flow, const std::vector<std::string>& identifiers,
                                std::chrono::system_clock::time_point windowStart,
                                std::chrono::system_clock::time_point windowEnd);

} // namespace sas::adapters::vendors
