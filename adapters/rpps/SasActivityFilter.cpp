#include "adapters/rpps/SasActivityFilter.h"

namespace sas::adapters::rpps
{

SasActivityFilter::SasActivityFilter(const core::SpecialtyCatalog& catalog)
{
    for (const auto& specialty : catalog.all())
    {
        if (specialty.system.find("TRE_G15") != std::string::npos || specialty.system.find("TRE-G15") != std::string::npos)
            _professions.insert(specialty.code);
        else
            _specialties.insert(specialty.code);
    }
}

std::string_view SasActivityFilter::searchCode(std::string_view profession, std::string_view skill) const
{
    if (profession == DOCTOR)
    {
        auto found = _specialties.find(skill);
        return found == _specialties.end() ? std::string_view() : std::string_view(*found);
    }
    auto found = _professions.find(profession);
    return found == _professions.end() ? std::string_view() : std::string_view(*found);
}

} // namespace sas::adapters::rpps
