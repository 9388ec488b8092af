// The real binary's TLS material replaced while it serves: a new CRL, a new server certificate, a wider CA bundle,
// and a broken set that must be refused. Each test works on its own copy of the dev PKI's files.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"
#include "tests/support/RawTlsConnection.h"

#include <Poco/Exception.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace sas::test;
namespace fs = std::filesystem;

namespace
{

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Replaces a file the way operators are told to: written beside, renamed into place.
void replaceFile(const std::string& path, const std::string& content)
{
    std::ofstream(path + ".new") << content;
    fs::rename(path + ".new", path);
}

bool accepted(int port, const std::string& certificate)
{
    try
    {
        return HttpsClient(port, ClientTls{certificate, false}).get("/fhir/metadata").status == 200;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

/// Polls until the certificate's acceptance is `expected` (the reload happens on the gateway's main thread).
bool becomes(int port, const std::string& certificate, bool expected)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (accepted(port, certificate) == expected)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

class TlsReloadTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        _tls = makeWorkDirectory("tls");
        for (const char* file : {"server-chain.pem", "server.key", "ca.pem", "crl.pem"})
            fs::copy_file(pki(file), _tls + "/" + file);
    }

    void start(int reloadCheckSeconds)
    {
        _gateway = std::make_unique<GatewayProcess>(GatewayOptions{
            {"tls.certificateFile=" + _tls + "/server-chain.pem", "tls.privateKeyFile=" + _tls + "/server.key",
             "tls.caFile=" + _tls + "/ca.pem", "tls.crlFiles=" + _tls + "/crl.pem",
             "tls.reloadCheckSeconds=" + std::to_string(reloadCheckSeconds),
             "server.headerTimeout=120"}, // a request held half-sent across the reload must not be cut as slow loris
            ""});
        _gateway->start();
    }

    static std::string pki(const std::string& file) { return pkiDirectory() + "/" + file; }
    std::string metrics() { return HttpsClient(_gateway->port(), ClientTls{"admin", false}).get("/metrics").body; }

    std::string _tls;
    std::unique_ptr<GatewayProcess> _gateway;
};

} // namespace

TEST_F(TlsReloadTest, ANewCrlRevokesOnSighupWithoutARestart)
{
    start(0);
    const int port = _gateway->port();
    ASSERT_TRUE(accepted(port, "later-revoked"));

    replaceFile(_tls + "/crl.pem", readFile(pki("crl-next.pem")));
    _gateway->signal(SIGHUP);

    EXPECT_TRUE(becomes(port, "later-revoked", false)) << _gateway->log();
    EXPECT_TRUE(accepted(port, "vendor-demo"));
    EXPECT_FALSE(accepted(port, "revoked"));
    EXPECT_NE(metrics().find("sas_tls_reloads 1"), std::string::npos) << metrics();
    EXPECT_NE(_gateway->log().find("SIGHUP: new TLS certificates"), std::string::npos);
}

TEST_F(TlsReloadTest, ChangedFilesAreReloadedWithoutASignal)
{
    start(1);
    const int port = _gateway->port();
    ASSERT_TRUE(accepted(port, "later-revoked"));

    replaceFile(_tls + "/crl.pem", readFile(pki("crl-next.pem")));

    EXPECT_TRUE(becomes(port, "later-revoked", false)) << _gateway->log();
    EXPECT_TRUE(accepted(port, "vendor-demo"));
    EXPECT_NE(_gateway->log().find("changed files: new TLS certificates"), std::string::npos);
}

TEST_F(TlsReloadTest, ServerCertificateAndCaRotationKeepOpenConnectionsAndRequestsInFlight)
{
    start(0);
    const int port = _gateway->port();
    ASSERT_FALSE(accepted(port, "other-client")); // its CA is not trusted yet

    // One connection with a finished request (kept alive) and a request whose headers are only half sent.
    RawTlsConnection open(port, "vendor-demo");
    open.send("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\n\r\n");
    ASSERT_EQ(open.receiveResponseStatus(std::chrono::seconds(30)), 200);
    const std::string oldSerial = open.serverCertificateSerial();
    ASSERT_EQ(oldSerial, certificateSerial(pki("server.pem")));
    RawTlsConnection halfway(port, "vendor-demo");
    halfway.send("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\n");

    // The new server certificate, and a CA bundle that also trusts the other CA (with its CRL, as CRL_CHECK needs).
    replaceFile(_tls + "/server.key", readFile(pki("server-next.key")));
    replaceFile(_tls + "/server-chain.pem", readFile(pki("server-next.pem")) + readFile(pki("ca.pem")));
    replaceFile(_tls + "/ca.pem", readFile(pki("ca.pem")) + readFile(pki("other-ca.pem")));
    replaceFile(_tls + "/crl.pem", readFile(pki("crl.pem")) + readFile(pki("other-ca-crl.pem")));
    _gateway->signal(SIGHUP);
    ASSERT_TRUE(becomes(port, "other-client", true)) << _gateway->log();

    halfway.send("Accept: application/fhir+json\r\n\r\n");
    EXPECT_EQ(halfway.receiveResponseStatus(std::chrono::seconds(30)), 200);
    open.send("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(open.receiveResponseStatus(std::chrono::seconds(30)), 200);
    EXPECT_EQ(open.serverCertificateSerial(), oldSerial) << "an open connection keeps its handshake";

    RawTlsConnection fresh(port, "vendor-demo");
    EXPECT_EQ(fresh.serverCertificateSerial(), certificateSerial(pki("server-next.pem")));
    fresh.send("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(fresh.receiveResponseStatus(std::chrono::seconds(30)), 200);
    EXPECT_FALSE(accepted(port, "revoked")) << "the old CA's CRL still applies";
}

TEST_F(TlsReloadTest, ASetThatDoesNotLoadIsRefusedAndTheSetInForceStays)
{
    start(0);
    const int port = _gateway->port();

    replaceFile(_tls + "/server.key", readFile(pki("vendor-demo.key"))); // not the certificate's key
    _gateway->signal(SIGHUP);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (_gateway->log().find("TLS files refused") == std::string::npos && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_NE(_gateway->log().find("SIGHUP: TLS files refused, the set in force stays"), std::string::npos)
        << _gateway->log();
    EXPECT_NE(_gateway->log().find("tls.privateKeyFile"), std::string::npos);

    RawTlsConnection fresh(port, "vendor-demo");
    EXPECT_EQ(fresh.serverCertificateSerial(), certificateSerial(pki("server.pem")));
    EXPECT_TRUE(accepted(port, "vendor-demo"));
    EXPECT_NE(metrics().find("sas_tls_reloads_refused 1"), std::string::npos);
    EXPECT_NE(metrics().find("sas_tls_reloads 0"), std::string::npos);
}
