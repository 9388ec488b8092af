#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// One LRM installation of a SAMU: what its contextual calls send as `origin`, how its software writes them, and
/// where the Hub Santé delivers its appointment feedback (INT_L02).
struct LrmInstallationSettings
{
    std::string origin;       ///< compared exactly, case-sensitive
    std::string dialect;      ///< an id of mapping/dialects
    std::string hubRecipient; ///< "fr.health.samu330"
    std::string environment;  ///< "production" or "test": which Hub the recipient lives on
    bool active = true;
};

/// A structure of the territory the search engine needs to know of (CPTS, MSP, CDS, SOS Médecins).
struct TerritoryStructure
{
    std::string kind; ///< "CPTS", "MSP", "CDS", "SOS"
    std::string finess;
    std::string siret;
    std::string name;
};

/// A radius that replaces the 2025 table's for one département of the territory.
struct RadiusOverride
{
    std::string departement;
    double cityKm = 0;
    std::optional<double> countyKm;
};

/// One SAS territory as its integrator describes it (mapping/territories/*.xml, mapping/schema/territory.xsd).
struct Territory
{
    std::string id;   ///< the file's name ("gironde")
    std::string name; ///< "SAS Gironde"
    std::vector<std::string> departements;
    std::vector<RadiusOverride> radiusOverrides;
    std::vector<LrmInstallationSettings> installations;
    std::vector<TerritoryStructure> structures;
};

} // namespace sas::core
