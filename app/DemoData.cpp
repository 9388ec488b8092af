#include "app/DemoData.h"

#include "app/formatInstant.h"
#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/model/withVersionMeta.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sas::app
{

core::Result<DemoDataReport> loadDemoData(const std::string& directory, core::ResourceStore& store,
                                          const core::Clock& clock)
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
    const std::string lastUpdated = formatInstant(clock.now());
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
        core::StoredResource stored{std::string(resource.resourceType()), id->value(), 1, lastUpdated, false, {}};
        stored.json = fhir::writeJson(fhir::withVersionMeta(resource, "1", lastUpdated));
        auto created = store.create(stored, "");
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
