#pragma once

#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/PgWriteHook.h"
#include "fhir/store/ResourceStore.h"

namespace sas::adapters::postgres
{

/// ResourceStore over `resource` (current versions), `resource_version` (every version) and the
/// `search_*` tables. Times come from the database clock, the one clock all nodes share.
class PgResourceStore final : public fhir::store::ResourceStore
{
public:
    explicit PgResourceStore(PgPool& pool) : _pool(pool) { }

    core::Result<fhir::store::StoredResource> read(const std::string& type, const std::string& id) override;
    core::Result<std::string> owner(const std::string& type, const std::string& id) override;
    core::Result<fhir::store::StoredResource> readVersion(const std::string& type, const std::string& id,
                                                          int version) override;
    core::Result<fhir::store::WriteOutcome> write(const fhir::store::ResourceWrite& write) override;
    core::Result<fhir::store::WriteOutcome> remove(const fhir::store::ResourceDelete& removal) override;
    core::Result<fhir::store::HistoryPage> history(const std::string& type, const std::string& id, int count,
                                                   int offset) override;
    core::Result<fhir::store::WriteOutcome> writeConditional(const fhir::store::ConditionalWrite& write) override;
    core::Result<std::unique_ptr<fhir::store::StoreTransaction>> begin() override;

    /// Runs `hook` in the transaction of every write (set once, before serving; nullptr: none).
    void setWriteHook(PgWriteHook* hook) { _hook = hook; }

private:
    PgPool& _pool;
    PgWriteHook* _hook = nullptr;
};

} // namespace sas::adapters::postgres
