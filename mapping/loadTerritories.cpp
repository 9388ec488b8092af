#include "mapping/loadTerritories.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace sas::mapping
{
namespace
{

struct Seen
{
    std::map<std::string, std::string> departementOwner; ///< département → territory id
    std::map<std::string, std::string> originOwner;      ///< origin → territory id
    std::set<std::string> ids;
};

void readTerritory(const XmlElement& root, const std::string& file, const std::set<std::string>& dialectIds,
                   Seen& seen, Loaded<core::Territory>& loaded)
{
    auto problem = [&](const XmlElement& at, std::string message) {
        loaded.problems.push_back(MappingProblem{file, at.line, at.column, std::move(message)});
    };
    core::Territory territory;
    territory.id = root.attribute("id");
    territory.name = root.attribute("name");
    const std::string stem = std::filesystem::path(file).stem().string();
    if (territory.id != stem)
        problem(root, "territory id '" + territory.id + "' must be the file's name (" + stem + ".xml)");
    if (!seen.ids.insert(territory.id).second)
        problem(root, "territory id '" + territory.id + "' is already defined");

    for (const XmlElement* departement : root.all("departement"))
    {
        const std::string code = departement->attribute("code");
        auto [owner, inserted] = seen.departementOwner.emplace(code, territory.id);
        if (!inserted)
            problem(*departement, "département " + code + " already belongs to territory '" + owner->second + "'");
        else
            territory.departements.push_back(code);
    }
    std::set<std::string> overridden;
    for (const XmlElement* radius : root.all("radius"))
    {
        core::RadiusOverride entry;
        entry.departement = radius->attribute("departement");
        entry.cityKm = std::stod(radius->attribute("cityKm"));
        if (const std::string county = radius->attribute("countyKm"); !county.empty())
            entry.countyKm = std::stod(county);
        if (std::find(territory.departements.begin(), territory.departements.end(), entry.departement) ==
            territory.departements.end())
            problem(*radius, "radius override for département " + entry.departement +
                                 ", which this territory does not cover");
        else if (!overridden.insert(entry.departement).second)
            problem(*radius, "département " + entry.departement + " has two radius overrides");
        else
            territory.radiusOverrides.push_back(entry);
    }
    for (const XmlElement* lrm : root.all("lrm"))
    {
        core::LrmInstallationSettings installation{lrm->attribute("origin"), lrm->attribute("dialect"),
                                                   lrm->attribute("hubRecipient"), lrm->attribute("environment"),
                                                   lrm->attribute("active", "true") != "false" &&
                                                       lrm->attribute("active", "true") != "0"};
        if (!dialectIds.count(installation.dialect))
            problem(*lrm, "dialect '" + installation.dialect + "' is not in mapping/dialects");
        auto [owner, inserted] = seen.originOwner.emplace(installation.origin, territory.id);
        if (!inserted)
            problem(*lrm, "origin '" + installation.origin + "' is already declared by territory '" + owner->second +
                              "'");
        const bool testRecipient = installation.hubRecipient.rfind("fr.health.test.", 0) == 0;
        if (testRecipient != (installation.environment == "test"))
            problem(*lrm, "Hub recipient '" + installation.hubRecipient + "' does not belong to the " +
                              installation.environment + " environment");
        territory.installations.push_back(std::move(installation));
    }
    for (const XmlElement* structure : root.all("structure"))
    {
        core::TerritoryStructure entry{structure->attribute("kind"), structure->attribute("finess"),
                                       structure->attribute("siret"), structure->attribute("name")};
        if (entry.kind == "SOS" && entry.siret.empty())
            problem(*structure, "a SOS Médecins association is identified by its SIRET");
        if (entry.kind != "SOS" && entry.finess.empty())
            problem(*structure, "a " + entry.kind + " is identified by its FINESS");
        territory.structures.push_back(std::move(entry));
    }
    loaded.items.push_back(std::move(territory));
}


} // namespace

Loaded<core::Territory> loadTerritories(const std::string& directory, const std::string& xsdPath,
                                        const std::set<std::string>& dialectIds)
{
    Loaded<core::Territory> loaded;
    const ValidatedXmlReader reader(xsdPath);
    Seen seen;
    for (const auto& file : xmlFilesIn(directory, loaded.problems))
    {
        auto result = reader.read(file);
        if (auto* problems = std::get_if<std::vector<MappingProblem>>(&result))
            loaded.problems.insert(loaded.problems.end(), problems->begin(), problems->end());
        else
            readTerritory(std::get<XmlElement>(result), file, dialectIds, seen, loaded);
    }
    return loaded;
}

MappingSet loadMappingSet(const std::string& root)
{
    MappingSet set;
    auto dialects = loadLrmDialects(root + "/dialects", root + "/schema/lrm-dialect.xsd");
    std::set<std::string> ids;
    for (const auto& dialect : dialects.items)
        ids.insert(dialect.id);
    auto territories = loadTerritories(root + "/territories", root + "/schema/territory.xsd", ids);
    set.dialects = std::move(dialects.items);
    set.territories = std::move(territories.items);
    set.problems = std::move(dialects.problems);
    set.problems.insert(set.problems.end(), territories.problems.begin(), territories.problems.end());
    return set;
}

} // namespace sas::mapping
