// Transaction and batch Bundles, and conditional operations, against the real binary.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <future>
#include <set>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

constexpr const char* RPPS = "urn:oid:1.2.250.1.71.4.2.1";

class BundleTest : public ::testing::Test
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

    static HttpResponse post(const std::string& target, const std::string& body,
                             std::vector<std::pair<std::string, std::string>> headers = {})
    {
        return HttpsClient(gateway->port(), ClientTls{"vendor-demo", false})
            .send(HttpRequest{"POST", target, std::move(headers), body, "application/fhir+json"});
    }
    static HttpResponse put(const std::string& target, const std::string& body)
    {
        return HttpsClient(gateway->port(), ClientTls{"vendor-demo", false})
            .send(HttpRequest{"PUT", target, {}, body, "application/fhir+json"});
    }
    static HttpResponse get(const std::string& target)
    {
        return HttpsClient(gateway->port(), ClientTls{"lrm-demo", false}).get(target);
    }
    static int total(const std::string& type)
    {
        return json(get("/fhir/" + type + "/_history?_count=0").body)->getValue<int>("total");
    }
    static Poco::JSON::Object::Ptr json(const std::string& body)
    {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    }

    static GatewayProcess* gateway;
};

GatewayProcess* BundleTest::gateway = nullptr;

std::string practitioner(const std::string& rpps)
{
    return R"({"resourceType":"Practitioner","identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},"system":")" + std::string(RPPS) + R"(","value":")" + rpps +
           R"("}],"name":[{"family":"Martin"}]})";
}

std::string slotEntry(const std::string& fullUrl, const std::string& scheduleReference, int minute)
{
    char start[64];
    std::snprintf(start, sizeof start, "2026-11-23T%02d:%02d:00.000+01:00", 8 + minute / 60, minute % 60);
    char end[64];
    std::snprintf(end, sizeof end, "2026-11-23T%02d:%02d:00.000+01:00", 8 + (minute + 1) / 60, (minute + 1) % 60);
    return R"({"fullUrl":")" + fullUrl + R"(","resource":{"resourceType":"Slot","schedule":{"reference":")" +
           scheduleReference + R"("},"status":"free","start":")" + start + R"(","end":")" + end +
           R"("},"request":{"method":"POST","url":"Slot"}})";
}

std::string bundle(const std::string& type, const std::vector<std::string>& entries)
{
    std::string body = R"({"resourceType":"Bundle","type":")" + type + R"(","entry":[)";
    for (size_t i = 0; i < entries.size(); ++i)
        body += (i ? "," : "") + entries[i];
    return body + "]}";
}

} // namespace

TEST_F(BundleTest, TransactionRewritesUrnUuidReferencesToTheNewIds)
{
    const std::string body = bundle(
        "transaction",
        {R"({"fullUrl":"urn:uuid:0c4a5f5e-0001-4000-8000-000000000001","resource":)" + practitioner("810000000001") +
             R"(,"request":{"method":"POST","url":"Practitioner"}})",
         R"({"fullUrl":"urn:uuid:0c4a5f5e-0001-4000-8000-000000000002","resource":{"resourceType":"Schedule",)"
         R"("actor":[{"reference":"urn:uuid:0c4a5f5e-0001-4000-8000-000000000001"}]},"request":{"method":"POST","url":"Schedule"}})",
         slotEntry("urn:uuid:0c4a5f5e-0001-4000-8000-000000000003", "urn:uuid:0c4a5f5e-0001-4000-8000-000000000002", 0)});
    auto response = post("/fhir", body);
    ASSERT_EQ(response.status, 200) << response.body;
    auto result = json(response.body);
    EXPECT_EQ(result->getValue<std::string>("type"), "transaction-response");
    auto entries = result->getArray("entry");
    ASSERT_EQ(entries->size(), 3u);
    for (unsigned i = 0; i < 3; ++i)
        EXPECT_EQ(entries->getObject(i)->getObject("response")->getValue<std::string>("status"), "201 Created");

    const std::string slotLocation = entries->getObject(2)->getObject("response")->getValue<std::string>("location");
    const std::string slotId = slotLocation.substr(5, slotLocation.find("/_history") - 5);
    auto slot = json(get("/fhir/Slot/" + slotId).body);
    const std::string scheduleReference = slot->getObject("schedule")->getValue<std::string>("reference");
    ASSERT_EQ(scheduleReference.rfind("Schedule/", 0), 0u) << scheduleReference;
    auto schedule = json(get("/fhir/" + scheduleReference).body);
    EXPECT_EQ(schedule->getArray("actor")->getObject(0)->getValue<std::string>("reference").rfind("Practitioner/", 0), 0u);
}

TEST_F(BundleTest, ATransactionWithOneBadEntryWritesNothing)
{
    const int before = total("Slot");
    const std::string body = bundle("transaction", {slotEntry("urn:uuid:1", "Schedule/ExampleSchedule", 10),
                                                    R"({"resource":{"resourceType":"Slot","id":"a","status":"free"},)"
                                                    R"("request":{"method":"PUT","url":"Slot/b"}})"});
    auto response = post("/fhir", body);
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_NE(response.body.find("Bundle.entry[1]"), std::string::npos) << response.body;
    EXPECT_EQ(total("Slot"), before);
}

TEST_F(BundleTest, AFailureWhileApplyingRollsBackTheEarlierEntries)
{
    ASSERT_EQ(put("/fhir/Slot/bundle-versioned", R"({"resourceType":"Slot","id":"bundle-versioned","schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free","start":"2026-11-23T08:00:00.000+01:00","end":"2026-11-23T08:15:00.000+01:00"})").status, 201);
    const int before = total("Slot");
    const std::string body = bundle(
        "transaction",
        {slotEntry("urn:uuid:2", "Schedule/ExampleSchedule", 20),
         R"({"resource":{"resourceType":"Slot","id":"bundle-versioned","schedule":{"reference":"Schedule/ExampleSchedule"},)"
         R"("status":"free","comment":"changed","start":"2026-11-23T08:00:00.000+01:00","end":"2026-11-23T08:15:00.000+01:00"},)"
         R"("request":{"method":"PUT","url":"Slot/bundle-versioned","ifMatch":"W/\"7\""}})"});
    auto response = post("/fhir", body);
    EXPECT_EQ(response.status, 412) << response.body;
    EXPECT_EQ(total("Slot"), before);
    EXPECT_FALSE(json(get("/fhir/Slot/bundle-versioned").body)->has("comment"));
}

TEST_F(BundleTest, ATransactionOfAThousandSlotsIsApplied)
{
    std::vector<std::string> entries;
    for (int i = 0; i < 1000; ++i)
        entries.push_back(slotEntry("urn:uuid:bulk-" + std::to_string(i), "Schedule/ExampleSchedule", i % 600));
    const int before = total("Slot");
    auto response = post("/fhir", bundle("transaction", entries));
    ASSERT_EQ(response.status, 200) << response.body.substr(0, 500);
    EXPECT_EQ(json(response.body)->getArray("entry")->size(), 1000u);
    EXPECT_EQ(total("Slot"), before + 1000);
}

TEST_F(BundleTest, BatchEntriesSucceedOrFailOnTheirOwn)
{
    const std::string body = bundle("batch", {slotEntry("urn:uuid:3", "Schedule/ExampleSchedule", 30),
                                              R"({"resource":{"resourceType":"Slot","status":"free"},"request":{"method":"PUT","url":"Slot"}})"});
    auto response = post("/fhir", body);
    ASSERT_EQ(response.status, 200) << response.body;
    auto entries = json(response.body)->getArray("entry");
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(entries->getObject(0)->getObject("response")->getValue<std::string>("status"), "201 Created");
    EXPECT_EQ(entries->getObject(1)->getObject("response")->getValue<std::string>("status"), "400");
    EXPECT_EQ(entries->getObject(1)->getObject("response")->getObject("outcome")->getValue<std::string>("resourceType"),
              "OperationOutcome");
}

TEST_F(BundleTest, ConcurrentConditionalCreatesMakeExactlyOneResource)
{
    const std::string rpps = "810000000042";
    std::vector<std::future<int>> results;
    for (int i = 0; i < 8; ++i)
        results.push_back(std::async(std::launch::async, [&] {
            return post("/fhir/Practitioner", practitioner(rpps),
                        {{"If-None-Exist", "identifier=" + std::string(RPPS) + "|" + rpps}})
                .status;
        }));
    int created = 0;
    int existing = 0;
    for (auto& result : results)
    {
        const int status = result.get();
        created += status == 201;
        existing += status == 200;
    }
    EXPECT_EQ(created, 1);
    EXPECT_EQ(existing, 7);
}

TEST_F(BundleTest, ConditionalUpdateCreatesThenUpdatesAndRefusesAmbiguity)
{
    const std::string target = "/fhir/Practitioner?identifier=" + std::string(RPPS) + "%7C810000000077";
    auto first = put(target, practitioner("810000000077"));
    ASSERT_EQ(first.status, 201) << first.body;
    const std::string id = json(first.body)->getValue<std::string>("id");
    auto second = put(target, practitioner("810000000077"));
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(json(second.body)->getValue<std::string>("id"), id);
    EXPECT_EQ(second.header("etag"), "W/\"2\"");

    // The IG's spelling of the parameter.
    auto igSpelling = put("/fhir/Practitioner?Identifier=" + std::string(RPPS) + "%7C810000000077",
                          practitioner("810000000077"));
    EXPECT_EQ(igSpelling.status, 200) << igSpelling.body;

    ASSERT_EQ(post("/fhir/Practitioner", practitioner("810000000077")).status, 201);
    auto ambiguous = put(target, practitioner("810000000077"));
    EXPECT_EQ(ambiguous.status, 412) << ambiguous.body;
}

TEST_F(BundleTest, ConditionalReferencesResolveToTheOneMatch)
{
    ASSERT_EQ(post("/fhir/Practitioner", practitioner("810000000099")).status, 201);
    const std::string body = bundle(
        "transaction",
        {R"({"fullUrl":"urn:uuid:4","resource":{"resourceType":"Schedule","actor":[{"reference":"Practitioner?identifier=)" +
         std::string(RPPS) + R"(|810000000099"}]},"request":{"method":"POST","url":"Schedule"}})"});
    auto response = post("/fhir", body);
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string location =
        json(response.body)->getArray("entry")->getObject(0)->getObject("response")->getValue<std::string>("location");
    auto schedule = json(get("/fhir/" + location.substr(0, location.find("/_history"))).body);
    EXPECT_EQ(schedule->getArray("actor")->getObject(0)->getValue<std::string>("reference").rfind("Practitioner/", 0), 0u);

    const std::string unresolved = bundle(
        "transaction",
        {R"({"resource":{"resourceType":"Schedule","actor":[{"reference":"Practitioner?identifier=)" + std::string(RPPS) +
         R"(|819999999999"}]},"request":{"method":"POST","url":"Schedule"}})"});
    EXPECT_EQ(post("/fhir", unresolved).status, 412);
}

TEST_F(BundleTest, TransactionGetsReadWhatTheTransactionWroteAndAnUnknownOneRollsItBack)
{
    const std::string written =
        R"({"resource":{"resourceType":"Slot","id":"bundle-read","schedule":{"reference":"Schedule/ExampleSchedule"},)"
        R"("status":"free","comment":"read back","start":"2026-11-23T09:00:00.000+01:00","end":"2026-11-23T09:15:00.000+01:00"},)"
        R"("request":{"method":"PUT","url":"Slot/bundle-read"}})";
    // The GET comes first in the Bundle but is answered last: it sees the PUT.
    auto response = post("/fhir", bundle("transaction", {R"({"request":{"method":"GET","url":"Slot/bundle-read"}})", written}));
    ASSERT_EQ(response.status, 200) << response.body;
    auto entries = json(response.body)->getArray("entry");
    ASSERT_EQ(entries->size(), 2u);
    auto read = entries->getObject(0);
    EXPECT_EQ(read->getObject("response")->getValue<std::string>("status"), "200 OK");
    EXPECT_EQ(read->getObject("response")->getValue<std::string>("etag"), "W/\"1\"");
    EXPECT_EQ(read->getObject("resource")->getValue<std::string>("comment"), "read back");
    const std::string fullUrl = read->getValue<std::string>("fullUrl");
    EXPECT_EQ(fullUrl.substr(fullUrl.rfind("/fhir/")), "/fhir/Slot/bundle-read") << fullUrl;

    // A GET of an unknown resource fails the transaction: nothing of it is written.
    const int before = total("Slot");
    response = post("/fhir", bundle("transaction", {slotEntry("urn:uuid:4", "Schedule/ExampleSchedule", 40),
                                                    R"({"request":{"method":"GET","url":"Slot/never-written"}})"}));
    EXPECT_EQ(response.status, 404) << response.body;
    EXPECT_NE(response.body.find("Bundle.entry[1]"), std::string::npos) << response.body;
    EXPECT_EQ(total("Slot"), before);

    // Searches in a Bundle are refused by name, before anything is written.
    response = post("/fhir", bundle("transaction", {slotEntry("urn:uuid:5", "Schedule/ExampleSchedule", 41),
                                                    R"({"request":{"method":"GET","url":"Slot?status=free"}})"}));
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_NE(response.body.find("Bundle.entry[1].request.url"), std::string::npos) << response.body;
    EXPECT_EQ(total("Slot"), before);
}

TEST_F(BundleTest, BatchGetsAnswerOnTheirOwn)
{
    ASSERT_EQ(put("/fhir/Slot/bundle-owned", R"({"resourceType":"Slot","id":"bundle-owned","schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free","start":"2026-11-23T10:00:00.000+01:00","end":"2026-11-23T10:15:00.000+01:00"})").status, 201);
    const std::string body = bundle("batch", {R"({"request":{"method":"GET","url":"Slot/bundle-owned"}})",
                                              R"({"request":{"method":"GET","url":"Slot/never-written"}})"});
    auto response = post("/fhir", body);
    ASSERT_EQ(response.status, 200) << response.body;
    auto entries = json(response.body)->getArray("entry");
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(entries->getObject(0)->getObject("response")->getValue<std::string>("status"), "200 OK");
    EXPECT_EQ(entries->getObject(0)->getObject("resource")->getValue<std::string>("id"), "bundle-owned");
    EXPECT_EQ(entries->getObject(1)->getObject("response")->getValue<std::string>("status"), "404");
}
