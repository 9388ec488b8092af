#pragma once

#include "fhir/search/parseSearch.h"

#include <string>

namespace sas::fhir::search
{

/// The query string of a searchset's `self` link (without '?'): the request's decoded parameters, all of them, in
/// request order, each name and value percent-encoded so that decoding gives them back exactly (issue 3 point 5:
/// "same decoded parameters, none added or dropped"). Unreserved characters and `: / , * ! ' ( ) ; @ ? $` stay as
/// they are (so `_include=Slot:schedule` reads as in the IG); `|` becomes `%7C` as in the IG's own self links,
/// `+` `%2B`, space `%20`, `&` `=` `#` `%` `\` and every non-ASCII byte are encoded (UTF-8, upper-case hex).
std::string selfLinkQuery(const QueryParameters& parameters);

} // namespace sas::fhir::search
