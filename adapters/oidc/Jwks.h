#pragma once

#include "core/Result.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace sas::adapters::oidc
{

/// The issuer's signing keys (RFC 7517 JWK Set): the RSA keys usable for signatures ("use" absent or "sig",
/// "kty" RSA), by "kid". Keys of other types are skipped, not refused: an issuer may publish them beside.
class Jwks
{
public:
    /// Invalid when `json` is not a JWK Set or holds no usable RSA key.
    static core::Result<Jwks> parse(std::string_view json);

    /// The key with this kid; with an empty kid, the only key when there is exactly one. Null otherwise.
    const EVP_PKEY* key(const std::string& kid) const;
    std::size_t size() const { return _keys.size(); }

private:
    std::map<std::string, std::shared_ptr<EVP_PKEY>> _keys;
};

} // namespace sas::adapters::oidc
