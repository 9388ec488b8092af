#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::fhir::rest
{

/// Whether `text` (a request path) holds a `%` not followed by two hexadecimal digits (RFC 3986 §2.1).
bool hasMalformedPercent(std::string_view text);

/// The name, as sent, of the first parameter of a raw query string (without '?') whose name or value holds a
/// malformed percent-escape; nothing when every escape is well formed.
std::optional<std::string> firstMalformedParameter(std::string_view rawQuery);

/// The number of parameters of a raw query string: its non-empty '&'-separated pairs.
std::size_t countQueryParameters(std::string_view rawQuery);

} // namespace sas::fhir::rest
