#include "fhir/rest/malformedPercent.h"

#include <cctype>

namespace sas::fhir::rest
{

bool hasMalformedPercent(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '%' && (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
                               !std::isxdigit(static_cast<unsigned char>(text[i + 2]))))
            return true;
    return false;
}

std::optional<std::string> firstMalformedParameter(std::string_view rawQuery)
{
    std::size_t start = 0;
    while (start <= rawQuery.size())
    {
        const std::size_t end = std::min(rawQuery.find('&', start), rawQuery.size());
        const std::string_view pair = rawQuery.substr(start, end - start);
        if (hasMalformedPercent(pair))
            return std::string(pair.substr(0, pair.find('=')));
        start = end + 1;
    }
    return std::nullopt;
}

std::size_t countQueryParameters(std::string_view rawQuery)
{
    std::size_t count = 0;
    std::size_t start = 0;
    while (start <= rawQuery.size())
    {
        const std::size_t end = std::min(rawQuery.find('&', start), rawQuery.size());
        if (end > start)
            ++count;
        start = end + 1;
    }
    return count;
}

} // namespace sas::fhir::rest
