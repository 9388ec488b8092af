#pragma once

// Lines in the official format of the ANS extraction PS_LibreAcces_Personne_activite (52 columns, '|' after
// each, UTF-8), built by column name so tests read like the file's documentation.
#include "adapters/rpps/RppsHeader.h"

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sas::test
{

inline std::string rppsHeader()
{
    std::string line;
    for (std::string_view column : adapters::rpps::RPPS_COLUMNS)
        (line += column) += '|';
    return line;
}

/// A line with `values` by official column name, every other column empty.
inline std::string rppsLine(const std::map<std::string_view, std::string>& values)
{
    for (const auto& [column, value] : values)
    {
        bool known = false;
        for (std::string_view official : adapters::rpps::RPPS_COLUMNS)
            known = known || official == column;
        if (!known)
            throw std::invalid_argument("not a column of the extraction: " + std::string(column));
    }
    std::string line;
    for (std::string_view column : adapters::rpps::RPPS_COLUMNS)
    {
        auto found = values.find(column);
        if (found != values.end())
            line += found->second;
        line += '|';
    }
    return line;
}

/// One activity at one site, with the fields the tests vary.
struct RppsActivityLine
{
    std::string idType = "8";
    std::string id;            ///< RPPS (11 digits) or ADELI (9)
    std::string civility = "DR";
    std::string family;
    std::string given;
    std::string profession = "10";
    std::string professionLabel = "Médecin";
    std::string skill = "SM54"; ///< code savoir-faire
    std::string skillLabel = "Médecine générale";
    std::string siret;
    std::string finess;
    std::string structure;     ///< identifiant technique de la structure
    std::string number, streetType, street;
    std::string postcode, insee, commune;
    std::string phone;

    std::string text() const
    {
        return rppsLine({{"Type d'identifiant PP", idType},
                         {"Identifiant PP", id},
                         {"Identification nationale PP", idType + id},
                         {"Code civilité d'exercice", civility},
                         {"Libellé civilité d'exercice", civility == "DR" ? "Docteur" : ""},
                         {"Code civilité", "M"},
                         {"Libellé civilité", "Monsieur"},
                         {"Nom d'exercice", family},
                         {"Prénom d'exercice", given},
                         {"Code profession", profession},
                         {"Libellé profession", professionLabel},
                         {"Code catégorie professionnelle", "C"},
                         {"Libellé catégorie professionnelle", "Civil"},
                         {"Code type savoir-faire", skill.empty() ? "" : "S"},
                         {"Code savoir-faire", skill},
                         {"Libellé savoir-faire", skillLabel},
                         {"Code mode exercice", "L"},
                         {"Libellé mode exercice", "Libéral"},
                         {"Numéro SIRET site", siret},
                         {"Numéro FINESS site", finess},
                         {"Identifiant technique de la structure", structure},
                         {"Numéro Voie (coord. structure)", number},
                         {"Libellé type de voie (coord. structure)", streetType},
                         {"Libellé Voie (coord. structure)", street},
                         {"Bureau cedex (coord. structure)", postcode.empty() ? "" : postcode + " " + commune},
                         {"Code postal (coord. structure)", postcode},
                         {"Code commune (coord. structure)", insee},
                         {"Libellé commune (coord. structure)", commune},
                         {"Téléphone (coord. structure)", phone},
                         {"Autorité d'enregistrement", "RPPS/Variable/Variable"}});
    }
};

} // namespace sas::test
