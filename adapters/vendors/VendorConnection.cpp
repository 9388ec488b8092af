#include "adapters/vendors/VendorConnection.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <istream>

namespace sas::adapters::vendors
{
namespace
{

constexpr std::size_t MAX_BODY = 32u * 1024u * 1024u;
constexpr std::size_t MAX_IDLE = 16;

/// POCO consults a process-wide handler when a server certificate fails verification; it must reject, never ask.
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

} // namespace

Poco::Net::Context::Ptr makeVendorTlsContext(const VendorTls& tls, const std::string& expectedHost)
{
    rejectInvalidServerCertificates();
    Poco::Net::Context::Params params;
    params.certificateFile = tls.certificateFile;
    params.privateKeyFile = tls.privateKeyFile;
    params.caLocation = tls.caFile;
    params.loadDefaultCAs = tls.caFile.empty(); // the registry always names a CA; vendor-check may use the system's
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.verificationDepth = 9;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // Host name checked by OpenSSL during the handshake, against the configured identity rather than POCO's
    // connect-host check (which waives localhost).
    context->enableExtendedCertificateVerification(false);
    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(context->sslContext());
    X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const std::string& host = tls.serverName.empty() ? expectedHost : tls.serverName;
    if (X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size()) != 1)
        throw Poco::Net::SSLException("cannot set the expected server name '" + host + "'");
    return context;
}

VendorConnection::VendorConnection(const VendorDefinition& vendor) : _vendor(vendor)
{
    Poco::URI uri(vendor.baseUrl);
    _host = uri.getHost();
    _port = uri.getPort();
    _basePath = uri.getPath();
    while (!_basePath.empty() && _basePath.back() == '/')
        _basePath.pop_back();
    _context = makeVendorTlsContext(vendor.tls, _host);
}

std::unique_ptr<Poco::Net::HTTPSClientSession> VendorConnection::takeSession()
{
    {
        std::lock_guard lock(_mutex);
        if (!_idle.empty())
        {
            auto session = std::move(_idle.back());
            _idle.pop_back();
            return session;
        }
    }
    auto session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, _port, _context);
    session->setKeepAlive(true);
    return session;
}

void VendorConnection::giveBack(std::unique_ptr<Poco::Net::HTTPSClientSession> session)
{
    std::lock_guard lock(_mutex);
    if (_idle.size() < MAX_IDLE)
        _idle.push_back(std::move(session));
}

core::Result<VendorHttpResponse> VendorConnection::send(const VendorHttpRequest& request,
                                                        std::chrono::milliseconds timeout)
{
    const std::string target = _basePath + request.target;
    // A reused keep-alive session may have been closed by the vendor meanwhile: retry once on a fresh one.
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        auto session = takeSession();
        const bool reused = session->connected();
        try
        {
            const auto connect = std::min(timeout, _vendor.connectTimeout);
            session->setTimeout(Poco::Timespan(connect.count() * 1000), Poco::Timespan(timeout.count() * 1000),
                                Poco::Timespan(timeout.count() * 1000));
            Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
            out.set("Accept", "application/fhir+json");
            out.setKeepAlive(true);
            if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
            {
                out.setContentType("application/fhir+json; charset=utf-8");
                out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
            }
            session->sendRequest(out) << request.body;

            Poco::Net::HTTPResponse in;
            std::istream& stream = session->receiveResponse(in);
            VendorHttpResponse response;
            response.status = static_cast<int>(in.getStatus());
            response.location = in.get("Location", "");
            response.contentType = in.getContentType();
            char buffer[16384];
            while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0)
            {
                response.body.append(buffer, static_cast<std::size_t>(stream.gcount()));
                if (response.body.size() > MAX_BODY)
                    return core::fail(core::ErrorCode::UpstreamUnavailable,
                                      "answer larger than " + std::to_string(MAX_BODY) + " bytes");
            }
            if (in.getKeepAlive())
                giveBack(std::move(session));
            return response;
        }
        catch (const Poco::TimeoutException& e)
        {
            return core::fail(core::ErrorCode::UpstreamTimeout, "no answer within " + std::to_string(timeout.count()) +
                                                                    " ms (" + e.displayText() + ")");
        }
        catch (const Poco::Net::SSLException& e)
        {
            return core::fail(core::ErrorCode::UpstreamUnavailable, "TLS failure: " + e.displayText());
        }
        catch (const Poco::Exception& e)
        {
            if (reused && attempt == 0)
                continue;
            return core::fail(core::ErrorCode::UpstreamUnavailable, "transport failure: " + e.displayText());
        }
        catch (const std::exception& e)
        {
            return core::fail(core::ErrorCode::UpstreamUnavailable, std::string("transport failure: ") + e.what());
        }
    }
    return core::fail(core::ErrorCode::UpstreamUnavailable, "transport failure");
}

} // namespace sas::adapters::vendors
