#include "adapters/oidc/pkce.h"

#include "adapters/oidc/base64Url.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace sas::adapters::oidc
{

std::string randomToken(std::size_t bytes)
{
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1)
        throw std::runtime_error("the random generator failed");
    return base64UrlEncode(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::string pkceChallenge(std::string_view verifier)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    return base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

} // namespace sas::adapters::oidc
