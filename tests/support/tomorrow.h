#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace sas::test
{

/// Tomorrow's date (UTC, "YYYY-MM-DD") as seen two hours from now, so a test started just before midnight still
/// books inside the search window.
inline std::string tomorrow()
{
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours(26));
    const std::chrono::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buffer;
}

} // namespace sas::test
