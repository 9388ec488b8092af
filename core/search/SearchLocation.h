#pragma once

#include "core/model/GeoPoint.h"

#include <string>

namespace sas::core
{

/// What the searched place is: it decides the radius and the order (sas-platform.md §2).
enum class LocationKind
{
    Address,     ///< a precise point: cityDefaultRadius, nearest first
    City,        ///< a commune: cityDefaultRadius, seeded random order
    Departement, ///< a whole département: countyRadius around its barycentre, seeded random order
};

const char* toString(LocationKind kind);

/// What a caller typed, before geocoding. Empty fields are unknown.
struct LocationQuery
{
    std::string address;     ///< street line ("12 rue de Rivoli")
    std::string postcode;
    std::string inseeCode;
    std::string city;
    std::string departement; ///< "48", "2A"
    bool hasPoint = false;   ///< coordinates given by the caller (an LRM that geocoded already)
    GeoPoint point;
};

/// A geocoded location with its search perimeter.
struct SearchLocation
{
    LocationKind kind = LocationKind::City;
    GeoPoint centre;
    std::string departement;
    std::string inseeCode; ///< of the commune, when known (CPTS collapsing needs it)
    std::string label;     ///< for display: "Mende (48000)"
    double radiusKm = 0;
};

} // namespace sas::core
