#include "app/ImportProgressPrinter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sas::app
{
namespace
{

/// 1234567 → "1,234,567"
std::string grouped(std::uint64_t value)
{
    const std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i)
    {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

std::string duration(double seconds)
{
    const long total = std::lround(seconds);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    return text;
}

double rate(const ImportProgressState& s)
{
    return s.elapsedSeconds > 0 ? double(s.lines) / s.elapsedSeconds : 0;
}

/// Seconds left, from the share of bytes read so far; negative when unknown.
double remaining(const ImportProgressState& s)
{
    if (s.totalBytes == 0 || s.bytes == 0 || s.elapsedSeconds <= 0)
        return -1;
    const double share = std::min(1.0, double(s.bytes) / double(s.totalBytes));
    return s.elapsedSeconds * (1 - share) / share;
}

int percent(const ImportProgressState& s)
{
    return s.totalBytes ? int(std::min<std::uint64_t>(100, s.bytes * 100 / s.totalBytes)) : -1;
}

} // namespace

std::string formatProgressBar(const ImportProgressState& s)
{
    constexpr int WIDTH = 20;
    std::string out;
    if (percent(s) >= 0)
    {
        const int filled = percent(s) * WIDTH / 100;
        out = "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(WIDTH - filled), '.') + "] ";
        char share[8];
        std::snprintf(share, sizeof share, "%3d%%", percent(s));
        out += share;
        out += "  ";
    }
    out += grouped(s.lines) + " lines  " + grouped(static_cast<std::uint64_t>(rate(s))) + " lines/s";
    if (remaining(s) >= 0)
        out += "  ETA " + duration(remaining(s));
    return out;
}

std::string formatProgressLine(const ImportProgressState& s)
{
    std::string out = "directory import: " + std::to_string(s.lines) + " lines read";
    if (percent(s) >= 0)
        out += " (" + std::to_string(percent(s)) + " %)";
    out += ", " + std::to_string(static_cast<std::uint64_t>(rate(s))) + " lines/s";
    if (remaining(s) >= 0)
        out += ", about " + std::to_string(std::lround(remaining(s))) + " s left";
    return out;
}

ImportProgressPrinter::ImportProgressPrinter(std::ostream& out, bool terminal, const core::Clock& clock,
                                             std::uint64_t totalBytes, std::chrono::milliseconds period)
    : _out(out), _terminal(terminal), _clock(clock), _totalBytes(totalBytes),
      _period(terminal ? std::chrono::milliseconds(200) : period), _start(clock.now()), _last(_start)
{
}

double ImportProgressPrinter::elapsed() const
{
    return std::chrono::duration<double>(_clock.now() - _start).count();
}

bool ImportProgressPrinter::due()
{
    const auto now = _clock.now();
    if (now - _last < _period)
        return false;
    _last = now;
    return true;
}

void ImportProgressPrinter::reading(std::uint64_t lines, std::uint64_t bytes)
{
    const bool last = _totalBytes && bytes >= _totalBytes;
    if (!due() && !(last && _terminal))
        return;
    const ImportProgressState state{lines, bytes, _totalBytes, elapsed()};
    if (_terminal)
    {
        _out << '\r' << formatProgressBar(state) << "\x1b[K" << std::flush;
        _drawn = true;
    }
    else
        _out << formatProgressLine(state) << std::endl;
}

void ImportProgressPrinter::applying(std::size_t done, std::size_t total)
{
    if (!due() && done != total)
        return;
    const std::string text = "applying differences: batch " + std::to_string(done) + " of " + std::to_string(total);
    if (_terminal)
    {
        _out << '\r' << text << "\x1b[K" << std::flush;
        _drawn = true;
    }
    else
        _out << "directory import: " << text << std::endl;
}

void ImportProgressPrinter::finish()
{
    if (_terminal && _drawn)
        _out << '\n' << std::flush;
    _drawn = false;
}

} // namespace sas::app
