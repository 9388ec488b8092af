#pragma once

#include <string>
#include <string_view>

namespace sas::core
{

/// Lower-case ASCII form of a French label for matching: accents folded ("É" → "e"), punctuation
/// and runs of spaces become one space, trimmed. "Médecine  générale" → "medecine generale".
std::string foldText(std::string_view text);

} // namespace sas::core
