#pragma once

#include "core/ports/Geocoder.h"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace sas::adapters::geo
{

/// One commune of the La Poste postcode base.
struct Commune
{
    std::string inseeCode;
    std::string name;
    std::string postcode;
    std::string departement;
    core::GeoPoint location;
};

/// The département of an INSEE commune code: "2A004" → "2A", "97411" → "974", "48095" → "48".
std::string departementOfInsee(const std::string& insee);

/// Offline geocoding from the La Poste postcode/INSEE table (data/geo/laposte_hexasmal.csv): a
/// commune's coordinates for an INSEE code, a postcode or a commune name; a département for its
/// code. A street address is placed at its commune (no street-level data offline) unless the
/// caller gives coordinates.
class PostcodeGeocoder final : public core::Geocoder
{
public:
    /// Reads the CSV; Invalid (naming the line) when it is malformed, NotFound when unreadable.
    static core::Result<PostcodeGeocoder> fromFile(const std::string& path);
    explicit PostcodeGeocoder(std::vector<Commune> communes);

    core::Result<core::SearchLocation> geocode(const core::LocationQuery& query) const override;

    /// Centre (mean of communes) and radius (farthest commune) of each département, for the
    /// départements the radius table leaves without a barycentre.
    std::map<std::string, std::pair<core::GeoPoint, double>> departementExtents() const;

    const std::vector<Commune>& communes() const { return _communes; }

private:
    core::Result<core::SearchLocation> communeLocation(const core::LocationQuery& query) const;

    std::vector<Commune> _communes;
    std::unordered_map<std::string, std::size_t> _byInsee;
    std::unordered_multimap<std::string, std::size_t> _byPostcode;
    std::unordered_multimap<std::string, std::size_t> _byName; ///< folded name
};

} // namespace sas::adapters::geo
