#pragma once

#include "core/search/SpecialtyCatalog.h"

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace sas::adapters::rpps
{

/// Which activities of the directory matter to the SAS, from JDV_J239: doctors (profession 10) with one of its
/// ordinal specialties (TRE_R38 "SM54"…), and every professional of its professions (TRE_G15 "60" infirmier…).
class SasActivityFilter
{
public:
    static constexpr std::string_view DOCTOR = "10";

    explicit SasActivityFilter(const core::SpecialtyCatalog& catalog);
    SasActivityFilter(std::set<std::string, std::less<>> specialties, std::set<std::string, std::less<>> professions)
        : _specialties(std::move(specialties)), _professions(std::move(professions))
    {
    }

    /// The JDV_J239 code under which the activity is searched ("SM54" for a GP, "60" for a nurse), or empty
    /// when the SAS does not search it.
    std::string_view searchCode(std::string_view profession, std::string_view skill) const;

private:
    std::set<std::string, std::less<>> _specialties;
    std::set<std::string, std::less<>> _professions;
};

} // namespace sas::adapters::rpps
