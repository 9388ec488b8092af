#include "fhir/rest/weakETag.h"

#include <Poco/NumberParser.h>

namespace sas::fhir::rest
{

std::string weakETag(int version)
{
    return "W/\"" + std::to_string(version) + "\"";
}

std::optional<int> parseETag(std::string_view etag)
{
    if (etag.substr(0, 2) == "W/")
        etag.remove_prefix(2);
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
        etag = etag.substr(1, etag.size() - 2);
    int version = 0;
    if (!Poco::NumberParser::tryParse(std::string(etag), version) || version < 1)
        return std::nullopt;
    return version;
}

} // namespace sas::fhir::rest
