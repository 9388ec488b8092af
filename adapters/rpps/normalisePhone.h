#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::adapters::rpps
{

/// A French number as written in the directory ("01 23 45 67 89", "01.23.45.67.89", "+33 1 23…", "0033…") in
/// E.164: "+33123456789"; overseas numbers with their own country code (0590/0690 → +590, 0596/0696 → +596,
/// 0594/0694 → +594, 0262/0692/0693/0269/0639 → +262, 0508 → +508). nullopt when it is not a 10-digit French
/// number once spaces, dots, dashes and brackets are removed.
std::optional<std::string> normalisePhone(std::string_view text);

} // namespace sas::adapters::rpps
