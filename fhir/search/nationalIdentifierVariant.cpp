#include "fhir/search/nationalIdentifierVariant.h"

#include <algorithm>

namespace sas::fhir::search
{

std::optional<std::string> nationalIdentifierVariant(std::string_view system, std::string_view value)
{
    if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    struct Shape
    {
        char prefix;
        std::size_t digits; ///< length without the prefix
    };
    static const Shape IDNPS[] = {{'8', 11}, {'0', 9}};
    static const Shape IDNST[] = {{'1', 9}, {'3', 14}};
    const Shape* begin = nullptr;
    const Shape* end = nullptr;
    if (system == IDNPS_SYSTEM)
    {
        begin = std::begin(IDNPS);
        end = std::end(IDNPS);
    }
    else if (system == IDNST_SYSTEM)
    {
        begin = std::begin(IDNST);
        end = std::end(IDNST);
    }
    for (const Shape* shape = begin; shape != end; ++shape)
    {
        if (value.size() == shape->digits + 1 && value[0] == shape->prefix)
            return std::string(value.substr(1));
        if (value.size() == shape->digits)
            return shape->prefix + std::string(value);
    }
    return std::nullopt;
}

} // namespace sas::fhir::search
