#include "core/model/ClientIdentity.h"

namespace sas::core
{

const char* toString(IdentityKind kind)
{
    switch (kind)
    {
    case IdentityKind::Vendor: return "vendor";
    case IdentityKind::Lrm: return "lrm";
    case IdentityKind::Admin: return "admin";
    case IdentityKind::Practitioner: return "practitioner";
    case IdentityKind::StructureManager: return "structure-manager";
    }
    return "unknown";
}

std::optional<IdentityKind> parseIdentityKind(std::string_view text)
{
    if (text == "vendor")
        return IdentityKind::Vendor;
    if (text == "lrm")
        return IdentityKind::Lrm;
    if (text == "admin")
        return IdentityKind::Admin;
    if (text == "practitioner")
        return IdentityKind::Practitioner;
    if (text == "structure-manager")
        return IdentityKind::StructureManager;
    return std::nullopt;
}

} // namespace sas::core
