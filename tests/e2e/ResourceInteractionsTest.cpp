// FHIR instance and type interactions against the real binary: create, read, update, If-Match,
// delete, vread, history, Prefer, ownership, and bad bodies.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

class ResourceInteractionsTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        gateway = new GatewayProcess();
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpResponse send(const std::string& certificate, HttpRequest request)
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false}).send(request);
    }

    static GatewayProcess* gateway;
};

GatewayProcess* ResourceInteractionsTest::gateway = nullptr;

Poco::JSON::Object::Ptr json(const std::string& body)
{
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// A Slot conformant to FrSlotAgregateur (whose status is fixed to "free"); `comment` tells versions apart.
std::string slot(const std::string& id, const std::string& comment)
{
    return R"({"resourceType":"Slot",)" + (id.empty() ? std::string() : R"("id":")" + id + R"(",)") +
           R"("schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free",)"
           R"("start":"2026-11-23T09:00:00.000+01:00","end":"2026-11-23T09:15:00.000+01:00","comment":")" + comment +
           R"("})";
}

HttpRequest request(std::string method, std::string target, std::string body = {},
                    std::vector<std::pair<std::string, std::string>> headers = {})
{
    return HttpRequest{std::move(method), std::move(target), std::move(headers), std::move(body),
                       "application/fhir+json"};
}

} // namespace

TEST_F(ResourceInteractionsTest, CreateReadUpdateDeleteWithVersions)
{
    auto created = send("vendor-demo", request("POST", "/fhir/Slot", slot("", "v1")));
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("etag"), "W/\"1\"");
    const std::string location = created.header("location");
    ASSERT_NE(location.find("/fhir/Slot/"), std::string::npos) << location;
    EXPECT_NE(location.find("/_history/1"), std::string::npos) << location;
    const std::string id = json(created.body)->getValue<std::string>("id");
    EXPECT_EQ(json(created.body)->getObject("meta")->getValue<std::string>("versionId"), "1");

    auto read = send("lrm-demo", request("GET", "/fhir/Slot/" + id));
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(json(read.body)->getValue<std::string>("comment"), "v1");

    auto updated = send("vendor-demo", request("PUT", "/fhir/Slot/" + id, slot(id, "v2"), {{"If-Match", "W/\"1\""}}));
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.header("etag"), "W/\"2\"");

    auto stale = send("vendor-demo", request("PUT", "/fhir/Slot/" + id, slot(id, "v3"), {{"If-Match", "W/\"1\""}}));
    EXPECT_EQ(stale.status, 412) << stale.body;

    auto firstVersion = send("lrm-demo", request("GET", "/fhir/Slot/" + id + "/_history/1"));
    ASSERT_EQ(firstVersion.status, 200);
    EXPECT_EQ(json(firstVersion.body)->getValue<std::string>("comment"), "v1");

    auto removed = send("vendor-demo", request("DELETE", "/fhir/Slot/" + id));
    EXPECT_EQ(removed.status, 204);
    auto gone = send("lrm-demo", request("GET", "/fhir/Slot/" + id));
    EXPECT_EQ(gone.status, 410);
    auto deletedVersion = send("lrm-demo", request("GET", "/fhir/Slot/" + id + "/_history/3"));
    EXPECT_EQ(deletedVersion.status, 410);

    auto history = send("lrm-demo", request("GET", "/fhir/Slot/" + id + "/_history"));
    ASSERT_EQ(history.status, 200);
    auto bundle = json(history.body);
    EXPECT_EQ(bundle->getValue<std::string>("type"), "history");
    EXPECT_EQ(bundle->getValue<int>("total"), 3);
    auto entries = bundle->getArray("entry");
    ASSERT_EQ(entries->size(), 3u);
    EXPECT_EQ(entries->getObject(0)->getObject("request")->getValue<std::string>("method"), "DELETE");
    EXPECT_EQ(entries->getObject(2)->getObject("request")->getValue<std::string>("method"), "POST");
}

TEST_F(ResourceInteractionsTest, UpdateAsCreateAndIdRules)
{
    auto created = send("vendor-demo", request("PUT", "/fhir/Slot/chosen-id-1", slot("chosen-id-1", "v1")));
    EXPECT_EQ(created.status, 201) << created.body;
    auto again = send("vendor-demo", request("PUT", "/fhir/Slot/chosen-id-1", slot("chosen-id-1", "v1")));
    EXPECT_EQ(again.status, 200);

    auto mismatch = send("vendor-demo", request("PUT", "/fhir/Slot/chosen-id-2", slot("other", "v1")));
    EXPECT_EQ(mismatch.status, 400);
    auto missing = send("vendor-demo", request("PUT", "/fhir/Slot/chosen-id-3", slot("", "v1")));
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot/chosen-id-2")).status, 404);
}

TEST_F(ResourceInteractionsTest, PreferControlsTheBody)
{
    auto minimal = send("vendor-demo", request("POST", "/fhir/Slot", slot("", "v1"), {{"Prefer", "return=minimal"}}));
    EXPECT_EQ(minimal.status, 201);
    EXPECT_TRUE(minimal.body.empty());
    EXPECT_FALSE(minimal.header("location").empty());

    auto outcome = send("vendor-demo", request("POST", "/fhir/Slot", slot("", "v1"), {{"Prefer", "return=OperationOutcome"}}));
    EXPECT_EQ(outcome.status, 201);
    EXPECT_EQ(json(outcome.body)->getValue<std::string>("resourceType"), "OperationOutcome");
}

TEST_F(ResourceInteractionsTest, XmlBodiesAreAccepted)
{
    HttpRequest xml{"POST", "/fhir/Slot", {{"Accept", "application/fhir+xml"}},
                    R"(<Slot xmlns="http://hl7.org/fhir"><schedule><reference value="Schedule/ExampleSchedule"/></schedule>)"
                    R"(<status value="free"/><start value="2026-11-23T10:00:00.000+01:00"/>)"
                    R"(<end value="2026-11-23T10:15:00.000+01:00"/></Slot>)",
                    "application/fhir+xml"};
    auto created = send("vendor-demo", xml);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_NE(created.body.find("<Slot xmlns=\"http://hl7.org/fhir\">"), std::string::npos) << created.body;
}

TEST_F(ResourceInteractionsTest, BadBodiesAre400WithTheElementPathAndChangeNothing)
{
    auto unknown = send("vendor-demo", request("POST", "/fhir/Slot", R"({"resourceType":"Slot","colour":"red","status":"free"})"));
    EXPECT_EQ(unknown.status, 400) << unknown.body;
    EXPECT_NE(unknown.body.find("Slot.colour"), std::string::npos) << unknown.body;

    auto wrongType = send("vendor-demo", request("POST", "/fhir/Slot", R"({"resourceType":"Schedule","active":true})"));
    EXPECT_EQ(wrongType.status, 400) << wrongType.body;

    auto notJson = send("vendor-demo", request("POST", "/fhir/Slot", "{not json"));
    EXPECT_EQ(notJson.status, 400);

    auto before = json(send("lrm-demo", request("GET", "/fhir/Slot/_history?_count=0")).body)->getValue<int>("total");
    send("vendor-demo", request("POST", "/fhir/Slot", R"({"resourceType":"Slot","status":12})"));
    auto after = json(send("lrm-demo", request("GET", "/fhir/Slot/_history?_count=0")).body)->getValue<int>("total");
    EXPECT_EQ(before, after);
}

TEST_F(ResourceInteractionsTest, WriteRightsFollowIdentityKindAndOwnership)
{
    // Rights are per method: an LRM reads and searches a path it may not write.
    EXPECT_EQ(send("lrm-demo", request("POST", "/fhir/Slot", slot("", "v1"))).status, 403);
    EXPECT_EQ(send("lrm-demo", request("PUT", "/fhir/Slot/lrm-write", slot("lrm-write", "v1"))).status, 403);
    EXPECT_EQ(send("lrm-demo", request("DELETE", "/fhir/Slot/ExampleSlotPSIndiv1")).status, 403);
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot/ExampleSlotPSIndiv1")).status, 200);
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot?status=free")).status, 200);
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot/lrm-write")).status, 404);

    auto adminOwned = send("admin", request("PUT", "/fhir/Slot/admin-owned", slot("admin-owned", "v1")));
    ASSERT_EQ(adminOwned.status, 201) << adminOwned.body;
    auto takeover = send("vendor-demo", request("PUT", "/fhir/Slot/admin-owned", slot("admin-owned", "v2")));
    EXPECT_EQ(takeover.status, 403) << takeover.body;
    EXPECT_EQ(send("vendor-demo", request("DELETE", "/fhir/Slot/admin-owned")).status, 403);
    EXPECT_EQ(send("admin", request("DELETE", "/fhir/Slot/admin-owned")).status, 204);
}

TEST_F(ResourceInteractionsTest, ProfileViolationsAre422WithEveryIssueAndChangeNothing)
{
    // FrSlotAgregateur fixes Slot.status to "free"; the start is after the end.
    const std::string bad = R"({"resourceType":"Slot","schedule":{"reference":"Schedule/ExampleSchedule"},)"
                            R"("status":"busy","start":"2026-11-23T10:00:00.000+01:00","end":"2026-11-23T09:00:00.000+01:00"})";
    auto refused = send("vendor-demo", request("PUT", "/fhir/Slot/profile-check", R"({"id":"profile-check",)" + bad.substr(1)));
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("Slot.status"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("Slot.end"), std::string::npos) << refused.body;
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot/profile-check")).status, 404);

    auto report = send("lrm-demo", request("POST", "/fhir/Slot/$validate", bad));
    EXPECT_EQ(report.status, 200) << report.body;
    EXPECT_NE(report.body.find("Slot.status"), std::string::npos) << report.body;
    auto clean = send("lrm-demo", request("POST", "/fhir/Slot/$validate", slot("", "ok")));
    EXPECT_EQ(clean.status, 200);
    EXPECT_NE(clean.body.find("information"), std::string::npos) << clean.body;
}

TEST_F(ResourceInteractionsTest, UnknownTypesAndIdsAreNotFound)
{
    EXPECT_EQ(send("vendor-demo", request("POST", "/fhir/Patient", R"({"resourceType":"Patient"})")).status, 404);
    EXPECT_EQ(send("vendor-demo", request("DELETE", "/fhir/Slot/never-existed")).status, 404);
    EXPECT_EQ(send("lrm-demo", request("GET", "/fhir/Slot/never-existed/_history")).status, 404);
}
