#include "adapters/oidc/Jwks.h"

#include "adapters/oidc/base64Url.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace sas::adapters::oidc
{
namespace
{

using core::ErrorCode;

std::shared_ptr<EVP_PKEY> rsaPublicKey(const std::string& modulus, const std::string& exponent)
{
    std::unique_ptr<BIGNUM, decltype(&BN_free)> n(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()), static_cast<int>(modulus.size()), nullptr),
        &BN_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> e(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()), static_cast<int>(exponent.size()), nullptr),
        &BN_free);
    if (!n || !e || BN_num_bits(n.get()) < 2048) // RFC 7518 §3.3: 2048 bits at least
        return nullptr;
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        return nullptr;
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(builder.get()),
                                                                   &OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr),
                                                                       &EVP_PKEY_CTX_free);
    EVP_PKEY* key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return nullptr;
    return std::shared_ptr<EVP_PKEY>(key, &EVP_PKEY_free);
}

} // namespace

core::Result<Jwks> Jwks::parse(std::string_view json)
{
    Poco::JSON::Object::Ptr root;
    try
    {
        Poco::JSON::Parser parser;
        root = parser.parse(std::string(json)).extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
        return core::fail(ErrorCode::Invalid, "the issuer's JWKS is not a JSON object", "keys");
    }
    catch (const std::exception&)
    {
        return core::fail(ErrorCode::Invalid, "the issuer's JWKS is not a JSON object", "keys");
    }
    Poco::JSON::Array::Ptr keys = root ? root->getArray("keys") : nullptr;
    if (!keys)
        return core::fail(ErrorCode::Invalid, "the issuer's JWKS has no keys array", "keys");
    Jwks jwks;
    for (std::size_t i = 0; i < keys->size(); ++i)
    {
        Poco::JSON::Object::Ptr jwk = keys->getObject(static_cast<unsigned>(i));
        if (!jwk || jwk->optValue<std::string>("kty", "") != "RSA")
            continue;
        const std::string use = jwk->optValue<std::string>("use", "sig");
        const std::string alg = jwk->optValue<std::string>("alg", "RS256");
        if (use != "sig" || alg != "RS256")
            continue;
        auto n = base64UrlDecode(jwk->optValue<std::string>("n", ""));
        auto e = base64UrlDecode(jwk->optValue<std::string>("e", ""));
        if (!n || !e || n->empty() || e->empty())
            continue;
        if (auto key = rsaPublicKey(*n, *e))
            jwks._keys[jwk->optValue<std::string>("kid", "")] = std::move(key);
    }
    if (jwks._keys.empty())
        return core::fail(ErrorCode::Invalid, "the issuer's JWKS holds no RSA signing key of 2048 bits or more", "keys");
    return jwks;
}

const EVP_PKEY* Jwks::key(const std::string& kid) const
{
    if (kid.empty())
        return _keys.size() == 1 ? _keys.begin()->second.get() : nullptr;
    auto found = _keys.find(kid);
    return found == _keys.end() ? nullptr : found->second.get();
}

} // namespace sas::adapters::oidc
