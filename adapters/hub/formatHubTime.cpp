#include "adapters/hub/formatHubTime.h"

#include "fhir/search/EuropeParisTime.h"

#include <cstdio>

namespace sas::adapters::hub
{

std::string formatHubTime(core::Instant instant)
{
    using namespace std::chrono;
    const auto utcSeconds = instant.time_since_epoch().count();
    const auto offset = fhir::search::EuropeParisTime::offsetAt(utcSeconds * fhir::search::MICROS_PER_SECOND) /
                        fhir::search::MICROS_PER_SECOND;
    const sys_seconds local{seconds(utcSeconds + offset)};
    const auto day = floor<days>(local);
    const year_month_day date{day};
    const hh_mm_ss time{local - day};
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02ld:%02ld", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), long(time.hours().count()),
                  long(time.minutes().count()), long(time.seconds().count()), offset < 0 ? '-' : '+',
                  long((offset < 0 ? -offset : offset) / 3600), long((offset < 0 ? -offset : offset) % 3600 / 60));
    return text;
}

} // namespace sas::adapters::hub
