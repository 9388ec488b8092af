#pragma once

#include "core/Clock.h"

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace sas::app
{

/// Where a directory import is: lines read, share of the file, rate, time left.
struct ImportProgressState
{
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;
    std::uint64_t totalBytes = 0; ///< 0 when unknown (a pipe)
    double elapsedSeconds = 0;
};

/// "[#########...........]  45%  812,345 lines  95,210 lines/s  ETA 0:09" for a terminal line.
std::string formatProgressBar(const ImportProgressState& state);
/// "directory import: 812345 lines read (45 %), 95210 lines/s, about 9 s left" for logs.
std::string formatProgressLine(const ImportProgressState& state);

/// Prints an import's progress: on a terminal a bar redrawn in place a few times a second, otherwise a plain
/// line every `period`. Time comes from the injected clock.
class ImportProgressPrinter
{
public:
    ImportProgressPrinter(std::ostream& out, bool terminal, const core::Clock& clock, std::uint64_t totalBytes,
                          std::chrono::milliseconds period = std::chrono::seconds(5));

    void reading(std::uint64_t lines, std::uint64_t bytes);
    void applying(std::size_t done, std::size_t total);
    /// Ends the bar's line (terminal) after the last update.
    void finish();

private:
    bool due();
    double elapsed() const;

    std::ostream& _out;
    bool _terminal;
    const core::Clock& _clock;
    std::uint64_t _totalBytes;
    std::chrono::milliseconds _period;
    std::chrono::system_clock::time_point _start;
    std::chrono::system_clock::time_point _last;
    bool _drawn = false;
};

} // namespace sas::app
