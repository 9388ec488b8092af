// ID token verification (adapters/oidc/verifyIdToken): tokens signed here with a key generated for the test, then
// every check that must refuse them.
#include "adapters/oidc/Jwks.h"
#include "adapters/oidc/base64Url.h"
#include "adapters/oidc/pkce.h"
#include "adapters/oidc/verifyIdToken.h"

#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

using namespace sas::adapters::oidc;
using namespace std::chrono;

namespace
{

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key newKey(unsigned bits = 2048)
{
    return Key(EVP_RSA_gen(bits), &EVP_PKEY_free);
}

std::string bignum(const EVP_PKEY* key, const char* name)
{
    BIGNUM* value = nullptr;
    EVP_PKEY_get_bn_param(key, name, &value);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(value)), '\0');
    BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(value);
    return base64UrlEncode(bytes);
}

std::string jwksOf(const EVP_PKEY* key, const std::string& kid)
{
    return R"({"keys":[{"kty":"EC","kid":"ignored"},{"kty":"RSA","use":"sig","alg":"RS256","kid":")" + kid +
           R"(","n":")" + bignum(key, OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" + bignum(key, OSSL_PKEY_PARAM_RSA_E) + R"("}]})";
}

std::string sign(EVP_PKEY* key, const std::string& header, const std::string& claims)
{
    const std::string input = base64UrlEncode(header) + "." + base64UrlEncode(claims);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key);
    std::size_t length = 0;
    EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string signature(length, '\0');
    EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    signature.resize(length);
    return input + "." + base64UrlEncode(signature);
}

class IdTokenVerifierTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto parsed = Jwks::parse(jwksOf(_key.get(), "k1"));
        ASSERT_TRUE(parsed) << parsed.error().message;
        _jwks = std::make_unique<Jwks>(std::move(*parsed));
        _expected.issuer = "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";
        _expected.audience = "sas-gateway";
        _expected.nonce = "n-123";
        _expected.now = sys_seconds{seconds{1'800'000'000}};
    }

    std::string claims(const std::string& overrides = {}) const
    {
        const long long now = _expected.now.time_since_epoch().count();
        std::string json = R"({"iss":")" + _expected.issuer + R"(","aud":"sas-gateway","sub":"f:abc","nonce":"n-123",)"
                           R"("iat":)" + std::to_string(now - 5) + R"(,"nbf":)" + std::to_string(now - 5) +
                           R"(,"exp":)" + std::to_string(now + 300) +
                           R"(,"SubjectNameID":"810002909371","given_name":"Claire","family_name":"Martin")";
        return json + overrides + "}";
    }

    std::string token(const std::string& claimsJson, const std::string& header = R"({"alg":"RS256","kid":"k1"})")
    {
        return sign(_key.get(), header, claimsJson);
    }

    std::string refusal(const std::string& token) const
    {
        auto verified = verifyIdToken(token, *_jwks, _expected);
        EXPECT_FALSE(verified);
        if (verified)
            return {};
        EXPECT_EQ(verified.error().code, sas::core::ErrorCode::Unauthenticated);
        return verified.error().message;
    }

    Key _key = newKey();
    std::unique_ptr<Jwks> _jwks;
    IdTokenExpectations _expected;
};

} // namespace

TEST_F(IdTokenVerifierTest, AValidTokenGivesThePractitioner)
{
    auto verified = verifyIdToken(token(claims()), *_jwks, _expected);
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_EQ(verified->subject, "f:abc");
    EXPECT_EQ(verified->subjectNameId, "810002909371");
    EXPECT_EQ(verified->displayName(), "Claire Martin");
    // Several audiences are fine when we are the authorized party.
    EXPECT_TRUE(verifyIdToken(token(claims(R"(,"aud":["other","sas-gateway"],"azp":"sas-gateway")")), *_jwks, _expected));
}

TEST_F(IdTokenVerifierTest, EachClaimCheckRefuses)
{
    const long long now = _expected.now.time_since_epoch().count();
    EXPECT_NE(refusal(token(claims(R"(,"exp":)" + std::to_string(now - 61)))).find("expired"), std::string::npos);
    EXPECT_TRUE(verifyIdToken(token(claims(R"(,"exp":)" + std::to_string(now - 30))), *_jwks, _expected))
        << "within the skew";
    EXPECT_NE(refusal(token(claims(R"(,"aud":"another-client")"))).find("audience"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"aud":["other","sas-gateway"])"))).find("authorized party"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"iss":"https://evil.example")"))).find("issuer"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"nbf":)" + std::to_string(now + 600)))).find("not valid yet"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"iat":)" + std::to_string(now + 600)))).find("future"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"iat":)" + std::to_string(now - 7200)))).find("too long ago"), std::string::npos);
    EXPECT_NE(refusal(token(claims(R"(,"nonce":"replayed")"))).find("nonce"), std::string::npos);
}

TEST_F(IdTokenVerifierTest, SignaturesAndAlgorithmsAreChecked)
{
    std::string good = token(claims());
    std::string tampered = good;
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    EXPECT_NE(refusal(tampered).find("bad signature"), std::string::npos);

    // The payload changed after signing.
    const auto firstDot = good.find('.');
    const auto secondDot = good.find('.', firstDot + 1);
    const std::string forged = good.substr(0, firstDot + 1) + base64UrlEncode(claims(R"(,"sub":"someone-else")")) +
                               good.substr(secondDot);
    EXPECT_NE(refusal(forged).find("bad signature"), std::string::npos);

    Key other = newKey();
    EXPECT_NE(refusal(sign(other.get(), R"({"alg":"RS256","kid":"k1"})", claims())).find("bad signature"),
              std::string::npos);
    EXPECT_NE(refusal(token(claims(), R"({"alg":"RS256","kid":"unknown"})")).find("key"), std::string::npos);
    EXPECT_NE(refusal(token(claims(), R"({"alg":"HS256","kid":"k1"})")).find("RS256"), std::string::npos);
    EXPECT_NE(refusal(base64UrlEncode(R"({"alg":"none"})") + "." + base64UrlEncode(claims()) + ".").find("RS256"),
              std::string::npos);
    EXPECT_NE(refusal("not-a-jwt").find("compact"), std::string::npos);
    EXPECT_EQ(tokenKeyId(good).value_or(""), "k1");
}

TEST(Jwks, RefusesSetsWithoutUsableKeys)
{
    EXPECT_FALSE(Jwks::parse("not json"));
    EXPECT_FALSE(Jwks::parse(R"({"keys":[]})"));
    Key small = newKey(1024);
    EXPECT_FALSE(Jwks::parse(jwksOf(small.get(), "small"))) << "under 2048 bits";
}

TEST(Pkce, ChallengeIsBase64UrlSha256OfTheVerifier)
{
    // Computed independently: node -e 'crypto.createHash("sha256").update(v).digest("base64url")'.
    EXPECT_EQ(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUMU3wWjxRTvf4J9L7lQ"), "CNPu7yoMy0BB4X0GOit8_WF7tZFm0fjw9vufvVFAL2o");
    EXPECT_NE(randomToken(), randomToken());
    EXPECT_EQ(base64UrlDecode(base64UrlEncode("any\xff bytes")).value_or(""), "any\xff bytes");
    EXPECT_FALSE(base64UrlDecode("a+b/"));
}
