#include "core/model/GeoPoint.h"

#include <algorithm>
#include <cmath>

namespace sas::core
{

double distanceKm(const GeoPoint& a, const GeoPoint& b)
{
    constexpr double EARTH_RADIUS_KM = 6371.0088;
    constexpr double RADIANS = 3.14159265358979323846 / 180.0;
    const double dLat = (b.latitude - a.latitude) * RADIANS;
    const double dLon = (b.longitude - a.longitude) * RADIANS;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(a.latitude * RADIANS) * std::cos(b.latitude * RADIANS) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace sas::core
