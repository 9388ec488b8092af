#pragma once

#include "core/Result.h"
#include "core/model/ImportedActivity.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sas::core
{

/// Which part of the directory an import run is the complete truth for: only imported rows in
/// these départements are deactivated when absent from the file. Empty: the whole directory.
struct ImportScope
{
    std::vector<std::string> departements;
};

/// What applying a run changed, for one kind of row.
struct ImportCounts
{
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deactivated = 0;
};

struct ImportApplied
{
    ImportCounts practitioners;
    ImportCounts places;
};

/// Where a directory import lands (adapters/postgres/PgDirectoryImportStore). A run is staged
/// whole first, then applied: an import that stops before apply() changes nothing in the directory.
class DirectoryImportStore
{
public:
    virtual ~DirectoryImportStore() = default;

    /// Opens a run (dropping what interrupted runs left staged) and returns its id.
    virtual Result<std::int64_t> beginRun(const std::string& file, const ImportScope& scope) = 0;
    /// Adds activities to the run; nothing is visible in the directory yet.
    virtual Status stage(std::int64_t run, const std::vector<ImportedActivity>& activities) = 0;
    /// Applies the differences between the staged run and the directory, practitioner by practitioner in
    /// batches of `batchSize` practitioners (one transaction each), then deactivates the imported rows of the
    /// scope the run does not list. Only imported columns are written. `progress(done, total)` after each batch.
    virtual Result<ImportApplied> apply(std::int64_t run, const ImportScope& scope, std::size_t batchSize,
                                        const std::function<void(std::size_t, std::size_t)>& progress) = 0;
    /// Marks the run failed and drops its staged rows; the directory is untouched.
    virtual Status abandon(std::int64_t run, const std::string& reason) = 0;
    /// Marks the run completed with its summary and drops its staged rows.
    virtual Status complete(std::int64_t run, const std::string& summary) = 0;
};

} // namespace sas::core
