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
    return std::nullopt;
}

} // namespace sas::core
