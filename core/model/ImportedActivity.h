#pragma once

#include "core/model/Directory.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sas::core
{

/// How a place's coordinates were obtained.
enum class GeoPrecision
{
    Given,    ///< typed in or sent by a caller
    Commune,  ///< centroid of the INSEE commune
    Postcode, ///< centroid of the postcode's first commune (no INSEE code in the source)
};

const char* toString(GeoPrecision precision);

/// A place as the directory import sees it: the directory Place plus the source's structure ids.
struct ImportedPlace
{
    Place place;
    std::string siret;
    std::string finess;       ///< FINESS site
    std::string structureRef; ///< the source's technical structure id
    GeoPrecision precision = GeoPrecision::Commune;
};

/// One SAS-relevant activity line of a directory extraction, mapped onto the directory model. A
/// practitioner may have several (several sites, several specialties); the store merges them.
struct ImportedActivity
{
    std::uint32_t line = 0; ///< 1-based line number in the file
    Practitioner practitioner; ///< one specialty code (JDV_J239) in `specialties`
    std::string civility;
    std::optional<ImportedPlace> place; ///< none when the address cannot be located
};

} // namespace sas::core
