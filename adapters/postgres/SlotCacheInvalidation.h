#pragma once

#include "adapters/postgres/PgWriteHook.h"
#include "adapters/postgres/SlotSearchCache.h"

#include <memory>
#include <string>

namespace sas::adapters::postgres
{

/// The NOTIFY channel of migration 0014: what changed, for every node's SlotSearchCache.
inline constexpr const char* RESOURCE_CHANNEL = "sas_resource";

/// Keeps a SlotSearchCache true to the database:
/// - on this node, as a write hook: what a transaction wrote is dropped right after its commit, before the client
///   gets its answer, so a client searching after its own write always reads it;
/// - on every node, from the sas_resource NOTIFY payloads of migration 0014 (onNotify), which also cover writes
///   that do not go through this store. A listener that reconnects may have missed some: onReconnect drops all.
class SlotCacheInvalidation final : public PgWriteHook
{
public:
    explicit SlotCacheInvalidation(std::shared_ptr<SlotSearchCache> cache) : _cache(std::move(cache)) { }

    core::Status afterWrite(PgConnection& connection, const fhir::store::ResourceWrite& write,
                            const fhir::store::WriteOutcome& outcome) override;
    core::Status afterDelete(PgConnection& connection, const fhir::store::ResourceDelete& removal,
                             const fhir::store::WriteOutcome& outcome) override;
    void afterCommit() override;

    /// "slots:<schedule id>" or "<type>/<id>"; anything else drops everything (a payload this version does not
    /// know must not leave a stale answer behind).
    void onNotify(const std::string& payload);
    void onReconnect() { _cache->clear(); }

private:
    std::shared_ptr<SlotSearchCache> _cache;
};

} // namespace sas::adapters::postgres
