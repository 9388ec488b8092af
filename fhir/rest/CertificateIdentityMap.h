#pragma once

#include "core/model/ClientIdentity.h"

#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::rest
{

/// One configured client: a certificate subject pattern and the identity it grants.
struct CertificateRule
{
    std::string identityName;       ///< e.g. "vendor-demo"
    core::IdentityKind kind;
    std::string commonName;         ///< subject CN that must match exactly
    std::optional<std::string> organizationalUnit; ///< subject OU that must match, when set
};

/// Maps a verified client certificate's subject to an identity. The chain itself has already
/// been verified by TLS; this only decides who the holder is.
class CertificateIdentityMap
{
public:
    explicit CertificateIdentityMap(std::vector<CertificateRule> rules) : _rules(std::move(rules)) { }

    /// The identity for a subject, or nullopt when no rule matches (answered with 403).
    std::optional<core::ClientIdentity> identify(const std::string& commonName,
                                                 const std::string& organizationalUnit) const;

    const std::vector<CertificateRule>& rules() const { return _rules; }

private:
    std::vector<CertificateRule> _rules;
};

} // namespace sas::fhir::rest
