#pragma once

#include <string>
#include <string_view>

namespace sas::fhir
{

/// Appends `text` escaped for XML: `&`, `<`, `>` always; in an attribute also `"` and the whitespace characters
/// that attribute-value normalisation would turn into spaces (tab, newline, carriage return) as character
/// references. Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return) are dropped there too.
void appendXmlEscaped(std::string& out, std::string_view text, bool attribute);

} // namespace sas::fhir
