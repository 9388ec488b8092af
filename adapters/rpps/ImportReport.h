#pragma once

#include "core/Error.h"
#include "core/ports/DirectoryImportStore.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sas::adapters::rpps
{

/// Lines set aside for one reason: how many, and the first few with what was wrong.
struct LineList
{
    static constexpr std::size_t LISTED = 10;

    std::size_t count = 0;
    std::vector<std::pair<std::uint32_t, std::string>> first; ///< line number, detail

    void add(std::uint32_t line, std::string detail);
};

/// Everything an import run did, for the summary an operator reads.
struct ImportReport
{
    std::uint64_t lines = 0;          ///< data lines read (header excluded)
    std::uint64_t bytes = 0;
    std::uint64_t sasActivities = 0;  ///< staged
    std::uint64_t notSas = 0;         ///< other professions and specialties
    std::uint64_t outOfScope = 0;     ///< other départements
    std::map<std::string, LineList> rejected; ///< by reason
    LineList withoutPlace;            ///< SAS activities without a locatable address: practitioner only
    std::optional<core::ImportApplied> applied;
    std::optional<core::Error> failure; ///< set when the run stopped
    bool applyStarted = false;
    bool readFailed = false;            ///< the file could not be read to its end          ///< a failure before it left the directory unchanged

    std::size_t rejectedCount() const;
};

/// The end-of-run summary: lines, kept, rejected with reasons by count and the first line numbers, and the
/// added / updated / unchanged / deactivated practitioners and places.
std::string formatImportReport(const ImportReport& report);

} // namespace sas::adapters::rpps
