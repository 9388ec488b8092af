#include "fhir/store/jsonRenderer.h"

#include "fhir/json/JsonWriter.h"
#include "fhir/model/withServerFields.h"

namespace sas::fhir::store
{

RenderVersion jsonRenderer(Node resource)
{
    return [resource = std::move(resource)](const std::string& id, int version, const std::string& lastUpdated) {
        return writeJson(withServerFields(resource, id, std::to_string(version), lastUpdated));
    };
}

} // namespace sas::fhir::store
