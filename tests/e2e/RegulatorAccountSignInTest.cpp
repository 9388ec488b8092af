// INT_R02 at sign-in (issue 5 point 4): a regulator's OpenID Connect sign-in (the dev issuer) makes the real binary
// create the regulator's account at every enabled end-to-end vendor (a real HTTPS simulator with mutual TLS records
// the POST), asynchronously — a vendor that never answers does not hold the sign-in — with a per-vendor state.
#include "tests/support/DevIssuer.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

using sas::test::ClientTls;
using sas::test::DevIssuer;
using sas::test::GatewayProcess;
using sas::test::HttpsClient;
using sas::test::VendorSimulator;
using namespace std::chrono_literals;

TEST(RegulatorAccountSignInTest, SignInCreatesTheAccountAtEachEndToEndVendorWithoutWaitingForThem)
{
    VendorSimulator booking;  // end to end: holds regulator accounts
    VendorSimulator listing;  // slots only: never asked
    // End to end too, but accepts TCP connections and never answers: its calls hang until their timeout.
    Poco::Net::ServerSocket hung(Poco::Net::SocketAddress("127.0.0.1", 0));

    const std::string pki = sas::test::pkiDirectory();
    std::string registry = "vendors = booking, listing, hung\n";
    for (const auto& [id, url, capability] :
         {std::tuple<std::string, std::string, std::string>{"booking", booking.baseUrl(), "end-to-end"},
          {"listing", listing.baseUrl(), "slots-only"},
          {"hung", "https://localhost:" + std::to_string(hung.address().port()) + "/fhir", "end-to-end"}})
    {
        const std::string p = "vendor." + id + ".";
        registry += p + "capability = " + capability + "\n" + p + "flows = ps\n" + p + "baseUrl.test = " + url + "\n" +
                    p + "tls.certificate = " + pki + "/gateway-client.pem\n" + p + "tls.privateKey = " + pki +
                    "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n" + p + "timeout.requestMs = " +
                    (id == "hung" ? "1500" : "7000") + "\n";
    }
    const std::string file = sas::test::makeWorkDirectory("account-sign-in") + "/vendors.properties";
    std::ofstream(file) << registry;

    DevIssuer issuer;
    auto settings = issuer.gatewaySettings();
    settings.push_back("vendors.registryFile=" + file);
    settings.push_back("vendors.environment=test");
    GatewayProcess gateway(sas::test::GatewayOptions{settings, ""});
    gateway.start();

    // The browser's round trip: gateway → issuer (auto-approved, the demo regulator 899900000001) → callback.
    HttpsClient browser(gateway.port(), ClientTls{});
    auto start = browser.get("/sas/recherche?origin=SAMU33-LRM&inseecode=33063");
    ASSERT_EQ(start.status, 303) << start.body;
    const Poco::URI authorize(start.header("location"));
    auto approved = HttpsClient(authorize.getPort(), ClientTls{}).get(authorize.getPathAndQuery());
    ASSERT_EQ(approved.status, 302) << approved.body;
    const auto signInStarted = std::chrono::steady_clock::now();
    auto callback = browser.get(Poco::URI(approved.header("location")).getPathAndQuery());
    const auto signInTook = std::chrono::steady_clock::now() - signInStarted;
    ASSERT_EQ(callback.status, 303) << callback.body;
    // The hung vendor's calls wait for its time-out (1.5 s, three attempts); the sign-in never did.
    EXPECT_LT(signInTook, 1500ms) << "the sign-in waited for a vendor";

    // The end-to-end vendor gets the account (POST: never acknowledged before), with the regulator's IDNPS.
    std::vector<sas::test::SimulatedRequest> seen;
    for (int i = 0; i < 100 && seen.empty(); ++i)
    {
        std::this_thread::sleep_for(50ms);
        seen = booking.requests();
    }
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].uri, "/fhir/Practitioner");
    EXPECT_EQ(seen[0].clientCommonName, "gateway-client");
    EXPECT_NE(seen[0].body.find(R"("system":"urn:oid:1.2.250.1.71.4.2.1","value":"899900000001")"), std::string::npos)
        << seen[0].body;
    EXPECT_NE(seen[0].body.find("Loridon"), std::string::npos);
    EXPECT_TRUE(listing.requests().empty()) << "slots-only vendors hold no regulator accounts";

    // Per-vendor state, keyed on the account's technical id (the issuer's subject), read once the hung vendor's
    // attempts are over (the sync runs one regulator change at a time): synced at one, still pending (never
    // acknowledged) at the other, to be retried at the next sign-in.
    HttpsClient admin(gateway.port(), ClientTls{"admin"});
    auto state = admin.get("/admin/regulator-accounts/f:dev:899900000001");
    ASSERT_EQ(state.status, 200) << state.body;
    EXPECT_NE(state.body.find(R"({"id":"booking","state":"synced","attempts":0)"), std::string::npos) << state.body;
    EXPECT_NE(state.body.find(R"({"id":"hung","state":"pending","attempts":3)"), std::string::npos) << state.body;
}
