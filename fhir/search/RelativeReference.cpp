#include "fhir/search/RelativeReference.h"

#include "fhir/model/isValidPrimitive.h"

#include <algorithm>

namespace sas::fhir::search
{

std::optional<RelativeReference> RelativeReference::parse(std::string_view text)
{
    const std::size_t history = text.find("/_history/");
    if (history != std::string_view::npos)
        text = text.substr(0, history);
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    const std::string_view type = text.substr(0, slash);
    const std::string_view id = text.substr(slash + 1);
    if (type.empty() || type[0] < 'A' || type[0] > 'Z' ||
        !std::all_of(type.begin(), type.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }) ||
        !isValidPrimitive("id", id))
        return std::nullopt;
    return RelativeReference{std::string(type), std::string(id)};
}

} // namespace sas::fhir::search
