#include "app/ServerTls.h"

#include "app/ServerTlsContext.h"

#include <Poco/Exception.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <filesystem>
#include <limits>

namespace sas::app
{
namespace
{

std::time_t toTime(const ASN1_TIME* time)
{
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1)
        return 0;
    return timegm(&tm);
}

/// The earliest nextUpdate of the CRLs in the context's store (0 without CRLs).
std::time_t earliestCrlNextUpdate(SSL_CTX* context)
{
    std::time_t earliest = 0;
    STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(SSL_CTX_get_cert_store(context));
    for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i)
    {
        X509_CRL* crl = X509_OBJECT_get0_X509_CRL(sk_X509_OBJECT_value(objects, i));
        if (crl == nullptr)
            continue;
        const std::time_t next = toTime(X509_CRL_get0_nextUpdate(crl));
        if (next != 0 && (earliest == 0 || next < earliest))
            earliest = next;
    }
    return earliest;
}

} // namespace

ServerTls::ServerTls(TlsConfig config) : _config(std::move(config))
{
    _listening = makeServerTlsContext(_config);
    SSL_CTX_set_client_hello_cb(_listening->sslContext(), &ServerTls::onClientHello, this);
    // POCO's default handler for a failed verification asks on the console; never let it. Reject.
    Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(new Poco::Net::RejectCertificateHandler(true));
    Poco::Net::SSLManager::instance().initializeServer(nullptr, reject, _listening);
    _current = _listening;
    _stamp = stamp();
    _certificateNotAfter = toTime(X509_get0_notAfter(SSL_CTX_get0_certificate(_listening->sslContext())));
    _crlNextUpdate = earliestCrlNextUpdate(_listening->sslContext());
}

int ServerTls::onClientHello(SSL* ssl, int* /*alert*/, void* self)
{
    auto* tls = static_cast<ServerTls*>(self);
    std::lock_guard lock(tls->_mutex); // the context cannot be released between the read and the reference taken
    SSL_CTX* current = tls->_current->sslContext();
    if (SSL_get_SSL_CTX(ssl) != current && SSL_set_SSL_CTX(ssl, current) == nullptr)
        return SSL_CLIENT_HELLO_ERROR;
    return SSL_CLIENT_HELLO_SUCCESS;
}

std::vector<std::string> ServerTls::files() const
{
    std::vector<std::string> files{_config.certificateFile, _config.privateKeyFile, _config.caFile};
    files.insert(files.end(), _config.crlFiles.begin(), _config.crlFiles.end());
    return files;
}

std::string ServerTls::stamp() const
{
    namespace fs = std::filesystem;
    std::string stamp;
    for (const auto& file : files())
    {
        std::error_code error;
        const auto written = fs::last_write_time(file, error);
        const auto size = error ? 0 : fs::file_size(file, error);
        stamp += file + (error ? std::string(":missing") : ":" + std::to_string(written.time_since_epoch().count()) +
                                                              ":" + std::to_string(size)) + ";";
    }
    return stamp;
}

ServerTls::Outcome ServerTls::reload()
{
    return install(stamp());
}

ServerTls::Outcome ServerTls::reloadIfChanged()
{
    std::string now = stamp();
    {
        std::lock_guard lock(_mutex);
        if (now == _stamp)
            return {};
    }
    return install(std::move(now));
}

ServerTls::Outcome ServerTls::install(std::string stamp)
{
    Poco::Net::Context::Ptr next;
    std::string problem;
    try
    {
        next = makeServerTlsContext(_config);
        const X509* certificate = SSL_CTX_get0_certificate(next->sslContext());
        if (X509_cmp_current_time(X509_get0_notBefore(certificate)) > 0)
            problem = "the server certificate is not valid yet";
        else if (X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0)
            problem = "the server certificate has expired";
    }
    catch (const ConfigError& e)
    {
        problem = std::string(e.what());
    }
    catch (const Poco::Exception& e)
    {
        problem = e.displayText();
    }
    std::lock_guard lock(_mutex);
    _stamp = std::move(stamp); // a refused set is retried when its files change again, not at every check
    if (!problem.empty())
    {
        ++_refusals;
        return {false, problem};
    }
    SSL_CTX_set_client_hello_cb(next->sslContext(), &ServerTls::onClientHello, this);
    _certificateNotAfter = toTime(X509_get0_notAfter(SSL_CTX_get0_certificate(next->sslContext())));
    _crlNextUpdate = earliestCrlNextUpdate(next->sslContext());
    _current = next;
    ++_reloads;
    return {true, {}};
}

double ServerTls::secondsToServerCertificateExpiry() const
{
    std::lock_guard lock(_mutex);
    return static_cast<double>(_certificateNotAfter - std::time(nullptr));
}

double ServerTls::secondsToCrlNextUpdate() const
{
    std::lock_guard lock(_mutex);
    return _crlNextUpdate == 0 ? 0.0 : static_cast<double>(_crlNextUpdate - std::time(nullptr));
}

} // namespace sas::app
