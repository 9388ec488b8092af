#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <vector>

namespace sas::app
{

// Typed reads of configuration keys, shared by the parsers of app/: each throws ConfigError naming the key.

std::string getString(const Poco::Util::AbstractConfiguration& config, const std::string& key, const std::string& fallback);
std::string requireString(const Poco::Util::AbstractConfiguration& config, const std::string& key);
long getInteger(const Poco::Util::AbstractConfiguration& config, const std::string& key, long fallback, long min, long max);
std::string requireReadableFile(const Poco::Util::AbstractConfiguration& config, const std::string& key);
/// A comma-separated list, items trimmed, empty items dropped.
std::vector<std::string> getList(const Poco::Util::AbstractConfiguration& config, const std::string& key);

} // namespace sas::app
