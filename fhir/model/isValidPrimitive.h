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

/// Whether a valid decimal's magnitude fits a double (at most about 1.8e308): decimals are kept as written, but
/// every consumer that computes with one (search, sorting, peers) reads it as a double, and `1e999` would become
/// infinity there; the readers refuse it with its path. Values too small for a double only lose precision
/// (`1e-999` reads as 0) and are accepted.
bool decimalFitsDouble(std::string_view decimal);

} // namespace sas::fhir
