#include "tests/support/DevIssuer.h"

#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace sas::test
{

DevIssuer::DevIssuer()
    : _process("dev-issuer", std::string(SAS_SOURCE_DIR) + "/tools/oidc-dev-issuer.mjs",
               {"--port", "0", "--cert", pkiDirectory() + "/server-chain.pem", "--key", pkiDirectory() + "/server.key",
                "--test-controls"})
{
    // Its first line: {"issuer":"https://localhost:<port>"}
    const std::string& text = _process.firstLine();
    const auto start = text.find("https://");
    const auto end = text.find('"', start == std::string::npos ? 0 : start);
    if (start == std::string::npos || end == std::string::npos)
        throw std::runtime_error("the dev issuer did not say where it listens: '" + text + "' " + _process.log());
    _issuer = text.substr(start, end - start);
}

std::vector<std::string> DevIssuer::gatewaySettings() const
{
    return {"oidc.issuer=" + _issuer, "oidc.clientId=sas-gateway-dev", "oidc.caFile=" + pkiDirectory() + "/ca.pem",
            "oidc.timeoutMs=5000"};
}

std::string DevIssuer::signIn(int gatewayPort, const std::string& target) const
{
    const HttpResponse start = HttpsClient(gatewayPort, ClientTls{}).get(target);
    if (start.status != 303)
        throw std::runtime_error("sign-in did not start: HTTP " + std::to_string(start.status) + " " + start.body);
    const Poco::URI authorize(start.header("location"));
    const HttpResponse approved = HttpsClient(authorize.getPort(), ClientTls{}).get(authorize.getPathAndQuery());
    if (approved.status != 302)
        throw std::runtime_error("the issuer did not approve: HTTP " + std::to_string(approved.status));
    const Poco::URI back(approved.header("location"));
    const HttpResponse callback = HttpsClient(gatewayPort, ClientTls{}).get(back.getPathAndQuery());
    const std::string setCookie = callback.header("set-cookie");
    if (callback.status != 303 || setCookie.empty())
        throw std::runtime_error("the sign-in callback failed: HTTP " + std::to_string(callback.status) + " " +
                                 callback.body);
    return setCookie.substr(0, setCookie.find(';'));
}

void DevIssuer::tamperNextToken(const std::string& how) const
{
    Poco::URI uri(_issuer);
    Poco::Net::Context::Params params;
    params.caLocation = pkiDirectory() + "/ca.pem";
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
    session.setTimeout(Poco::Timespan(5, 0));
    const std::string body = "{\"tamper\":\"" + how + "\"}";
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/test/next-token", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response).ignore(1 << 20);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("the dev issuer refused the test control");
}

} // namespace sas::test
