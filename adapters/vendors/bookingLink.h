#pragma once

#include <string>
#include <string_view>

namespace sas::adapters::vendors
{

/// INT_SSO (sas-ig.md §5, §8.G #61): the vendor URL from Slot.comment with `origin=sas` appended — after `?` when
/// the URL has no query, after `&` otherwise — before any `#fragment`, existing query and fragment kept. A URL
/// already carrying `origin=sas` is returned unchanged. Empty when `comment` is not an http(s) URL (a WALKIN slot
/// has none; a vendor may put prose there).
std::string bookingLink(std::string_view comment);

} // namespace sas::adapters::vendors
