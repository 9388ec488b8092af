#include "adapters/oidc/OidcProvider.h"

#include "adapters/oidc/pkce.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace sas::adapters::oidc
{
namespace
{

using core::ErrorCode;
using namespace std::chrono;

Poco::JSON::Object::Ptr parseObject(const std::string& body)
{
    try
    {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    }
    catch (const std::exception&)
    {
        return nullptr;
    }
}

std::string member(const Poco::JSON::Object::Ptr& object, const std::string& name)
{
    return object && object->has(name) && object->get(name).isString() ? object->getValue<std::string>(name)
                                                                         : std::string();
}

} // namespace

std::string formEncode(const std::string& value)
{
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value)
    {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
        {
            out += '%';
            out += HEX[c >> 4];
            out += HEX[c & 15];
        }
    }
    return out;
}

OidcProvider::OidcProvider(OidcSettings settings, const core::Clock& clock) : _settings(std::move(settings)), _clock(clock)
{
}

core::Result<IssuerMetadata> OidcProvider::metadata()
{
    {
        std::lock_guard lock(_mutex);
        if (_metadata)
            return *_metadata;
    }
    std::string url = _settings.issuer;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    auto reply = fetchHttp(url + "/.well-known/openid-configuration", {}, _settings.connection);
    if (!reply)
        return core::fail(reply.error());
    if (reply->status != 200)
        return core::fail(ErrorCode::UpstreamUnavailable,
                          "the issuer's discovery document answered HTTP " + std::to_string(reply->status));
    auto document = parseObject(reply->body);
    IssuerMetadata metadata{member(document, "issuer"), member(document, "authorization_endpoint"),
                            member(document, "token_endpoint"), member(document, "jwks_uri")};
    // OpenID Connect Discovery §4.3: the document's issuer is exactly the configured one.
    if (metadata.issuer != _settings.issuer)
        return core::fail(ErrorCode::UpstreamUnavailable, "the discovery document names another issuer", "issuer");
    if (metadata.authorizationEndpoint.empty() || metadata.tokenEndpoint.empty() || metadata.jwksUri.empty())
        return core::fail(ErrorCode::UpstreamUnavailable,
                          "the discovery document lacks authorization_endpoint, token_endpoint or jwks_uri");
    std::lock_guard lock(_mutex);
    _metadata = metadata;
    return metadata;
}

core::Result<AuthorizationRequest> OidcProvider::authorize()
{
    auto issuer = metadata();
    if (!issuer)
        return core::fail(issuer.error());
    AuthorizationRequest request;
    request.state = randomToken();
    request.nonce = randomToken();
    request.codeVerifier = randomToken(48);
    request.url = issuer->authorizationEndpoint +
                  (issuer->authorizationEndpoint.find('?') == std::string::npos ? "?" : "&") +
                  "response_type=code&client_id=" + formEncode(_settings.clientId) +
                  "&redirect_uri=" + formEncode(_settings.redirectUri) + "&scope=" + formEncode(_settings.scopes) +
                  "&state=" + request.state + "&nonce=" + request.nonce +
                  "&code_challenge=" + pkceChallenge(request.codeVerifier) + "&code_challenge_method=S256";
    if (!_settings.acrValues.empty())
        request.url += "&acr_values=" + formEncode(_settings.acrValues);
    return request;
}

core::Result<std::shared_ptr<const Jwks>> OidcProvider::keysFor(const std::string& keyId)
{
    const auto now = _clock.now();
    {
        std::lock_guard lock(_mutex);
        const bool fresh = _jwks && now - _jwksFetched < _settings.jwksLifetime;
        const bool knowsKey = _jwks && _jwks->key(keyId);
        // An unknown kid means rotated keys: fetch again, but not more than once a minute.
        if (fresh && (knowsKey || now - _jwksFetched < minutes(1)))
            return _jwks;
    }
    auto issuer = metadata();
    if (!issuer)
        return core::fail(issuer.error());
    auto reply = fetchHttp(issuer->jwksUri, {}, _settings.connection);
    if (!reply)
        return core::fail(reply.error());
    if (reply->status != 200)
        return core::fail(ErrorCode::UpstreamUnavailable, "the issuer's JWKS answered HTTP " + std::to_string(reply->status));
    auto parsed = Jwks::parse(reply->body);
    if (!parsed)
        return core::fail(ErrorCode::UpstreamUnavailable, parsed.error().message);
    auto keys = std::make_shared<const Jwks>(std::move(*parsed));
    std::lock_guard lock(_mutex);
    _jwks = keys;
    _jwksFetched = now;
    return keys;
}

core::Result<IdTokenClaims> OidcProvider::redeem(const std::string& code, const std::string& codeVerifier,
                                                 const std::string& nonce)
{
    auto issuer = metadata();
    if (!issuer)
        return core::fail(issuer.error());
    std::string form = "grant_type=authorization_code&code=" + formEncode(code) +
                       "&redirect_uri=" + formEncode(_settings.redirectUri) + "&client_id=" + formEncode(_settings.clientId) +
                       "&code_verifier=" + formEncode(codeVerifier);
    if (!_settings.clientSecret.empty())
        form += "&client_secret=" + formEncode(_settings.clientSecret);
    auto reply = fetchHttp(issuer->tokenEndpoint, form, _settings.connection);
    if (!reply)
        return core::fail(reply.error());
    auto answer = parseObject(reply->body);
    if (reply->status != 200)
    {
        const std::string error = member(answer, "error");
        // 4xx from the token endpoint: the code is unknown, used or expired, or the verifier does not match.
        if (reply->status >= 400 && reply->status < 500)
            return core::fail(ErrorCode::Unauthenticated,
                              "the issuer refused the authorization code" + (error.empty() ? "" : " (" + error.substr(0, 40) + ")"));
        return core::fail(ErrorCode::UpstreamUnavailable, "the token endpoint answered HTTP " + std::to_string(reply->status));
    }
    const std::string idToken = member(answer, "id_token");
    if (idToken.empty())
        return core::fail(ErrorCode::Unauthenticated, "the issuer's token answer has no id_token");
    auto keys = keysFor(tokenKeyId(idToken).value_or(""));
    if (!keys)
        return core::fail(keys.error());
    IdTokenExpectations expected;
    expected.issuer = _settings.issuer;
    expected.audience = _settings.clientId;
    expected.nonce = nonce;
    expected.now = time_point_cast<seconds>(_clock.now());
    expected.skew = _settings.clockSkew;
    return verifyIdToken(idToken, **keys, expected);
}

} // namespace sas::adapters::oidc
