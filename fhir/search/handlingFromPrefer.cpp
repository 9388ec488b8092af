#include "fhir/search/handlingFromPrefer.h"

#include <cctype>
#include <string>

namespace sas::fhir::search
{

Handling handlingFromPrefer(std::string_view prefer)
{
    std::string lower;
    for (char c : prefer)
    {
        if (c != ' ' && c != '\t' && c != '"')
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    std::size_t pos = 0;
    while (pos <= lower.size())
    {
        const std::size_t end = lower.find_first_of(",;", pos);
        const std::string_view item = std::string_view(lower).substr(pos, end - pos);
        if (item == "handling=lenient")
            return Handling::Lenient;
        if (end == std::string::npos)
            break;
        pos = end + 1;
    }
    return Handling::Strict;
}

} // namespace sas::fhir::search
