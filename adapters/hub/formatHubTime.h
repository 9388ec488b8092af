#pragma once

#include "core/model/Orientation.h"

#include <string>

namespace sas::adapters::hub
{

/// An instant as the Hub wants it: Europe/Paris offset, seconds precision, never `Z` ("2025-10-28T17:05:54+01:00").
std::string formatHubTime(core::Instant instant);

} // namespace sas::adapters::hub
