// Per-identity limits over the real binary: a client over its rate gets 429 with Retry-After and an
// OperationOutcome; a vendor holding its maximum of slow uploads gets 429 for one more while other identities are
// served; once it lets go it is served again; /metrics counts the refusals.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

class ClientLimitsTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        gateway = new GatewayProcess(GatewayOptions{{"limits.vendor.maxConcurrent=2", "limits.vendor.requestsPerSecond=0",
                                                     "limits.lrm.requestsPerSecond=1", "limits.lrm.burst=3"},
                                                    ""});
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpResponse get(const std::string& certificate, const std::string& target)
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false}).get(target);
    }

    /// A PUT whose body never finishes arriving: the connection holds one of the vendor's request slots.
    static std::unique_ptr<Poco::Net::SecureStreamSocket> slowUpload(const std::string& certificate, const std::string& id)
    {
        const std::string pki = sas::test::pkiDirectory();
        Poco::Net::Context::Params params;
        params.caLocation = pki + "/ca.pem";
        params.certificateFile = pki + "/" + certificate + ".pem";
        params.privateKeyFile = pki + "/" + certificate + ".key";
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        auto socket = std::make_unique<Poco::Net::SecureStreamSocket>(
            Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(gateway->port())), context);
        const std::string head = "PUT /fhir/Slot/" + id +
                                 " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\n"
                                 "Content-Length: 100000\r\n\r\n{\"resourceType\":";
        socket->sendBytes(head.data(), static_cast<int>(head.size()));
        return socket;
    }

    static GatewayProcess* gateway;
};

GatewayProcess* ClientLimitsTest::gateway = nullptr;

TEST_F(ClientLimitsTest, OverItsRateAClientGets429WithRetryAfter)
{
    int served = 0;
    HttpResponse refused;
    for (int i = 0; i < 10 && refused.status == 0; ++i)
    {
        auto response = get("lrm-demo", "/fhir/metadata");
        if (response.status == 429)
            refused = response;
        else
            ++served;
    }
    ASSERT_EQ(refused.status, 429);
    EXPECT_GE(served, 3); // the burst
    EXPECT_LE(served, 5); // plus what one token a second refilled meanwhile
    EXPECT_GE(std::stoi(refused.header("retry-after")), 1);
    EXPECT_NE(refused.body.find("\"OperationOutcome\""), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("\"throttled\""), std::string::npos) << refused.body;

    // Another identity is not affected; the refused one is served again after Retry-After.
    EXPECT_EQ(get("admin", "/fhir/metadata").status, 200);
    std::this_thread::sleep_for(std::chrono::seconds(std::stoi(refused.header("retry-after"))));
    EXPECT_EQ(get("lrm-demo", "/fhir/metadata").status, 200);

    auto metrics = get("admin", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.body.find("sas_http_throttled_rate_total 0"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("sas_http_throttled_rate_total"), std::string::npos);
}

TEST_F(ClientLimitsTest, ASlowVendorHoldsOnlyItsOwnSlotsAndOthersAreServed)
{
    get("vendor-demo", "/fhir/metadata"); // initialises the TLS client library
    auto first = slowUpload("vendor-demo", "slow-1");
    auto second = slowUpload("vendor-demo", "slow-2");

    // Once both uploads are in their handlers, a third request of that vendor is refused at once.
    HttpResponse third;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline)
    {
        third = get("vendor-demo", "/fhir/metadata");
        if (third.status == 429)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(third.status, 429) << third.body;
    EXPECT_EQ(third.header("retry-after"), "1");
    EXPECT_NE(third.body.find("concurrent"), std::string::npos) << third.body;

    // Meanwhile every other identity is served.
    EXPECT_EQ(get("admin", "/fhir/metadata").status, 200);
    EXPECT_EQ(get("practitioner-demo", "/health").status, 200);
    EXPECT_EQ(get("admin", "/fhir/Slot?_count=1").status, 200); // the database too

    // The vendor lets go: served again.
    first->close();
    second->close();
    HttpResponse again;
    const auto later = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < later)
    {
        again = get("vendor-demo", "/fhir/metadata");
        if (again.status == 200)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(again.status, 200);
    auto metrics = get("admin", "/metrics");
    EXPECT_EQ(metrics.body.find("sas_http_throttled_concurrency_total 0"), std::string::npos) << metrics.body;
}

} // namespace
