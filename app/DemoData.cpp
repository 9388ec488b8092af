#include "app/DemoData.h"

#include "fhir/json/JsonReader.h"
#include "fhir/store/jsonRenderer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sas::app
{

core::Result<DemoDataReport> loadDemoData(const std::string& directory, const fhir::rest::ResourceServices& services)
{
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
        if (entry.path().extension() == ".json")
            files.push_back(entry.path());
    if (error)
        return core::fail(core::ErrorCode::Invalid, "cannot list demo directory " + directory + ": " + error.message());
    std::sort(files.begin(), files.end());

    DemoDataReport report;
    for (const auto& file : files)
    {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = fhir::readJson(text.str());
        if (!parsed)
        {
            core::Error failure = parsed.error();
            failure.message = "demo file " + file.filename().string() + ": " + failure.message;
            return core::fail(std::move(failure));
        }
        const fhir::Node& resource = parsed->resource;
        const fhir::Node* id = resource.first("id");
        if (!id)
            return core::fail(core::ErrorCode::Invalid, "demo file " + file.filename().string() + " has no id");
        if (auto valid = services.validate(resource); !valid)
        {
            core::Error failure = valid.error();
            failure.message = "demo file " + file.filename().string() + ": " + failure.message;
            return core::fail(std::move(failure));
        }
        fhir::store::ResourceWrite write;
        write.type = std::string(resource.resourceType());
        write.id = id->value();
        write.createOnly = true;
        write.index = services.indexOf(resource);
        write.render = fhir::store::jsonRenderer(resource);
        auto created = services.store.write(write);
        if (created)
            ++report.loaded;
        else if (created.error().code == core::ErrorCode::Conflict)
            ++report.alreadyPresent;
        else
            return core::fail(created.error());
    }
    return report;
}

} // namespace sas::app
