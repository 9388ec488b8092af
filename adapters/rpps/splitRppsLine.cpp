#include "adapters/rpps/splitRppsLine.h"

namespace sas::adapters::rpps
{

std::size_t firstInvalidUtf8(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size)
    {
        const unsigned char c = bytes[i];
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF)
            length = 2;
        else if (c >= 0xE0 && c <= 0xEF)
        {
            length = 3;
            if (c == 0xE0)
                low = 0xA0; // no overlong forms
            if (c == 0xED)
                high = 0x9F; // no surrogates
        }
        else if (c >= 0xF0 && c <= 0xF4)
        {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            if (c == 0xF4)
                high = 0x8F;
        }
        else
            return i;
        if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high)
            return i;
        for (std::size_t k = 2; k < length; ++k)
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF)
                return i;
        i += length;
    }
    return std::string_view::npos;
}

void splitFields(std::string_view line, std::vector<std::string_view>& fields)
{
    fields.clear();
    std::size_t start = 0;
    while (true)
    {
        const std::size_t bar = line.find('|', start);
        if (bar == std::string_view::npos)
        {
            fields.push_back(line.substr(start));
            return;
        }
        fields.push_back(line.substr(start, bar - start));
        start = bar + 1;
    }
}

std::optional<LineProblem> splitRppsLine(std::string_view line, const RppsHeader& header,
                                         std::vector<std::string_view>& scratch, RppsLine& out)
{
    if (auto bad = firstInvalidUtf8(line); bad != std::string_view::npos)
        return LineProblem{"not UTF-8 (Latin-1 bytes?)", "byte " + std::to_string(bad + 1)};
    splitFields(line, scratch);
    if (scratch.size() < header.fieldCount)
        return LineProblem{"truncated line", std::to_string(scratch.size()) + " of " + std::to_string(header.fieldCount) + " fields"};
    if (scratch.size() > header.fieldCount)
        return LineProblem{"too many fields", std::to_string(scratch.size()) + " instead of " + std::to_string(header.fieldCount)};
    for (std::size_t field = 0; field < out.fields.size(); ++field)
        out.fields[field] = scratch[header.index[field]];
    return std::nullopt;
}

} // namespace sas::adapters::rpps
