#include "adapters/lrm/LenientQuery.h"

#include "core/text/percentDecode.h"

namespace sas::adapters::lrm
{
namespace
{

bool isValidUtf8(const std::string& text)
{
    std::size_t i = 0;
    while (i < text.size())
    {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        unsigned int codePoint = 0;
        if (byte < 0x80)
            length = 1, codePoint = byte;
        else if ((byte & 0xE0) == 0xC0)
            length = 2, codePoint = byte & 0x1F;
        else if ((byte & 0xF0) == 0xE0)
            length = 3, codePoint = byte & 0x0F;
        else if ((byte & 0xF8) == 0xF0)
            length = 4, codePoint = byte & 0x07;
        else
            return false;
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k)
        {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
        static const unsigned int MINIMUM[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < MINIMUM[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::string latin1ToUtf8(const std::string& text)
{
    std::string out;
    out.reserve(text.size() * 2);
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80)
            out += c;
        else
        {
            out += static_cast<char>(0xC0 | (byte >> 6));
            out += static_cast<char>(0x80 | (byte & 0x3F));
        }
    }
    return out;
}

} // namespace

const char* toString(DecodingNotice::Kind kind)
{
    switch (kind)
    {
    case DecodingNotice::Kind::DuplicateKey:
        return "duplicate-key";
    case DecodingNotice::Kind::MalformedPercent:
        return "malformed-percent";
    case DecodingNotice::Kind::Latin1Recovered:
        return "latin1-recovered";
    }
    return "unknown";
}

const std::string& LenientQuery::get(const std::string& key) const
{
    static const std::string EMPTY;
    auto found = values.find(key);
    return found == values.end() ? EMPTY : found->second;
}

LenientQuery decodeLenientQuery(std::string_view rawQuery, core::LrmDialect::Encoding encoding)
{
    const bool latin1Always = encoding == core::LrmDialect::Encoding::Latin1;
    LenientQuery query;
    std::size_t start = 0;
    while (start <= rawQuery.size())
    {
        std::size_t end = rawQuery.find('&', start);
        if (end == std::string_view::npos)
            end = rawQuery.size();
        const std::string_view pair = rawQuery.substr(start, end - start);
        start = end + 1;
        if (pair.empty())
            continue;
        const std::size_t equals = pair.find('=');
        bool malformed = false;
        std::string key = core::percentDecode(pair.substr(0, equals), &malformed);
        std::string value =
            equals == std::string_view::npos ? std::string() : core::percentDecode(pair.substr(equals + 1), &malformed);
        bool latin1 = false;
        if (latin1Always)
        {
            key = latin1ToUtf8(key);
            value = latin1ToUtf8(value);
        }
        else
        {
            if (!isValidUtf8(key))
                key = latin1ToUtf8(key), latin1 = true;
            if (!isValidUtf8(value))
                value = latin1ToUtf8(value), latin1 = true;
        }
        if (malformed)
            query.notices.push_back({DecodingNotice::Kind::MalformedPercent, key});
        if (latin1)
            query.notices.push_back({DecodingNotice::Kind::Latin1Recovered, key});
        if (query.values.count(key))
            query.notices.push_back({DecodingNotice::Kind::DuplicateKey, key});
        else
            query.keys.push_back(key);
        query.values[key] = std::move(value);
    }
    return query;
}

} // namespace sas::adapters::lrm
