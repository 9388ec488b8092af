#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sas::fhir::search
{

/// A relative literal reference "Type/id" (a trailing "/_history/<version>" is dropped).
struct RelativeReference
{
    std::string type;
    std::string id;

    /// Reads "Schedule/abc" or "Schedule/abc/_history/2"; nullopt for anything else: absolute URLs, "#contained",
    /// "urn:uuid:…", a bare id, a type that is not an UpperCamelCase word, an id outside [A-Za-z0-9.-]{1,64}.
    static std::optional<RelativeReference> parse(std::string_view text);
};

} // namespace sas::fhir::search
