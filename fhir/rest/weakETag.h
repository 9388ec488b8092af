#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::fhir::rest
{

/// The ETag of a resource version, as FHIR writes it: `W/"3"`.
std::string weakETag(int version);

/// The version an ETag names (`W/"3"` or `"3"`, as If-Match and Bundle.entry.request.ifMatch
/// carry them); nullopt when it is not such an ETag.
std::optional<int> parseETag(std::string_view etag);

} // namespace sas::fhir::rest
