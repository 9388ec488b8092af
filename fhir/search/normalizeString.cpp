#include "fhir/search/normalizeString.h"

namespace sas::fhir::search
{

namespace
{

/// Folded form of U+00C0..U+00FF, index = code point - 0xC0; empty = keep the character.
const char* const LATIN1_FOLDED[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss", //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

} // namespace

std::string normalizeString(std::string_view text)
{
    std::string result;
    result.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size())
    {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80)
        {
            result.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a')
                                                        : static_cast<char>(byte));
            ++i;
            continue;
        }
        if ((byte & 0xE0) == 0xC0 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80)
        {
            const unsigned codePoint = ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            const char* folded = nullptr;
            if (codePoint >= 0xC0 && codePoint <= 0xFF && LATIN1_FOLDED[codePoint - 0xC0][0] != '\0')
                folded = LATIN1_FOLDED[codePoint - 0xC0];
            else if (codePoint == 0x152 || codePoint == 0x153)
                folded = "oe";
            else if (codePoint == 0x178)
                folded = "y";
            else if (codePoint >= 0x300 && codePoint <= 0x36F)
                folded = "";
            if (folded != nullptr)
                result += folded;
            else
                result.append(text.substr(i, 2));
            i += 2;
            continue;
        }
        result.push_back(static_cast<char>(byte));
        ++i;
    }
    return result;
}

} // namespace sas::fhir::search
