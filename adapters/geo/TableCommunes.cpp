#include "adapters/geo/TableCommunes.h"

namespace sas::adapters::geo
{

TableCommunes::TableCommunes(const PostcodeGeocoder& postcodes, const core::RadiusTable& radii) : _radii(radii)
{
    for (const Commune& commune : postcodes.communes())
        _byInsee.emplace(commune.inseeCode, core::CommuneName{commune.name, commune.departement});
}

std::optional<core::CommuneName> TableCommunes::byInsee(const std::string& insee) const
{
    auto found = _byInsee.find(insee);
    if (found == _byInsee.end())
        return std::nullopt;
    return found->second;
}

std::optional<std::string> TableCommunes::departementLabel(const std::string& code) const
{
    const core::DepartementRadius* row = _radii.find(code);
    if (row == nullptr || row->label.empty())
        return std::nullopt;
    return row->label;
}

} // namespace sas::adapters::geo
