#pragma once

#include "core/model/GeoPoint.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// A practitioner's national identifier: RPPS (11 digits, prefix 8 in the SAS) or ADELI (9
/// characters, prefix 0).
struct NationalId
{
    enum class Kind
    {
        Rpps,
        Adeli,
    };
    Kind kind = Kind::Rpps;
    std::string value;

    /// "8<rpps>" or "0<adeli>", the SAS's prefixed form (sas-platform.md §3.1).
    std::string prefixed() const;
};

/// Checks the shape of an identifier: RPPS = 11 digits, ADELI = 9 alphanumerics.
bool isValidNationalId(const NationalId& id);

struct Practitioner
{
    std::string id; ///< our identifier (the prefixed national id)
    NationalId nationalId;
    std::string familyName;
    std::string givenName;
    std::string profession;               ///< e.g. "Médecin"
    std::vector<std::string> specialties; ///< JDV_J239 codes ("SM54" médecine générale)
};

/// Kinds of structures a practitioner can participate through (sas-platform.md §3.5).
enum class StructureKind
{
    Cpts,
    Msp,
    Cds,
    SosMedecins,
};

const char* toString(StructureKind kind);
std::optional<StructureKind> parseStructureKind(std::string_view text);

struct Structure
{
    std::string id; ///< FINESS (CPTS, MSP, CDS) or SIRET (SOS Médecins)
    StructureKind kind = StructureKind::Cpts;
    std::string finess;
    std::string siret;
    std::string name;
    std::vector<std::string> interventionZoneInsee; ///< CPTS: INSEE codes of its territory
    std::vector<std::string> managers;              ///< identity names of its managers and delegates
};

/// A practitioner at one address: the unit of search results and of the agenda SAS.
struct Place
{
    std::string id;
    std::string practitionerId;
    std::string structureId; ///< the CDS/MSP/SOS/CPTS this place belongs to; may be empty
    std::string address;
    std::string postcode;
    std::string inseeCode;
    std::string departement; ///< "75", "2A", "974"
    GeoPoint location;
    std::string timeZone = "Europe/Paris"; ///< IANA
    std::string phone;
    std::string additionalInfo; ///< for regulators, at most 1,000 characters
};

/// How a practitioner participates in the SAS (sas-platform.md §3.6).
enum class ParticipationVia
{
    Individual = 1,
    Cpts = 2,
    Msp = 3,
    SosMedecins = 4,
};

struct ParticipationSettings
{
    std::string practitionerId;
    bool participates = false;
    std::optional<ParticipationVia> via;
    std::optional<bool> hasSoftware; ///< answered "do you use an interfaced booking software?"
    bool editorDisabled = false;     ///< vendor slots refused
    bool hoursDeclared = false;      ///< "at least 2 hours a week on the agenda SAS"
    bool forfaitReorientation = false;
    std::string structureFiness;     ///< CPTS or MSP
    std::string sosSiret;
    std::vector<std::string> cptsPlaceIds; ///< places attached to the CPTS
    bool interfaced = false;               ///< a vendor publishes slots for this practitioner
    /// Registry ids of the booking vendors (editors) publishing this practitioner's slots; the search asks
    /// them unless `editorDisabled` (sas-platform.md §3.6: the aggregator's practitioner-editors list).
    std::vector<std::string> vendorIds;

    /// Accepts patients beyond their slots ("en sus", sas-platform.md §1.10, behaviour 45).
    bool acceptsEnSus() const
    {
        return participates && via && (*via == ParticipationVia::Individual || *via == ParticipationVia::Cpts);
    }
};

} // namespace sas::core

namespace sas::core
{

/// A structure's own SAS settings (sas-platform.md §3.5): CDS and SOS Médecins participate as a
/// structure.
struct StructureSettings
{
    std::string structureId;
    bool participates = false;
    int practitionerCount = 0; ///< CDS: practitioners of the centre taking part
    bool hoursDeclared = false; ///< "at least 2 hours a week for each GP"
    bool acceptsEnSus = false;
};

} // namespace sas::core
