#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::adapters::oidc
{

/// RFC 4648 §5 without padding, as JWS and PKCE write it.
std::string base64UrlEncode(std::string_view bytes);
/// The bytes, or nullopt when `text` holds a character outside the URL-safe alphabet or an impossible length.
/// Padding is tolerated.
std::optional<std::string> base64UrlDecode(std::string_view text);

} // namespace sas::adapters::oidc
