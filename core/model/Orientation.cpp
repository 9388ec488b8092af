#include "core/model/Orientation.h"

#include <array>
#include <utility>

namespace sas::core
{
namespace
{

constexpr std::array CATEGORIES{std::pair{OrientationCategory::Ps, "PS"},     std::pair{OrientationCategory::Sos, "SOS"},
                                std::pair{OrientationCategory::Pdm, "PDM"},   std::pair{OrientationCategory::Cpts, "CPTS"},
                                std::pair{OrientationCategory::Cds, "CDS"},   std::pair{OrientationCategory::Msp, "MSP"}};
constexpr std::array STATUSES{std::pair{OrientationStatus::Pending, "pending"},
                              std::pair{OrientationStatus::Booked, "booked"},
                              std::pair{OrientationStatus::Fulfilled, "fulfilled"},
                              std::pair{OrientationStatus::NoShow, "noshow"},
                              std::pair{OrientationStatus::Cancelled, "cancelled"}};

template <typename Table, typename Value>
const char* nameOf(const Table& table, Value value)
{
    for (const auto& [candidate, name] : table)
        if (candidate == value)
            return name;
    return "";
}

template <typename Table>
auto valueOf(const Table& table, std::string_view text) -> std::optional<typename Table::value_type::first_type>
{
    for (const auto& [candidate, name] : table)
        if (text == name)
            return candidate;
    return std::nullopt;
}

} // namespace

const char* toString(OrientationCategory category)
{
    return nameOf(CATEGORIES, category);
}

const char* toString(OrientationStatus status)
{
    return nameOf(STATUSES, status);
}

std::optional<OrientationCategory> parseOrientationCategory(std::string_view text)
{
    return valueOf(CATEGORIES, text);
}

std::optional<OrientationStatus> parseOrientationStatus(std::string_view text)
{
    return valueOf(STATUSES, text);
}

} // namespace sas::core
