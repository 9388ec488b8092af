#pragma once

#include "core/ports/TimeZones.h"

#include <map>
#include <mutex>
#include <string>

namespace sas::adapters::geo
{

/// Time zones from the system's compiled IANA database (/usr/share/zoneinfo, package tzdata),
/// read once per zone and cached.
class ZoneinfoTimeZones final : public core::TimeZones
{
public:
    explicit ZoneinfoTimeZones(std::string directory = "/usr/share/zoneinfo");

    core::Result<std::shared_ptr<const core::ZoneRules>> zone(std::string_view name) const override;

private:
    std::string _directory;
    mutable std::mutex _mutex;
    mutable std::map<std::string, std::shared_ptr<const core::ZoneRules>, std::less<>> _cache;
};

} // namespace sas::adapters::geo
