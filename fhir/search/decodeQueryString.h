#pragma once

#include "fhir/search/parseSearch.h"

#include <string_view>

namespace sas::fhir::search
{

/// The decoded parameters of a raw query string (without '?'), in order, as HTML forms encode them: pairs split on
/// '&' (empty pairs skipped), name and value on the first '=', '+' read as a space, `%XX` decoded (a malformed
/// escape is kept as written). A name without '=' gets an empty value.
QueryParameters decodeQueryString(std::string_view query);

} // namespace sas::fhir::search
