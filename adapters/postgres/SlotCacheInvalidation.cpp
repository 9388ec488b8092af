#include "adapters/postgres/SlotCacheInvalidation.h"

#include <vector>

namespace sas::adapters::postgres
{
namespace
{

/// What one transaction changed, waiting for its commit. Per thread: a transaction runs on its request's thread,
/// and commit() calls afterCommit() there. A rolled-back transaction's changes wait for the thread's next commit,
/// which only drops a little more than needed.
struct Change
{
    std::string type;
    std::string id;
    std::vector<std::string> scheduleIds; ///< a Slot's Schedule references
};

/// Past this many pending changes (a huge Bundle), the commit drops everything instead.
constexpr std::size_t MAX_PENDING = 10000;

std::vector<Change>& pending()
{
    thread_local std::vector<Change> changes;
    return changes;
}

void remember(Change change)
{
    if (pending().size() <= MAX_PENDING)
        pending().push_back(std::move(change));
}

} // namespace

core::Status SlotCacheInvalidation::afterWrite(PgConnection&, const fhir::store::ResourceWrite& write,
                                               const fhir::store::WriteOutcome&)
{
    Change change{write.type, write.id, {}};
    if (write.type == "Slot")
        for (const auto& entry : write.index)
            if (entry.parameter == "schedule" && entry.type == fhir::search::ParamType::Reference &&
                entry.targetType == "Schedule")
                change.scheduleIds.push_back(entry.targetId);
    remember(std::move(change));
    return {};
}

core::Status SlotCacheInvalidation::afterDelete(PgConnection&, const fhir::store::ResourceDelete& removal,
                                                const fhir::store::WriteOutcome&)
{
    remember(Change{removal.type, removal.id, {}});
    return {};
}

void SlotCacheInvalidation::afterCommit()
{
    std::vector<Change> changes;
    changes.swap(pending());
    if (changes.size() > MAX_PENDING)
        return _cache->clear();
    for (const Change& change : changes)
    {
        if (change.type == "Slot")
        {
            _cache->slotChanged(change.id, "");
            for (const std::string& scheduleId : change.scheduleIds)
                _cache->slotsOfScheduleChanged(scheduleId);
        }
        else if (change.type != "Appointment")
            _cache->resourceChanged(change.type, change.id);
    }
}

void SlotCacheInvalidation::onNotify(const std::string& payload)
{
    static const std::string SLOTS = "slots:";
    if (payload.compare(0, SLOTS.size(), SLOTS) == 0)
        return _cache->slotsOfScheduleChanged(payload.substr(SLOTS.size()));
    const std::size_t slash = payload.find('/');
    if (slash == std::string::npos || slash == 0)
        return _cache->clear();
    _cache->resourceChanged(payload.substr(0, slash), payload.substr(slash + 1));
}

} // namespace sas::adapters::postgres
