#pragma once

#include <string>
#include <string_view>

namespace sas::core
{

/// Decodes one name or value of a query string the way HTML forms encode them: `+` is a space, `%XX` is a byte,
/// and a `%` not followed by two hex digits is kept as written (then `*malformed` is set, when given). Never fails;
/// the bytes are returned as decoded, UTF-8 or not.
std::string percentDecode(std::string_view text, bool* malformed = nullptr);

} // namespace sas::core
