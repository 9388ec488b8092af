#pragma once

#include <string>
#include <xercesc/util/XercesDefs.hpp>

namespace sas::fhir
{

/// Converts Xerces' UTF-16 text to UTF-8 (an unpaired surrogate becomes U+FFFD); nullptr gives "".
std::string toUtf8(const XMLCh* text);

/// Appends the UTF-8 form of `text` to `out`.
void appendUtf8(std::string& out, const XMLCh* text);

} // namespace sas::fhir
