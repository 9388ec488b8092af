#pragma once

#include "adapters/postgres/PgPool.h"
#include "core/ports/ResourceStore.h"

namespace sas::adapters::postgres
{

/// ResourceStore over the `resource` (current) and `resource_version` (history) tables.
class PgResourceStore final : public core::ResourceStore
{
public:
    explicit PgResourceStore(PgPool& pool) : _pool(pool) { }

    core::Result<core::StoredResource> read(const std::string& type, const std::string& id) override;
    core::Result<core::StoredResource> create(const core::StoredResource& resource, const std::string& owner) override;

private:
    PgPool& _pool;
};

} // namespace sas::adapters::postgres
