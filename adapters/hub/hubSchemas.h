#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sas::adapters::hub
{

/// The Hub schemas the outgoing gate applies (adapters/hub/schemas, compiled in): file name → JSON text.
const std::vector<std::pair<std::string, std::string>>& hubSchemas();

} // namespace sas::adapters::hub
