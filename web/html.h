#pragma once

#include <string>
#include <string_view>

namespace sas::web
{

/// Text made safe for HTML element content and quoted attribute values: & < > " ' escaped, control characters
/// dropped, and bytes that are not UTF-8 replaced by U+FFFD so a stray Latin-1 byte cannot confuse the parser.
std::string escapeHtml(std::string_view text);

/// A query string from a caller, made safe to put in an href: bytes outside printable ASCII and the characters
/// " ' < > ` \ space percent-encoded. The result still needs escapeHtml (for &).
std::string safeQuery(std::string_view rawQuery);

/// `rawQuery` without the parameters named in `names` (their key matched before any decoding).
std::string withoutParameters(std::string_view rawQuery, std::initializer_list<std::string_view> names);

} // namespace sas::web
