#include "core/search/foldText.h"

#include <cctype>

namespace sas::core
{

namespace
{

/// The ASCII letter of a two-byte UTF-8 Latin-1 letter (C3 xx), or 0.
char foldLatin1(unsigned char second)
{
    static constexpr std::string_view TABLE = // C3 80 .. C3 BF
        "aaaaaaaceeeeiiii"  // 80-8F: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
        "dnooooo*ouuuuyts"  // 90-9F
        "aaaaaaaceeeeiiii"  // A0-AF
        "dnooooo/ouuuuyty"; // B0-BF
    if (second < 0x80 || second > 0xBF)
        return 0;
    const char c = TABLE[second - 0x80];
    return std::isalpha(static_cast<unsigned char>(c)) ? c : 0;
}

} // namespace

std::string foldText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    const auto put = [&](char c) {
        if (pendingSpace && !out.empty())
            out += ' ';
        pendingSpace = false;
        out += c;
    };
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size())
        {
            const char folded = foldLatin1(static_cast<unsigned char>(text[i + 1]));
            ++i;
            if (folded)
                put(folded);
            else
                pendingSpace = true;
        }
        else if (c == 0xC5 && i + 1 < text.size() && (text[i + 1] == '\x92' || text[i + 1] == '\x93'))
        {
            put('o'); // Œ œ
            put('e');
            ++i;
        }
        else if (std::isalnum(c))
            put(static_cast<char>(std::tolower(c)));
        else if (c >= 0x80)
            continue; // other non-ASCII bytes carry no matching value
        else
            pendingSpace = true;
    }
    return out;
}

} // namespace sas::core
