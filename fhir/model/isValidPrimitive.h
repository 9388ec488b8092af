#pragma once

#include <string_view>

namespace sas::fhir
{

/// Whether `lexical` is a valid value of the FHIR R4 primitive type `type` ("dateTime", "positiveInt"…), by
/// the regular expressions and ranges of the R4 datatypes page: no empty values; code without leading, trailing
/// or doubled whitespace; id of 1–64 [A-Za-z0-9.-]; uri/url/canonical without whitespace; date, dateTime,
/// instant and time with real calendar dates and time-zone offsets from -14:00 to +14:00 (required on a
/// dateTime with a time, and on an instant); integer, positiveInt, unsignedInt within 32 bits; decimal by the
/// JSON number grammar; base64Binary in 4-character groups. xhtml is only checked to be non-empty here.
/// Unknown types are accepted when non-empty.
bool isValidPrimitive(std::string_view type, std::string_view lexical);

} // namespace sas::fhir
