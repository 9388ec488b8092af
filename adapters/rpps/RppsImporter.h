#pragma once

#include "adapters/rpps/ActivityMapper.h"
#include "adapters/rpps/ImportReport.h"
#include "core/ports/DirectoryImportStore.h"

#include <functional>
#include <istream>
#include <string>

namespace sas::adapters::rpps
{

struct ImportOptions
{
    std::size_t stageBatch = 10000;  ///< activities per COPY into the run
    std::size_t applyBatch = 10000;  ///< practitioners per transaction when applying
    /// The run stops (changing nothing) once more than this many lines are rejected and they are more than
    /// `rejectedShare` of the lines read: a file that turns to garbage must not deactivate half a territory.
    std::size_t rejectedTolerance = 100;
    double rejectedShare = 0.05;
};

/// Observers of a run's progress, called from the importing thread.
struct ImportProgress
{
    std::function<void(std::uint64_t lines, std::uint64_t bytes)> reading; ///< every few thousand lines
    std::function<void(std::size_t done, std::size_t total)> applying;     ///< after each batch
};

/// Imports one directory extraction: checks the header (a file that is not this extraction stops before
/// anything is written), streams the lines (one in memory at a time), keeps the SAS activities of the scope,
/// reports every other line by reason with its number (not UTF-8, truncated, duplicate…), stages the run,
/// then has the store apply the differences and deactivate what the file no longer lists.
class RppsImporter
{
public:
    RppsImporter(core::DirectoryImportStore& store, ActivityMapper& mapper, ImportOptions options = {});

    /// `label` names the file in the run's record. The report says what happened, `failure` when it stopped.
    ImportReport run(std::istream& in, const std::string& label, const core::ImportScope& scope,
                     const ImportProgress& progress = {});

private:
    core::DirectoryImportStore& _store;
    ActivityMapper& _mapper;
    ImportOptions _options;
};

} // namespace sas::adapters::rpps
