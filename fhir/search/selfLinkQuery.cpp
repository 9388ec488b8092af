#include "fhir/search/selfLinkQuery.h"

namespace sas::fhir::search
{

namespace
{

void appendEncoded(std::string& out, std::string_view text)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                          (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' ||
                          c == '/' || c == ',' || c == '*' || c == '!' || c == '\'' || c == '(' || c == ')' ||
                          c == ';' || c == '@' || c == '?' || c == '$';
        if (keep)
            out.push_back(c);
        else
        {
            out.push_back('%');
            out.push_back(HEX[byte >> 4]);
            out.push_back(HEX[byte & 0x0F]);
        }
    }
}

} // namespace

std::string selfLinkQuery(const QueryParameters& parameters)
{
    std::string query;
    for (const auto& [name, value] : parameters)
    {
        if (!query.empty())
            query.push_back('&');
        appendEncoded(query, name);
        query.push_back('=');
        appendEncoded(query, value);
    }
    return query;
}

} // namespace sas::fhir::search
