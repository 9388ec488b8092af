#pragma once

#include "core/Result.h"

#include <array>
#include <cstddef>
#include <string_view>

namespace sas::adapters::rpps
{

/// The 52 columns of the ANS public extraction PS_LibreAcces_Personne_activite, in the published order (every
/// line, the header included, ends with a '|', hence 53 fields). Copied from ../shared/data/rpps.
extern const std::array<std::string_view, 52> RPPS_COLUMNS;

/// The columns the import reads; the file may add others.
enum class RppsField : std::size_t
{
    IdType,            ///< "8" RPPS, "0" ADELI
    Id,                ///< the RPPS (11 digits) or ADELI (9 characters) number
    NationalId,        ///< the prefixed form, "8" + RPPS or "0" + ADELI
    PracticeCivility,  ///< code civilité d'exercice ("DR", "PR")
    Civility,          ///< code civilité ("M", "MME")
    FamilyName,
    GivenName,
    ProfessionCode,    ///< TRE_G15 ("10" médecin, "60" infirmier)
    ProfessionLabel,
    SkillCode,         ///< code savoir-faire: the specialty (TRE_R38 "SM54")
    Siret,
    FinessSite,
    StructureRef,      ///< identifiant technique de la structure
    RecipientComplement,
    GeoComplement,
    StreetNumber,
    StreetRepeat,
    StreetTypeCode,
    StreetTypeLabel,
    StreetName,
    Distribution,
    Cedex,             ///< bureau cedex: "25300 DOUBS"
    Postcode,
    InseeCode,
    CommuneLabel,
    Phone,
    Phone2,
    Count,
};

/// Where each read column sits in this file's lines.
struct RppsHeader
{
    std::array<std::size_t, static_cast<std::size_t>(RppsField::Count)> index{};
    std::size_t fieldCount = 0; ///< fields per line, the empty one after the final '|' included
};

/// Checks that `line` (the file's first line, without its end of line) is this extraction's header: '|'
/// separator, UTF-8, every column the import reads present under its official name. Invalid otherwise, with
/// every problem in the issues (a wrong separator, each missing or renamed column).
core::Result<RppsHeader> readRppsHeader(std::string_view line);

} // namespace sas::adapters::rpps
