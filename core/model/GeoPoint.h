#pragma once

namespace sas::core
{

/// WGS 84 coordinates in degrees.
struct GeoPoint
{
    double latitude = 0;
    double longitude = 0;
};

/// Great-circle distance in kilometres (haversine, mean Earth radius).
double distanceKm(const GeoPoint& a, const GeoPoint& b);

} // namespace sas::core
