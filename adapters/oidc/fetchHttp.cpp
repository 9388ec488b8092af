#include "adapters/oidc/fetchHttp.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <mutex>

namespace sas::adapters::oidc
{
namespace
{

using core::ErrorCode;

constexpr std::streamsize MAX_BODY = 1024 * 1024;

void rejectInvalidServerCertificates()
{
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(new Poco::Net::RejectCertificateHandler(false));
        Poco::Net::Context::Ptr fallback =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, Poco::Net::Context::Params());
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, fallback);
    });
}

Poco::Net::Context::Ptr clientContext(const IssuerConnection& connection, const std::string& host)
{
    rejectInvalidServerCertificates();
    Poco::Net::Context::Params params;
    params.caLocation = connection.caFile;
    params.loadDefaultCAs = connection.caFile.empty();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.verificationDepth = 9;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // OpenSSL checks the host name in the handshake (POCO's own check waives localhost).
    context->enableExtendedCertificateVerification(false);
    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(context->sslContext());
    X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size()) != 1)
        throw Poco::Net::SSLException("cannot set the expected issuer host name");
    return context;
}

} // namespace

core::Result<HttpReply> fetchHttp(const std::string& url, const std::string& formBody, const IssuerConnection& connection)
{
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        return core::fail(ErrorCode::Invalid, "the issuer's URL is not a URL", "oidc");
    }
    if (uri.getScheme() != "https" || uri.getHost().empty())
        return core::fail(ErrorCode::Invalid, "the issuer's endpoints must be https URLs", "oidc");
    const std::string where = uri.getHost() + ":" + std::to_string(uri.getPort());
    try
    {
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), clientContext(connection, uri.getHost()));
        const Poco::Timespan timeout(std::chrono::duration_cast<std::chrono::microseconds>(connection.timeout).count());
        session.setTimeout(timeout, timeout, timeout);
        Poco::Net::HTTPRequest request(formBody.empty() ? Poco::Net::HTTPRequest::HTTP_GET
                                                        : Poco::Net::HTTPRequest::HTTP_POST,
                                       uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        if (!formBody.empty())
        {
            request.setContentType("application/x-www-form-urlencoded");
            request.setContentLength(static_cast<std::streamsize>(formBody.size()));
            session.sendRequest(request) << formBody;
        }
        else
            session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& stream = session.receiveResponse(response);
        HttpReply reply;
        reply.status = static_cast<int>(response.getStatus());
        reply.contentType = response.getContentType();
        char buffer[8192];
        while (stream && static_cast<std::streamsize>(reply.body.size()) <= MAX_BODY)
        {
            stream.read(buffer, sizeof buffer);
            reply.body.append(buffer, static_cast<std::size_t>(stream.gcount()));
        }
        if (static_cast<std::streamsize>(reply.body.size()) > MAX_BODY)
            return core::fail(ErrorCode::UpstreamUnavailable, "the issuer at " + where + " sent more than 1 MiB");
        return reply;
    }
    catch (const Poco::TimeoutException&)
    {
        return core::fail(ErrorCode::UpstreamTimeout, "the issuer at " + where + " did not answer in time");
    }
    catch (const Poco::Exception& e)
    {
        return core::fail(ErrorCode::UpstreamUnavailable, "the issuer at " + where + " is unreachable: " + e.displayText());
    }
    catch (const std::exception& e)
    {
        return core::fail(ErrorCode::UpstreamUnavailable, "the issuer at " + where + " is unreachable: " + e.what());
    }
}

} // namespace sas::adapters::oidc
