#pragma once

#include <chrono>
#include <string>

namespace sas::app
{

/// A FHIR instant in UTC with milliseconds: "2026-11-22T07:05:01.123Z".
std::string formatInstant(std::chrono::system_clock::time_point time);

} // namespace sas::app
