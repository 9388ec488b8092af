#pragma once

#include "adapters/rpps/SasActivityFilter.h"
#include "adapters/rpps/splitRppsLine.h"
#include "core/model/ImportedActivity.h"
#include "core/ports/Geocoder.h"

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>

namespace sas::adapters::rpps
{

/// The line is not an activity the SAS searches (another profession or specialty).
struct NotSas
{
};
/// The activity is outside the départements being imported.
struct OutOfScope
{
};

using MappedLine = std::variant<core::ImportedActivity, NotSas, OutOfScope, LineProblem>;

/// Turns a split line into the directory model: the practitioner (RPPS with prefix 8 or ADELI with prefix 0,
/// civility, names, profession, the JDV_J239 code it is searched under) and its place at this activity site
/// (address, postcode, INSEE commune, département, phone in E.164, SIRET/FINESS/structure id), located offline
/// at its commune's centroid. Pure apart from a cache of geocoded communes.
class ActivityMapper
{
public:
    /// `departements` empty: every département.
    ActivityMapper(SasActivityFilter filter, const core::Geocoder& geocoder, std::set<std::string> departements);

    MappedLine map(const RppsLine& line, std::uint32_t lineNumber);

    /// The place id of a practitioner at a site: stable from one extraction to the next.
    static std::string placeId(const std::string& practitionerId, const RppsLine& line, const std::string& address);
    /// The IANA zone of a département (overseas ones have their own).
    static const char* timeZoneOf(const std::string& departement);

private:
    struct Located
    {
        bool found = false;
        core::GeoPoint point;
        std::string departement;
        std::string inseeCode;
        core::GeoPrecision precision = core::GeoPrecision::Commune;
    };
    const Located& locate(std::string_view insee, std::string_view postcode);

    SasActivityFilter _filter;
    const core::Geocoder& _geocoder;
    std::set<std::string> _departements;
    std::unordered_map<std::string, Located> _located;
};

} // namespace sas::adapters::rpps
