#pragma once

#include "core/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace sas::core
{

/// One searchable specialty or profession of the value set JDV_J239 (SpecialitesSNP_SAS).
struct Specialty
{
    std::string code;    ///< "SM54", "60"
    std::string display; ///< "Médecine générale"
    std::string system;  ///< the code system URL
};

/// The specialties a search may ask for, resolved from a code, a "system|code" token, a label,
/// or one of the extra labels regulators type ("Consultation de médecine générale").
class SpecialtyCatalog
{
public:
    SpecialtyCatalog() = default;
    explicit SpecialtyCatalog(std::vector<Specialty> specialties);

    /// Adds a label that means `code`; ignored when the code is unknown.
    void addAlias(std::string_view label, const std::string& code);

    /// The specialty for `text`; Invalid (expression `expression`) when nothing matches.
    Result<Specialty> resolve(std::string_view text, const std::string& expression = "specialty") const;

    const std::vector<Specialty>& all() const { return _specialties; }

private:
    std::vector<Specialty> _specialties;
    std::vector<std::pair<std::string, std::size_t>> _labels; ///< folded label → index
};

} // namespace sas::core
