#include "adapters/rpps/RppsHeader.h"

#include "adapters/rpps/splitRppsLine.h"

#include <string>
#include <vector>

namespace sas::adapters::rpps
{

const std::array<std::string_view, 52> RPPS_COLUMNS{
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
};

namespace
{

/// The official name of each RppsField, in enum order.
constexpr std::array<std::string_view, static_cast<std::size_t>(RppsField::Count)> FIELD_COLUMNS{
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Code civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code savoir-faire",
    "Numéro SIRET site",
    "Numéro FINESS site",
    "Identifiant technique de la structure",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
};

} // namespace

core::Result<RppsHeader> readRppsHeader(std::string_view line)
{
    if (line.substr(0, 3) == "\xEF\xBB\xBF") // a byte order mark some tools add
        line.remove_prefix(3);
    if (auto bad = firstInvalidUtf8(line); bad != std::string_view::npos)
        return core::fail(core::ErrorCode::Invalid,
                          "line 1: the header is not UTF-8 (byte " + std::to_string(bad + 1) +
                              "): not the RPPS extraction, or re-encoded (Latin-1?)",
                          "line 1");
    if (line.find('|') == std::string_view::npos)
    {
        std::string found;
        for (char candidate : {';', '\t', ','})
            if (line.find(candidate) != std::string_view::npos)
            {
                found = candidate == '\t' ? "tab" : std::string("'") + candidate + "'";
                break;
            }
        return core::fail(core::ErrorCode::Invalid,
                          "line 1: columns are not separated by '|'" + (found.empty() ? std::string() : " (found " + found + ")") +
                              ": not the RPPS extraction PS_LibreAcces_Personne_activite",
                          "line 1");
    }
    std::vector<std::string_view> names;
    splitFields(line, names);
    RppsHeader header;
    header.fieldCount = names.size();
    core::Error error = core::makeError(core::ErrorCode::Invalid, "");
    error.issues.clear();
    for (std::size_t field = 0; field < FIELD_COLUMNS.size(); ++field)
    {
        std::size_t at = names.size();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == FIELD_COLUMNS[field])
            {
                at = i;
                break;
            }
        if (at == names.size())
            error.issues.push_back({core::Severity::Error, "", "line 1: column '" + std::string(FIELD_COLUMNS[field]) +
                                                                  "' is missing (renamed?)",
                                    "line 1"});
        header.index[field] = at;
    }
    if (!error.issues.empty())
    {
        error.message = "line 1: " + std::to_string(error.issues.size()) +
                        " column(s) of the RPPS extraction missing: " + error.issues.front().diagnostics.substr(8) +
                        (error.issues.size() > 1 ? ", …" : "");
        return tl::unexpected(std::move(error));
    }
    return header;
}

} // namespace sas::adapters::rpps
