#pragma once

#include "core/Result.h"
#include "core/time/ZoneRules.h"

#include <memory>
#include <string_view>

namespace sas::core
{

/// The IANA time-zone database, as an edge provides it (adapters/geo/ZoneinfoTimeZones reads the
/// system's zoneinfo: g++ 12's std::chrono has no tzdb).
class TimeZones
{
public:
    virtual ~TimeZones() = default;
    /// The rules of a zone ("Europe/Paris"); NotFound or Invalid for an unknown or bad name.
    virtual Result<std::shared_ptr<const ZoneRules>> zone(std::string_view name) const = 0;
};

} // namespace sas::core
