#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sas::test
{

struct HttpRequest
{
    std::string method = "GET";
    std::string target = "/";   ///< path and query
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType;    ///< set when non-empty
};

struct HttpResponse
{
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;

    std::string header(const std::string& lowerCaseName) const;
};

/// How the test client speaks TLS.
struct ClientTls
{
    std::string certificate;   ///< a name from the dev PKI ("vendor-demo", "other-client"); empty: none
    bool legacyOnly = false;   ///< offer only TLS 1.0/1.1 (at OpenSSL security level 0)
};

/// A small HTTPS client for tests: trusts the dev CA, presents the chosen client certificate.
/// Throws Poco::Exception when TLS or the connection fails (e.g. a refused certificate).
class HttpsClient
{
public:
    HttpsClient(int port, ClientTls tls);

    HttpResponse send(const HttpRequest& request);
    HttpResponse get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {});

private:
    int _port;
    ClientTls _tls;
};

} // namespace sas::test
