#pragma once

#include "core/Result.h"

#include <string>

namespace sas::core
{

/// One stored version of a FHIR resource. `json` is the canonical JSON body, with meta.versionId
/// and meta.lastUpdated already in it.
struct StoredResource
{
    std::string type;
    std::string id;
    int version = 0;
    std::string lastUpdated; ///< FHIR instant, UTC
    bool deleted = false;
    std::string json;
};

/// The system of record for FHIR resources, every version kept. Implemented by
/// adapters/postgres/PgResourceStore.
class ResourceStore
{
public:
    virtual ~ResourceStore() = default;

    /// The current version; NotFound when it never existed, Gone when its last version is a delete.
    virtual Result<StoredResource> read(const std::string& type, const std::string& id) = 0;

    /// Stores version 1 of a new resource; Conflict when the id is taken. `owner` is the identity
    /// that wrote it (empty for data loaded by operators).
    virtual Result<StoredResource> create(const StoredResource& resource, const std::string& owner) = 0;
};

} // namespace sas::core
