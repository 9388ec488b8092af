#include "adapters/geo/ZoneinfoTimeZones.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace sas::adapters::geo
{

ZoneinfoTimeZones::ZoneinfoTimeZones(std::string directory) : _directory(std::move(directory)) { }

namespace
{

/// "Area/Location" names only: no "..", no absolute path, nothing a file name could abuse.
bool isZoneName(std::string_view name)
{
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+')
            return false;
    return true;
}

} // namespace

core::Result<std::shared_ptr<const core::ZoneRules>> ZoneinfoTimeZones::zone(std::string_view name) const
{
    if (!isZoneName(name))
        return core::fail(core::ErrorCode::Invalid, "'" + std::string(name.substr(0, 64)) + "' is not an IANA time zone",
                          "timeZone");
    std::lock_guard lock(_mutex);
    if (auto it = _cache.find(name); it != _cache.end())
        return it->second;
    std::ifstream file(_directory + "/" + std::string(name), std::ios::binary);
    if (!file)
        return core::fail(core::ErrorCode::Invalid, "unknown time zone '" + std::string(name) + "'", "timeZone");
    std::ostringstream bytes;
    bytes << file.rdbuf();
    auto rules = core::parseTzif(std::string(name), bytes.str());
    if (!rules)
        return core::fail(core::ErrorCode::Invalid, "unknown time zone '" + std::string(name) + "'", "timeZone");
    auto shared = std::make_shared<const core::ZoneRules>(std::move(*rules));
    _cache.emplace(std::string(name), shared);
    return shared;
}

} // namespace sas::adapters::geo
