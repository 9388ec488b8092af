#include "app/ServerTlsContext.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <memory>

namespace sas::app
{
namespace
{

/// Adds every CRL of a PEM file to the store; returns how many were read.
int addCrls(X509_STORE* store, const std::string& path)
{
    std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "r"), &std::fclose);
    if (!file)
        throw ConfigError("tls.crlFiles", "cannot open '" + path + "'");
    int count = 0;
    while (X509_CRL* crl = PEM_read_X509_CRL(file.get(), nullptr, nullptr, nullptr))
    {
        X509_STORE_add_crl(store, crl);
        X509_CRL_free(crl);
        ++count;
    }
    ERR_clear_error(); // the loop ends on the PEM "no start line" error
    if (count == 0)
        throw ConfigError("tls.crlFiles", "'" + path + "' holds no PEM CRL");
    return count;
}

} // namespace

Poco::Net::Context::Ptr makeServerTlsContext(const TlsConfig& config)
{
    Poco::Net::Context::Params params;
    params.certificateFile = config.certificateFile;
    params.privateKeyFile = config.privateKeyFile;
    params.caLocation = config.caFile;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.verificationDepth = 9;
    params.loadDefaultCAs = false;
    params.cipherList = config.cipherList;

    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->enableSessionCache(true, "sas-gateway");

    // Tell clients which CAs we accept, so they pick the right certificate.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.caFile.c_str()))
        SSL_CTX_set_client_CA_list(context->sslContext(), names);

    if (!config.crlFiles.empty())
    {
        X509_STORE* store = SSL_CTX_get_cert_store(context->sslContext());
        for (const auto& path : config.crlFiles)
            addCrls(store, path);
        X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
    }

    if (SSL_CTX_check_private_key(context->sslContext()) != 1)
    {
        ERR_clear_error();
        throw ConfigError("tls.privateKeyFile", "the key does not match the certificate of tls.certificateFile");
    }
    return context;
}

} // namespace sas::app
