#pragma once

#include <string_view>

namespace sas::fhir::search
{

/// Whether `id` is a valid FHIR id: 1–64 characters of [A-Za-z0-9.-].
bool isValidId(std::string_view id);

} // namespace sas::fhir::search
