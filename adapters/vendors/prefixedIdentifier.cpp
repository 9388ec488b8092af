#include "adapters/vendors/prefixedIdentifier.h"

#include <algorithm>
#include <cctype>

namespace sas::adapters::vendors
{
namespace
{

bool allDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool allAlnum(std::string_view text)
{
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

} // namespace

std::optional<std::string> prefixedPractitionerId(std::string_view id)
{
    if (id.size() == 11 && allDigits(id))
        return "8" + std::string(id);
    if (id.size() == 12 && id.front() == '8' && allDigits(id))
        return std::string(id);
    // ADELI numbers may carry a letter (2A/2B départements).
    if (id.size() == 9 && allAlnum(id))
        return "0" + std::string(id);
    if (id.size() == 10 && id.front() == '0' && allAlnum(id))
        return std::string(id);
    return std::nullopt;
}

std::optional<std::string> prefixedSiret(std::string_view siret)
{
    if (siret.size() == 14 && allDigits(siret))
        return "3" + std::string(siret);
    if (siret.size() == 15 && siret.front() == '3' && allDigits(siret))
        return std::string(siret);
    return std::nullopt;
}

} // namespace sas::adapters::vendors
