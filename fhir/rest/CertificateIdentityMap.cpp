#include "fhir/rest/CertificateIdentityMap.h"

namespace sas::fhir::rest
{

std::optional<core::ClientIdentity> CertificateIdentityMap::identify(const std::string& commonName,
                                                                     const std::string& organizationalUnit) const
{
    for (const auto& rule : _rules)
    {
        if (rule.commonName != commonName)
            continue;
        if (rule.organizationalUnit && *rule.organizationalUnit != organizationalUnit)
            continue;
        return core::ClientIdentity{rule.identityName, rule.kind};
    }
    return std::nullopt;
}

} // namespace sas::fhir::rest
