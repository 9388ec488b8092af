#include "core/search/SpecialtyCatalog.h"

#include "core/search/foldText.h"

#include <algorithm>
#include <cctype>

namespace sas::core
{

SpecialtyCatalog::SpecialtyCatalog(std::vector<Specialty> specialties) : _specialties(std::move(specialties))
{
    for (std::size_t i = 0; i < _specialties.size(); ++i)
        _labels.emplace_back(foldText(_specialties[i].display), i);
}

void SpecialtyCatalog::addAlias(std::string_view label, const std::string& code)
{
    for (std::size_t i = 0; i < _specialties.size(); ++i)
        if (_specialties[i].code == code)
            _labels.emplace_back(foldText(label), i);
}

Result<Specialty> SpecialtyCatalog::resolve(std::string_view text, const std::string& expression) const
{
    std::string_view token = text;
    if (const auto bar = token.rfind('|'); bar != std::string_view::npos)
        token = token.substr(bar + 1); // "urn:oid:…|SM54" or "system|SM54"
    const auto sameCode = [&](const Specialty& s) {
        return s.code.size() == token.size() &&
               std::equal(s.code.begin(), s.code.end(), token.begin(),
                          [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) ==
                                                      std::toupper(static_cast<unsigned char>(b)); });
    };
    if (auto it = std::find_if(_specialties.begin(), _specialties.end(), sameCode); it != _specialties.end())
        return *it;
    const std::string folded = foldText(text);
    for (const auto& [label, index] : _labels)
        if (label == folded)
            return _specialties[index];
    return fail(ErrorCode::Invalid, "unknown specialty '" + std::string(text.substr(0, 100)) +
                                        "': expected a JDV_J239 code or label", expression);
}

} // namespace sas::core
