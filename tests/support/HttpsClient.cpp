#include "tests/support/HttpsClient.h"

#include "tests/support/TestPaths.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <mutex>

namespace sas::test
{

std::string HttpResponse::header(const std::string& lowerCaseName) const
{
    auto found = headers.find(lowerCaseName);
    return found == headers.end() ? std::string() : found->second;
}

HttpsClient::HttpsClient(int port, ClientTls tls) : _port(port), _tls(std::move(tls))
{
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(new Poco::Net::RejectCertificateHandler(false));
        Poco::Net::Context::Ptr defaultContext =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, Poco::Net::Context::Params());
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, defaultContext);
    });
}

HttpResponse HttpsClient::send(const HttpRequest& request)
{
    const std::string pki = pkiDirectory();
    Poco::Net::Context::Params params;
    params.caLocation = pki + "/ca.pem";
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = false;
    if (!_tls.certificate.empty())
    {
        params.certificateFile = pki + "/" + _tls.certificate + ".pem";
        params.privateKeyFile = pki + "/" + _tls.certificate + ".key";
    }
    if (_tls.legacyOnly)
        params.cipherList = "DEFAULT:@SECLEVEL=0";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    if (_tls.legacyOnly)
        context->disableProtocols(Poco::Net::Context::PROTO_TLSV1_2 | Poco::Net::Context::PROTO_TLSV1_3);

    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_port), context);
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest out(request.method, request.target, Poco::Net::HTTPMessage::HTTP_1_1);
    out.setHost("localhost");
    for (const auto& [name, value] : request.headers)
        out.set(name, value);
    if (!request.contentType.empty())
        out.setContentType(request.contentType);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
        out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
    session.sendRequest(out) << request.body;

    Poco::Net::HTTPResponse in;
    std::istream& stream = session.receiveResponse(in);
    HttpResponse response;
    response.status = static_cast<int>(in.getStatus());
    for (const auto& [name, value] : in)
        response.headers[Poco::toLower(name)] = value;
    Poco::StreamCopier::copyToString(stream, response.body);
    return response;
}

HttpResponse HttpsClient::get(const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers)
{
    HttpRequest request;
    request.target = target;
    request.headers = headers;
    return send(request);
}

} // namespace sas::test
