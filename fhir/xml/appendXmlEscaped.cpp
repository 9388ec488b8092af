#include "fhir/xml/appendXmlEscaped.h"

namespace sas::fhir
{

void appendXmlEscaped(std::string& out, std::string_view text, bool attribute)
{
    std::size_t plain = 0;
    auto flush = [&](std::size_t end)
    {
        out.append(text.data() + plain, end - plain);
        plain = end + 1;
    };
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        switch (c)
        {
        case '&':
            flush(i);
            out += "&amp;";
            break;
        case '<':
            flush(i);
            out += "&lt;";
            break;
        case '>':
            flush(i);
            out += "&gt;";
            break;
        case '"':
            if (attribute)
            {
                flush(i);
                out += "&quot;";
            }
            break;
        case '\n':
            if (attribute)
            {
                flush(i);
                out += "&#xA;";
            }
            break;
        case '\r':
            flush(i);
            out += "&#xD;";
            break;
        case '\t':
            if (attribute)
            {
                flush(i);
                out += "&#x9;";
            }
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                flush(i);
        }
    }
    out.append(text.data() + plain, text.size() - plain);
}

} // namespace sas::fhir
