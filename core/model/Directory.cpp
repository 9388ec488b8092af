#include "core/model/Directory.h"

#include <algorithm>
#include <cctype>

namespace sas::core
{

std::string NationalId::prefixed() const
{
    return (kind == Kind::Rpps ? "8" : "0") + value;
}

bool isValidNationalId(const NationalId& id)
{
    const auto all = [&](auto predicate) {
        return std::all_of(id.value.begin(), id.value.end(), [&](char c) { return predicate(static_cast<unsigned char>(c)); });
    };
    if (id.kind == NationalId::Kind::Rpps)
        return id.value.size() == 11 && all([](unsigned char c) { return std::isdigit(c) != 0; });
    return id.value.size() == 9 && all([](unsigned char c) { return std::isalnum(c) != 0; });
}

const char* toString(StructureKind kind)
{
    switch (kind)
    {
    case StructureKind::Cpts: return "cpts";
    case StructureKind::Msp: return "msp";
    case StructureKind::Cds: return "cds";
    case StructureKind::SosMedecins: return "sos";
    }
    return "unknown";
}

std::optional<StructureKind> parseStructureKind(std::string_view text)
{
    for (auto kind : {StructureKind::Cpts, StructureKind::Msp, StructureKind::Cds, StructureKind::SosMedecins})
        if (text == toString(kind))
            return kind;
    return std::nullopt;
}

} // namespace sas::core
