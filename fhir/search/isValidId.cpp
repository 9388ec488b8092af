#include "fhir/search/isValidId.h"

#include <algorithm>

namespace sas::fhir::search
{

bool isValidId(std::string_view id)
{
    return !id.empty() && id.size() <= 64 &&
           std::all_of(id.begin(), id.end(),
                       [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                  c == '-' || c == '.';
                       });
}

} // namespace sas::fhir::search
