#pragma once

#include "adapters/postgres/PgConnection.h"
#include "core/ports/AuditTrail.h"
#include "core/ports/DirectoryImportStore.h"

namespace sas::adapters::postgres
{

/// DirectoryImportStore on PostgreSQL (migration 0008, docs/directory-import.md). Runs on one dedicated
/// connection holding a session advisory lock, so two imports never interleave. Stages with COPY into
/// directory_import_activity, indexes the run, then applies it practitioner range by practitioner range (one
/// transaction each: INSERT … ON CONFLICT DO UPDATE … WHERE the imported columns differ, so unchanged rows are
/// not rewritten), and deactivates last, in one transaction, what the run does not list. Changed places are
/// announced on sas_agenda one by one, or with one "*" (re-read everything) when a batch changes many. The last
/// transaction (deactivation) also records one AuditEvent for the run, its counts only, when `agent` has a kind.
class PgDirectoryImportStore final : public core::DirectoryImportStore
{
public:
    /// A batch announcing more places than this sends "*" at the end of the run instead.
    static constexpr std::size_t NOTIFY_LIMIT = 1000;

    explicit PgDirectoryImportStore(PgConnection& connection, core::AuditAgent agent = {})
        : _db(connection), _agent(std::move(agent)) { }

    core::Result<std::int64_t> beginRun(const std::string& file, const core::ImportScope& scope) override;
    core::Status stage(std::int64_t run, const std::vector<core::ImportedActivity>& activities) override;
    core::Result<core::ImportApplied> apply(std::int64_t run, const core::ImportScope& scope, std::size_t batchSize,
                                            const std::function<void(std::size_t, std::size_t)>& progress) override;
    core::Status abandon(std::int64_t run, const std::string& reason) override;
    core::Status complete(std::int64_t run, const std::string& summary) override;

private:
    core::Status announce(const std::vector<std::string>& placeIds, const std::vector<std::string>& practitionerIds);

    PgConnection& _db;
    core::AuditAgent _agent;
    bool _locked = false;
    bool _announceAll = false;
};

} // namespace sas::adapters::postgres
