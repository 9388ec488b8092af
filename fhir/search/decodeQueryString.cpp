#include "fhir/search/decodeQueryString.h"

namespace sas::fhir::search
{

namespace
{

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '+')
            out.push_back(' ');
        else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0)
        {
            out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        }
        else
            out.push_back(text[i]);
    }
    return out;
}

} // namespace

QueryParameters decodeQueryString(std::string_view query)
{
    QueryParameters parameters;
    std::size_t pos = 0;
    while (pos <= query.size())
    {
        const std::size_t end = query.find('&', pos);
        const std::string_view pair = query.substr(pos, end - pos);
        if (!pair.empty())
        {
            const std::size_t equals = pair.find('=');
            parameters.emplace_back(decode(pair.substr(0, equals)),
                                    equals == std::string_view::npos ? std::string() : decode(pair.substr(equals + 1)));
        }
        if (end == std::string_view::npos)
            break;
        pos = end + 1;
    }
    return parameters;
}

} // namespace sas::fhir::search
