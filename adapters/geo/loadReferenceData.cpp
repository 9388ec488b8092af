#include "adapters/geo/loadReferenceData.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

namespace sas::adapters::geo
{

using core::ErrorCode;

core::Result<core::RadiusTable> loadRadiusTable(const std::string& path)
{
    std::ifstream file(path);
    if (!file)
        return core::fail(ErrorCode::NotFound, "radius table '" + path + "' cannot be read");
    std::string line;
    std::getline(file, line);
    std::map<std::string, core::DepartementRadius> rows;
    int number = 1;
    while (std::getline(file, line))
    {
        ++number;
        if (line.empty())
            continue;
        std::vector<std::string> fields;
        std::stringstream stream(line);
        for (std::string field; std::getline(stream, field, ',');)
            fields.push_back(field);
        if (fields.size() < 10)
            return core::fail(ErrorCode::Invalid, path + ":" + std::to_string(number) + ": expected 10 fields");
        try
        {
            core::DepartementRadius row;
            row.code = fields[0];
            row.label = fields[1];
            row.countyRadiusKm = std::stod(fields[5]);
            row.barycentre = {std::stod(fields[6]), std::stod(fields[7])};
            row.cityRadiusKm = std::stod(fields[8]);
            rows.emplace(row.code, row);
        }
        catch (const std::exception&)
        {
            return core::fail(ErrorCode::Invalid, path + ":" + std::to_string(number) + ": not a number");
        }
    }
    return core::RadiusTable(std::move(rows));
}

core::Result<core::SpecialtyCatalog> loadSpecialtyCatalog(const std::string& path)
{
    std::ifstream file(path);
    if (!file)
        return core::fail(ErrorCode::NotFound, "specialty value set '" + path + "' cannot be read");
    std::ostringstream text;
    text << file.rdbuf();
    std::vector<core::Specialty> specialties;
    try
    {
        Poco::JSON::Parser parser;
        auto root = parser.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
        auto includes = root->getObject("compose")->getArray("include");
        for (std::size_t i = 0; i < includes->size(); ++i)
        {
            auto include = includes->getObject(static_cast<unsigned>(i));
            const std::string system = include->getValue<std::string>("system");
            auto concepts = include->getArray("concept");
            for (std::size_t j = 0; j < concepts->size(); ++j)
            {
                auto concept_ = concepts->getObject(static_cast<unsigned>(j));
                specialties.push_back({concept_->getValue<std::string>("code"), concept_->getValue<std::string>("display"), system});
            }
        }
    }
    catch (const std::exception& e)
    {
        return core::fail(ErrorCode::Invalid, "specialty value set '" + path + "': " + e.what());
    }
    core::SpecialtyCatalog catalog(std::move(specialties));
    catalog.addAlias("Consultation de médecine générale", "SM54");
    catalog.addAlias("Médecin généraliste", "SM54");
    return catalog;
}

} // namespace sas::adapters::geo
