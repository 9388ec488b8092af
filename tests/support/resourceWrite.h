#pragma once

#include "fhir/json/JsonReader.h"
#include "fhir/search/extractSearchIndex.h"
#include "fhir/store/ResourceStore.h"
#include "fhir/store/jsonRenderer.h"

#include <stdexcept>
#include <string>

namespace sas::test
{

/// The store write the façade would make for a resource given as JSON (its type and id, its search index, its
/// body rendered with the store's id, version and time), for tests that fill a store directly. Throws on JSON the
/// reader refuses.
inline fhir::store::ResourceWrite resourceWrite(const std::string& json)
{
    auto parsed = fhir::readJson(json);
    if (!parsed)
        throw std::invalid_argument(parsed.error().message + " in " + json);
    fhir::store::ResourceWrite write;
    write.type = std::string(parsed->resource.resourceType());
    write.id = parsed->resource.first("id")->value();
    write.index = fhir::search::extractSearchIndex(parsed->resource);
    write.render = fhir::store::jsonRenderer(parsed->resource);
    return write;
}

} // namespace sas::test
