#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sas::adapters::postgres
{

/// A PostgreSQL array literal for a text[] parameter: {"a","b\"c"} (every element quoted).
std::string toPgArray(const std::vector<std::string>& values);
/// A PostgreSQL array literal for a bigint[] parameter.
std::string toPgArray(const std::vector<std::int64_t>& values);

} // namespace sas::adapters::postgres
