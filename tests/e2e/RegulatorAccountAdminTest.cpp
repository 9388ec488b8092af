// INT_R02 through the admin API (issue 5 point 4): an operator creates, updates and deactivates a regulator's account
// at every end-to-end vendor (real HTTPS simulators with mutual TLS record what they receive) through the real binary,
// idempotently, never with DELETE; a deactivation reaches the vendors even from a node that never sent the account
// (its in-memory state lost by a restart); bad input is a 400 naming the member and sends nothing.

#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"
#include "tests/support/auditEvents.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using sas::test::VendorSimulator;

namespace
{

constexpr const char* TECHNICAL_ID = "7c1f6e0a-3b1d-4c55-9a0e-2f4b8d9e1a77";

class RegulatorAccountAdminTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const std::string pki = sas::test::pkiDirectory();
        std::string registry = "vendors = booking, listing\n";
        for (const auto& [id, url, capability] :
             {std::tuple<std::string, std::string, std::string>{"booking", booking.baseUrl(), "end-to-end"},
              {"listing", listing.baseUrl(), "slots-only"}})
        {
            const std::string p = "vendor." + id + ".";
            registry += p + "capability = " + capability + "\n" + p + "flows = ps\n" + p + "baseUrl.test = " + url +
                        "\n" + p + "tls.certificate = " + pki + "/gateway-client.pem\n" + p + "tls.privateKey = " +
                        pki + "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n";
        }
        registryFile = sas::test::makeWorkDirectory("account-admin") + "/vendors.properties";
        std::ofstream(registryFile) << registry;
        gateway = startGateway();
    }

    std::unique_ptr<GatewayProcess> startGateway(const std::string& extra = "vendors.accountRetrySeconds=300") const
    {
        auto started = std::make_unique<GatewayProcess>(
            GatewayOptions{{"vendors.registryFile=" + registryFile, "vendors.environment=test", extra}, ""});
        started->start();
        return started;
    }

    HttpResponse put(const std::string& body, const std::string& certificate = "admin",
                     const std::string& technicalId = TECHNICAL_ID) const
    {
        return HttpsClient(gateway->port(), ClientTls{certificate})
            .send(HttpRequest{"PUT", "/admin/regulator-accounts/" + technicalId, {}, body, "application/json"});
    }

    VendorSimulator booking;
    VendorSimulator listing;
    std::string registryFile;
    std::unique_ptr<GatewayProcess> gateway;
};

TEST_F(RegulatorAccountAdminTest, CreateUpdateAndDeactivateAtEveryEndToEndVendorIdempotently)
{
    // Created with its technical id (no IDNPS yet): POST, since the vendor never acknowledged it.
    auto created = put(R"({"familyName":"Marius","givenName":"Jules","email":"jules.marius@test.com"})");
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_EQ(created.body, R"({"vendors":[{"id":"booking","state":"synced","attempts":0,"lastError":""}]})");
    auto seen = booking.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].uri, "/fhir/Practitioner");
    EXPECT_EQ(seen[0].clientCommonName, "gateway-client");
    EXPECT_NE(seen[0].body.find(std::string(R"("system":"urn:oid:1.2.250.1.213.3.6","value":")") + TECHNICAL_ID),
              std::string::npos)
        << seen[0].body;
    EXPECT_TRUE(listing.requests().empty()) << "slots-only vendors hold no regulator accounts";

    // The same account again: nothing to send.
    ASSERT_EQ(put(R"({"familyName":"Marius","givenName":"Jules","email":"jules.marius@test.com"})").status, 200);
    EXPECT_EQ(booking.requests().size(), 1u);

    // The IDNPS becomes known: PUT keyed on the technical id the vendor knows, body with the national one.
    auto switched = put(R"({"nationalId":"810002673899","familyName":"Marius","givenName":"Jules"})");
    ASSERT_EQ(switched.status, 200) << switched.body;
    seen = booking.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].method, "PUT");
    EXPECT_EQ(seen[1].uri, std::string("/fhir/Practitioner?identifier=urn:oid:1.2.250.1.213.3.6%7C") + TECHNICAL_ID);
    EXPECT_EQ(seen[1].body.find("telecom"), std::string::npos) << "no e-mail, no empty telecom: " << seen[1].body;
    ASSERT_EQ(booking.accountsJson().size(), 1u) << "switched, not duplicated";

    // Deactivation: at once, PUT active=false keyed on the national id, never DELETE.
    auto deactivated = put(R"({"nationalId":"810002673899","familyName":"Marius","givenName":"Jules","active":false})");
    ASSERT_EQ(deactivated.status, 200) << deactivated.body;
    seen = booking.requests();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[2].method, "PUT");
    EXPECT_EQ(seen[2].uri, "/fhir/Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899");
    EXPECT_NE(seen[2].body.find(R"("active":false)"), std::string::npos);

    // Every call is on the trail with the technical id and nothing of the person.
    const auto events = sas::test::auditEvents(gateway->port(), "entity-type=RegulatorAccount");
    EXPECT_EQ(events.size(), 4u) << "one per PUT, the idempotent one included";
    std::string all;
    for (const auto& event : events)
    {
        std::ostringstream text;
        event->stringify(text);
        all += text.str() + "\n";
    }
    EXPECT_NE(all.find(TECHNICAL_ID), std::string::npos) << all;
    EXPECT_NE(all.find("deactivate"), std::string::npos) << all;
    EXPECT_EQ(all.find("Marius"), std::string::npos) << all;

    // Another node (here: the same after a restart) never sent the account, yet its deactivation reaches the vendor,
    // as a PUT keyed on the account's identifier, never a POST.
    gateway.reset();
    gateway = startGateway();
    auto again = put(R"({"nationalId":"810002673899","familyName":"Marius","givenName":"Jules","active":false})");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.body, R"({"vendors":[{"id":"booking","state":"synced","attempts":0,"lastError":""}]})");
    seen = booking.requests();
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[3].method, "PUT");
    EXPECT_EQ(seen[3].uri, "/fhir/Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899");
    EXPECT_NE(seen[3].body.find(R"("active":false)"), std::string::npos);
    for (const auto& request : seen)
        EXPECT_NE(request.method, "DELETE");
    EXPECT_EQ(booking.accountsJson().size(), 1u);
}

TEST_F(RegulatorAccountAdminTest, BadInputIsA400NamingTheMemberAndSendsNothing)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "body"},
        {R"(["a"])", "body"},
        {R"({"givenName":"Jules"})", "familyName"},
        {R"({"familyName":"","givenName":"Jules"})", "familyName"},
        {R"({"familyName":"Marius","givenName":7})", "givenName"},
        {R"({"familyName":"Marius","givenName":"Jules","active":"no"})", "active"},
        {R"({"familyName":"Marius","givenName":"Jules","nationalId":"81 0002"})", "nationalId"},
    };
    for (const auto& [body, member] : cases)
    {
        auto answer = put(body);
        EXPECT_EQ(answer.status, 400) << body << " → " << answer.body;
        EXPECT_NE(answer.body.find("OperationOutcome"), std::string::npos) << answer.body;
        EXPECT_NE(answer.body.find("\"" + member + "\""), std::string::npos) << body << " → " << answer.body;
    }
    EXPECT_EQ(put(R"({"familyName":"Marius","givenName":"Jules"})", "admin", "has%20space").status, 400);
    // Only operators: a vendor or an LRM is refused before anything is read.
    EXPECT_EQ(put(R"({"familyName":"Marius","givenName":"Jules"})", "vendor-demo").status, 403);
    EXPECT_EQ(put(R"({"familyName":"Marius","givenName":"Jules"})", "lrm-demo").status, 403);
    EXPECT_TRUE(booking.requests().empty());
}

TEST_F(RegulatorAccountAdminTest, AnAccountAVendorRefusedIsSentAgainWithoutWaitingForASignIn)
{
    gateway.reset();
    gateway = startGateway("vendors.accountRetrySeconds=1");
    // The vendor is down for the call and its two immediate retries: the account stays pending.
    booking.failNextWrites(3);
    auto refused = put(R"({"familyName":"Marius","givenName":"Jules"})");
    ASSERT_EQ(refused.status, 200) << refused.body;
    EXPECT_EQ(refused.body, R"({"vendors":[{"id":"booking","state":"pending","attempts":3,"lastError":"HTTP 503"}]})");

    // Back up: the periodic retry sends it, with the idempotent PUT (a failed POST may have been applied).
    std::string state;
    for (int i = 0; i < 100; ++i)
    {
        state = HttpsClient(gateway->port(), ClientTls{"admin"}).get(std::string("/admin/regulator-accounts/") + TECHNICAL_ID).body;
        if (state.find(R"("state":"synced")") != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(state, R"({"vendors":[{"id":"booking","state":"synced","attempts":0,"lastError":""}]})");
    const auto seen = booking.requests();
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[3].method, "PUT");
    EXPECT_EQ(booking.accountsJson().size(), 1u);
}

} // namespace
