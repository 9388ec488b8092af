#include "core/search/RadiusTable.h"

namespace sas::core
{

RadiusTable::RadiusTable(std::map<std::string, DepartementRadius> rows, double fallbackCityRadiusKm)
    : _rows(std::move(rows)), _fallbackCityRadiusKm(fallbackCityRadiusKm)
{
}

void RadiusTable::overrideRadius(const std::string& departement, double cityRadiusKm, double countyRadiusKm)
{
    auto& row = _rows[departement];
    row.code = departement;
    row.cityRadiusKm = cityRadiusKm;
    if (countyRadiusKm > 0)
        row.countyRadiusKm = countyRadiusKm;
}

void RadiusTable::setMeasuredExtent(const std::string& departement, GeoPoint centre, double radiusKm)
{
    _measured[departement] = {centre, radiusKm};
}

const DepartementRadius* RadiusTable::find(const std::string& departement) const
{
    auto it = _rows.find(departement);
    return it == _rows.end() ? nullptr : &it->second;
}

Result<SearchLocation> RadiusTable::apply(SearchLocation location) const
{
    const DepartementRadius* row = find(location.departement);
    if (!row)
        return fail(ErrorCode::NotFound, "no search radius for département '" + location.departement + "'",
                    "location");
    if (location.kind != LocationKind::Departement)
    {
        location.radiusKm = row->cityRadiusKm > 0 ? row->cityRadiusKm : _fallbackCityRadiusKm;
        return location;
    }
    const bool hasBarycentre = row->barycentre.latitude != 0 || row->barycentre.longitude != 0;
    auto measured = _measured.find(location.departement);
    if (hasBarycentre)
        location.centre = row->barycentre;
    else if (measured != _measured.end())
        location.centre = measured->second.first;
    if (row->countyRadiusKm > 0 && hasBarycentre)
        location.radiusKm = row->countyRadiusKm;
    else if (measured != _measured.end())
        location.radiusKm = measured->second.second;
    else
        return fail(ErrorCode::NotFound,
                    "département '" + location.departement + "' has neither a county radius nor measured communes",
                    "location");
    return location;
}

} // namespace sas::core
