#pragma once

#include "core/Result.h"
#include "core/search/SearchLocation.h"

#include <map>
#include <optional>
#include <string>

namespace sas::core
{

/// One département's row of the SAS radius table (data/sas/SAS_Rayons_zones_de_recherche_2025).
struct DepartementRadius
{
    std::string code;         ///< "01", "2A", "974"
    std::string label;
    double countyRadiusKm = 0;
    GeoPoint barycentre;      ///< (0, 0) when the table has none
    double cityRadiusKm = 0;  ///< cityDefaultRadius
};

/// The search radius rule (sas-platform.md §2): address or city → cityDefaultRadius of the
/// point's département; département → countyRadius around its barycentre. Per-territory
/// overrides replace the table. Where the 2025 table has 0 (973 Guyane, 976 Mayotte for the city
/// radius; every overseas row for the county radius and barycentre), the rule falls back to
/// figures derived from data, never to "no search": see docs/search-engine.md.
class RadiusTable
{
public:
    /// `fallbackCityRadiusKm` applies where cityDefaultRadius is 0 (the table's sparsest tier, 50).
    explicit RadiusTable(std::map<std::string, DepartementRadius> rows, double fallbackCityRadiusKm = 50);

    /// Replaces one département's radius for cities and addresses (and its county radius when > 0).
    void overrideRadius(const std::string& departement, double cityRadiusKm, double countyRadiusKm = 0);

    void setFallbackCityRadius(double km) { _fallbackCityRadiusKm = km; }

    /// Supplies a département's extent measured from its communes, used when the table has no
    /// barycentre or county radius.
    void setMeasuredExtent(const std::string& departement, GeoPoint centre, double radiusKm);

    /// Sets centre and radius on a geocoded location. NotFound for an unknown département.
    Result<SearchLocation> apply(SearchLocation location) const;

    const DepartementRadius* find(const std::string& departement) const;

private:
    std::map<std::string, DepartementRadius> _rows;
    std::map<std::string, std::pair<GeoPoint, double>> _measured;
    double _fallbackCityRadiusKm;
};

} // namespace sas::core
