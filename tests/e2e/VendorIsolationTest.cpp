// Two vendors on one gateway: neither can read, search, update, delete, list the history of, nor reach through a
// transaction Bundle or a conditional interaction, the other's Slots (docs/authorization.md, "Vendors' own data").
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cstdlib>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

class VendorIsolationTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        // A second vendor's client certificate from the test PKI's CA, and its identity next to the dev ones.
        const std::string command = std::string(SAS_SOURCE_DIR) + "/tests/support/make-client-cert '" +
                                    sas::test::pkiDirectory() + "' '" + sas::test::pkiDirectory() + "' vendor-other";
        ASSERT_EQ(std::system(command.c_str()), 0);
        gateway = new GatewayProcess(GatewayOptions{
            {"auth.identities=vendor-demo, lrm-demo, admin, vendor-other", "auth.identity.vendor-other.kind=vendor",
             "auth.identity.vendor-other.cn=vendor-other"},
            ""});
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpResponse send(const std::string& certificate, const std::string& method, const std::string& target,
                             const std::string& body = {},
                             std::vector<std::pair<std::string, std::string>> headers = {})
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false})
            .send(HttpRequest{method, target, std::move(headers), body, body.empty() ? "" : "application/fhir+json"});
    }

    static std::string slot(const std::string& id, const std::string& comment)
    {
        return R"({"resourceType":"Slot","id":")" + id +
               R"(","identifier":[{"system":"urn:test:slot","value":")" + id +
               R"("}],"schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free",)"
               R"("start":"2026-11-23T09:00:00.000+01:00","end":"2026-11-23T09:15:00.000+01:00","comment":")" +
               comment + R"("})";
    }

    static int total(const HttpResponse& response)
    {
        auto bundle = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
        return bundle->getValue<int>("total");
    }

    static GatewayProcess* gateway;
};

GatewayProcess* VendorIsolationTest::gateway = nullptr;

TEST_F(VendorIsolationTest, AVendorSeesAndChangesOnlyItsOwnSlots)
{
    ASSERT_EQ(send("vendor-demo", "PUT", "/fhir/Slot/iso-a", slot("iso-a", "mine")).status, 201);
    ASSERT_EQ(send("vendor-demo", "PUT", "/fhir/Slot/iso-a", slot("iso-a", "mine again")).status, 200);

    // Its owner and the readers see it.
    EXPECT_EQ(send("vendor-demo", "GET", "/fhir/Slot/iso-a").status, 200);
    EXPECT_EQ(send("lrm-demo", "GET", "/fhir/Slot/iso-a").status, 200);
    EXPECT_EQ(send("admin", "GET", "/fhir/Slot/iso-a/_history").status, 200);

    // The other vendor: not found, exactly as an unknown id.
    EXPECT_EQ(send("vendor-other", "GET", "/fhir/Slot/iso-a").status, 404);
    EXPECT_EQ(send("vendor-other", "GET", "/fhir/Slot/iso-a/_history/1").status, 404);
    EXPECT_EQ(send("vendor-other", "GET", "/fhir/Slot/iso-a/_history").status, 404);
    EXPECT_EQ(send("vendor-other", "GET", "/fhir/Slot/_history").status, 403);
    // Nor through a Bundle's GET: the same answer as an unknown id, and no body.
    const std::string read = R"({"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Slot/iso-a"}}]})";
    auto batch = send("vendor-other", "POST", "/fhir", read);
    ASSERT_EQ(batch.status, 200) << batch.body;
    EXPECT_NE(batch.body.find(R"("status":"404")"), std::string::npos) << batch.body;
    EXPECT_EQ(batch.body.find(R"("resource":)"), std::string::npos) << batch.body;
    batch = send("vendor-demo", "POST", "/fhir", read);
    EXPECT_NE(batch.body.find(R"("status":"200 OK")"), std::string::npos) << batch.body;

    // Searches hold only one's own Slots, whatever the criteria; includes that could bring them in are refused.
    auto own = send("vendor-demo", "GET", "/fhir/Slot?identifier=urn:test:slot|iso-a");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(total(own), 1);
    auto others = send("vendor-other", "GET", "/fhir/Slot?identifier=urn:test:slot|iso-a");
    ASSERT_EQ(others.status, 200) << others.body;
    EXPECT_EQ(total(others), 0);
    auto byId = send("vendor-other", "GET", "/fhir/Slot?_id=iso-a");
    ASSERT_EQ(byId.status, 200) << byId.body;
    EXPECT_EQ(total(byId), 0);
    auto revinclude = send("vendor-other", "GET", "/fhir/Slot?_revinclude=Appointment:slot");
    EXPECT_EQ(revinclude.status, 403) << revinclude.body;
    auto lrm = send("lrm-demo", "GET", "/fhir/Slot?_revinclude=Appointment:slot");
    EXPECT_EQ(lrm.status, 200) << lrm.body;

    // Changes: update, conditional update, delete, and the same inside a transaction, all refused.
    EXPECT_EQ(send("vendor-other", "PUT", "/fhir/Slot/iso-a", slot("iso-a", "stolen")).status, 403);
    EXPECT_EQ(send("vendor-other", "PUT", "/fhir/Slot?identifier=urn:test:slot|iso-a", slot("iso-a", "stolen")).status,
              403);
    EXPECT_EQ(send("vendor-other", "DELETE", "/fhir/Slot/iso-a").status, 403);
    const std::string transaction =
        R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":)" + slot("iso-a", "stolen") +
        R"(,"request":{"method":"PUT","url":"Slot/iso-a"}}]})";
    EXPECT_EQ(send("vendor-other", "POST", "/fhir", transaction).status, 403);
    const std::string deletion =
        R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"DELETE","url":"Slot/iso-a"}}]})";
    EXPECT_EQ(send("vendor-other", "POST", "/fhir", deletion).status, 403);
    auto created = send("vendor-other", "POST", "/fhir/Slot", slot("x", "copy"),
                        {{"If-None-Exist", "identifier=urn:test:slot|iso-a"}});
    EXPECT_EQ(created.status, 403) << created.body;
    EXPECT_EQ(created.body.find("mine again"), std::string::npos);

    // Nothing changed.
    auto after = send("vendor-demo", "GET", "/fhir/Slot/iso-a");
    ASSERT_EQ(after.status, 200);
    EXPECT_NE(after.body.find("mine again"), std::string::npos);
    EXPECT_NE(after.body.find("\"versionId\":\"2\""), std::string::npos) << after.body;

    // Deleted, the Slot stays its owner's: the other vendor cannot resurrect it and inherit its history.
    ASSERT_LT(send("vendor-demo", "DELETE", "/fhir/Slot/iso-a").status, 300);
    EXPECT_EQ(send("vendor-other", "PUT", "/fhir/Slot/iso-a", slot("iso-a", "resurrected")).status, 403);
    EXPECT_EQ(send("vendor-other", "GET", "/fhir/Slot/iso-a/_history").status, 404);
    EXPECT_EQ(send("vendor-demo", "PUT", "/fhir/Slot/iso-a", slot("iso-a", "back")).status, 201);
}

} // namespace
