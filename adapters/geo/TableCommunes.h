#pragma once

#include "adapters/geo/PostcodeGeocoder.h"
#include "core/ports/Communes.h"
#include "core/search/RadiusTable.h"

#include <map>
#include <string>

namespace sas::adapters::geo
{

/// core::Communes over the offline reference data: commune names from the La Poste table (one name per INSEE
/// code, whatever its postcodes), département labels from the SAS radius table.
class TableCommunes final : public core::Communes
{
public:
    TableCommunes(const PostcodeGeocoder& postcodes, const core::RadiusTable& radii);

    std::optional<core::CommuneName> byInsee(const std::string& insee) const override;
    std::optional<std::string> departementLabel(const std::string& code) const override;

private:
    std::map<std::string, core::CommuneName> _byInsee;
    const core::RadiusTable& _radii;
};

} // namespace sas::adapters::geo
