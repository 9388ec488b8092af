#include "mapping/loadLrmDialects.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace sas::mapping
{
namespace
{

const std::set<std::string> CALL_PARAMETERS{"origin", "streetnumber", "streetname", "inseecode",
                                            "city",   "specialty",    "practitioner"};


void readDialect(const XmlElement& root, const std::string& file, Loaded<core::LrmDialect>& loaded,
                 std::set<std::string>& ids)
{
    auto problem = [&](const XmlElement& at, std::string message) {
        loaded.problems.push_back(MappingProblem{file, at.line, at.column, std::move(message)});
    };
    core::LrmDialect dialect;
    dialect.id = root.attribute("id");
    dialect.name = root.attribute("name");
    dialect.vendor = root.attribute("vendor");
    if (dialect.id != std::filesystem::path(file).stem().string())
        problem(root, "dialect id '" + dialect.id + "' must be the file's name (" +
                          std::filesystem::path(file).filename().string() + ")");
    if (!ids.insert(dialect.id).second)
        problem(root, "dialect id '" + dialect.id + "' is already defined");
    if (const XmlElement* encoding = root.first("encoding"); encoding && encoding->text == "latin-1")
        dialect.encoding = core::LrmDialect::Encoding::Latin1;
    for (const XmlElement* parameter : root.all("parameter"))
        for (const XmlElement* alias : parameter->all("alias"))
        {
            if (CALL_PARAMETERS.count(alias->text))
                problem(*alias, "alias '" + alias->text + "' is a parameter of the contextual call itself");
            else if (!dialect.aliases.emplace(alias->text, parameter->attribute("name")).second)
                problem(*alias, "alias '" + alias->text + "' is already given to parameter '" +
                                    dialect.aliases[alias->text] + "'");
        }
    for (const XmlElement* specialty : root.all("specialty"))
        if (!dialect.specialtyCodes.emplace(specialty->attribute("code"), specialty->text).second)
            problem(*specialty, "specialty code '" + specialty->attribute("code") + "' is mapped twice");
    loaded.items.push_back(std::move(dialect));
}

} // namespace

Loaded<core::LrmDialect> loadLrmDialects(const std::string& directory, const std::string& xsdPath)
{
    Loaded<core::LrmDialect> loaded;
    const ValidatedXmlReader reader(xsdPath);
    std::set<std::string> ids;
    for (const auto& file : xmlFilesIn(directory, loaded.problems))
    {
        auto result = reader.read(file);
        if (auto* problems = std::get_if<std::vector<MappingProblem>>(&result))
        {
            loaded.problems.insert(loaded.problems.end(), problems->begin(), problems->end());
            continue;
        }
        readDialect(std::get<XmlElement>(result), file, loaded, ids);
    }
    return loaded;
}

} // namespace sas::mapping
