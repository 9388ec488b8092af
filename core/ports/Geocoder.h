#pragma once

#include "core/Result.h"
#include "core/search/SearchLocation.h"

namespace sas::core
{

/// Turns what a caller typed into a point: the offline postcode/INSEE table
/// (adapters/geo/PostcodeGeocoder) or a BAN-compatible service. The radius is not its concern
/// (radiusKm is left 0; RadiusTable sets it).
class Geocoder
{
public:
    virtual ~Geocoder() = default;
    /// NotFound (with the raw input in the message) when nothing matches; Invalid when the query is
    /// empty or contradictory.
    virtual Result<SearchLocation> geocode(const LocationQuery& query) const = 0;
};

} // namespace sas::core
