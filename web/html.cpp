#include "web/html.h"

#include <algorithm>

namespace sas::web
{
namespace
{

/// Length of the valid UTF-8 sequence starting at `i`, or 0.
std::size_t utf8Length(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + length > text.size() || (length == 2 && lead < 0xc2))
        return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
    return length;
}

} // namespace

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size();)
    {
        const char c = text[i];
        const std::size_t length = utf8Length(text, i);
        if (length == 0)
        {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (length > 1)
        {
            out.append(text.substr(i, length));
            i += length;
            continue;
        }
        ++i;
        switch (c)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t')
                out += c;
        }
    }
    return out;
}

std::string safeQuery(std::string_view rawQuery)
{
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : rawQuery)
    {
        if (c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`' && c != '\\' && c != '#')
            out += static_cast<char>(c);
        else
        {
            out += '%';
            out += HEX[c >> 4];
            out += HEX[c & 15];
        }
    }
    return out;
}

std::string withoutParameters(std::string_view rawQuery, std::initializer_list<std::string_view> names)
{
    std::string out;
    std::size_t start = 0;
    while (start <= rawQuery.size())
    {
        std::size_t end = rawQuery.find('&', start);
        if (end == std::string_view::npos)
            end = rawQuery.size();
        const std::string_view pair = rawQuery.substr(start, end - start);
        const std::string_view key = pair.substr(0, pair.find('='));
        if (!pair.empty() && std::find(names.begin(), names.end(), key) == names.end())
        {
            if (!out.empty())
                out += '&';
            out.append(pair);
        }
        start = end + 1;
    }
    return out;
}

} // namespace sas::web
