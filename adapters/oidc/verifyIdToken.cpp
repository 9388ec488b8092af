#include "adapters/oidc/verifyIdToken.h"

#include "adapters/oidc/base64Url.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <openssl/evp.h>

#include <memory>

namespace sas::adapters::oidc
{
namespace
{

using core::ErrorCode;

core::Error refused(const std::string& why, const std::string& claim = {})
{
    return core::makeError(ErrorCode::Unauthenticated, "ID token refused: " + why, claim);
}

Poco::JSON::Object::Ptr parseObject(std::string_view encoded)
{
    auto decoded = base64UrlDecode(encoded);
    if (!decoded)
        return nullptr;
    try
    {
        Poco::JSON::Parser parser;
        return parser.parse(*decoded).extract<Poco::JSON::Object::Ptr>();
    }
    catch (const std::exception&)
    {
        return nullptr;
    }
}

struct Parts
{
    std::string_view header;
    std::string_view payload;
    std::string_view signature;
};

std::optional<Parts> split(std::string_view token)
{
    const auto first = token.find('.');
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;
    return Parts{token.substr(0, first), token.substr(first + 1, second - first - 1), token.substr(second + 1)};
}

bool verifySignature(const EVP_PKEY* key, std::string_view signedPart, const std::string& signature)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context ||
        EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, const_cast<EVP_PKEY*>(key)) != 1)
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size()) == 1;
}

/// A NumericDate claim (seconds since the epoch, JSON number); nullopt when absent or not a number.
std::optional<std::chrono::sys_seconds> numericDate(const Poco::JSON::Object::Ptr& claims, const std::string& name)
{
    if (!claims->has(name))
        return std::nullopt;
    const Poco::Dynamic::Var value = claims->get(name);
    if (!value.isNumeric())
        return std::nullopt;
    try
    {
        return std::chrono::sys_seconds{std::chrono::seconds{static_cast<long long>(value.convert<double>())}};
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}

std::string text(const Poco::JSON::Object::Ptr& claims, const std::string& name)
{
    if (!claims->has(name))
        return {};
    const Poco::Dynamic::Var value = claims->get(name);
    return value.isString() ? value.extract<std::string>() : std::string();
}

} // namespace

std::string IdTokenClaims::displayName() const
{
    if (!givenName.empty() || !familyName.empty())
        return givenName + (givenName.empty() || familyName.empty() ? "" : " ") + familyName;
    return preferredUsername.empty() ? subject : preferredUsername;
}

std::optional<std::string> tokenKeyId(std::string_view token)
{
    auto parts = split(token);
    if (!parts)
        return std::nullopt;
    auto header = parseObject(parts->header);
    if (!header)
        return std::nullopt;
    return text(header, "kid");
}

core::Result<IdTokenClaims> verifyIdToken(std::string_view token, const Jwks& keys, const IdTokenExpectations& expected)
{
    auto parts = split(token);
    if (!parts)
        return core::fail(refused("not a compact JWS (three dot-separated parts)"));
    auto header = parseObject(parts->header);
    if (!header)
        return core::fail(refused("unreadable header"));
    if (text(header, "alg") != "RS256")
        return core::fail(refused("signature algorithm other than RS256", "alg"));
    const EVP_PKEY* key = keys.key(text(header, "kid"));
    if (!key)
        return core::fail(refused("signed with a key the issuer does not publish", "kid"));
    auto signature = base64UrlDecode(parts->signature);
    const std::string_view signedPart = token.substr(0, parts->header.size() + 1 + parts->payload.size());
    if (!signature || !verifySignature(key, signedPart, *signature))
        return core::fail(refused("bad signature"));

    auto claims = parseObject(parts->payload);
    if (!claims)
        return core::fail(refused("unreadable claims"));
    if (text(claims, "iss") != expected.issuer)
        return core::fail(refused("issued by another issuer", "iss"));

    bool audienceMatches = false;
    bool severalAudiences = false;
    if (claims->has("aud") && claims->get("aud").isString())
        audienceMatches = text(claims, "aud") == expected.audience;
    else if (auto audiences = claims->getArray("aud"))
    {
        severalAudiences = audiences->size() > 1;
        for (std::size_t i = 0; i < audiences->size(); ++i)
            if (audiences->get(static_cast<unsigned>(i)).isString() &&
                audiences->getElement<std::string>(static_cast<unsigned>(i)) == expected.audience)
                audienceMatches = true;
    }
    if (!audienceMatches)
        return core::fail(refused("issued for another audience", "aud"));
    if (severalAudiences && text(claims, "azp") != expected.audience)
        return core::fail(refused("authorized party is not this client", "azp"));

    const auto expiresAt = numericDate(claims, "exp");
    if (!expiresAt)
        return core::fail(refused("no expiry", "exp"));
    if (expected.now >= *expiresAt + expected.skew)
        return core::fail(refused("expired", "exp"));
    if (const auto notBefore = numericDate(claims, "nbf"); notBefore && expected.now + expected.skew < *notBefore)
        return core::fail(refused("not valid yet", "nbf"));
    const auto issuedAt = numericDate(claims, "iat");
    if (!issuedAt)
        return core::fail(refused("no issue time", "iat"));
    if (*issuedAt > expected.now + expected.skew)
        return core::fail(refused("issued in the future", "iat"));
    if (*issuedAt + expected.maxAge + expected.skew < expected.now)
        return core::fail(refused("issued too long ago", "iat"));
    if (expected.nonce.empty() || text(claims, "nonce") != expected.nonce)
        return core::fail(refused("nonce does not match this sign-in", "nonce"));

    IdTokenClaims identity;
    identity.subject = text(claims, "sub");
    if (identity.subject.empty())
        return core::fail(refused("no subject", "sub"));
    identity.preferredUsername = text(claims, "preferred_username");
    identity.subjectNameId = text(claims, "SubjectNameID");
    identity.givenName = text(claims, "given_name");
    identity.familyName = text(claims, "family_name");
    identity.expiresAt = *expiresAt;
    return identity;
}

} // namespace sas::adapters::oidc
