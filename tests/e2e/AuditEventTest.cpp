// The audit trail over the real binary: every FHIR write (plain or in a transaction Bundle) leaves one AuditEvent
// naming who, what and when, a refused write leaves none, only `admin` searches them, and nobody writes them.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/auditEvents.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <set>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

class AuditEventTest : public ::testing::Test
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

    static HttpResponse send(const std::string& certificate, const std::string& method, const std::string& target,
                             const std::string& body = {})
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false})
            .send(HttpRequest{method, target, {}, body, body.empty() ? "" : "application/fhir+json"});
    }

    static std::string slot(const std::string& id)
    {
        return R"({"resourceType":"Slot","id":")" + id +
               R"(","schedule":{"reference":"Schedule/ExampleSchedule"},"status":"free",)"
               R"("start":"2026-11-23T09:00:00.000+01:00","end":"2026-11-23T09:15:00.000+01:00"})";
    }

    /// The AuditEvents an admin finds with `query`.
    static std::vector<Poco::JSON::Object::Ptr> events(const std::string& query)
    {
        return sas::test::auditEvents(gateway->port(), query);
    }

    static std::string what(const Poco::JSON::Object::Ptr& event)
    {
        return event->getArray("entity")->getObject(0)->getObject("what")->getValue<std::string>("reference");
    }

    static GatewayProcess* gateway;
};

GatewayProcess* AuditEventTest::gateway = nullptr;

TEST_F(AuditEventTest, AWriteLeavesOneEventAndARefusedWriteNone)
{
    ASSERT_EQ(send("vendor-demo", "PUT", "/fhir/Slot/audit-1", slot("audit-1")).status, 201);
    auto found = events("agent=vendor-demo&entity-type=Slot");
    ASSERT_EQ(found.size(), 1u);
    const auto& event = found.front();
    EXPECT_EQ(event->getValue<std::string>("resourceType"), "AuditEvent");
    EXPECT_EQ(event->getValue<std::string>("action"), "C");
    EXPECT_EQ(event->getValue<std::string>("outcome"), "0");
    EXPECT_EQ(what(event), "Slot/audit-1/_history/1");
    auto agent = event->getArray("agent")->getObject(0);
    EXPECT_EQ(agent->getObject("who")->getObject("identifier")->getValue<std::string>("value"), "vendor-demo");
    EXPECT_EQ(agent->getObject("type")->getArray("coding")->getObject(0)->getValue<std::string>("code"), "vendor");
    EXPECT_FALSE(event->getValue<std::string>("recorded").empty());

    // Refused writes (forbidden kind, invalid body, another owner's If-Match failure) leave no event.
    EXPECT_EQ(send("lrm-demo", "PUT", "/fhir/Slot/audit-1", slot("audit-1")).status, 403);
    EXPECT_EQ(send("vendor-demo", "PUT", "/fhir/Slot/audit-2", R"({"resourceType":"Slot","id":"audit-2"})").status, 400);
    EXPECT_EQ(events("agent=vendor-demo&entity-type=Slot").size(), 1u);
    EXPECT_TRUE(events("agent=lrm-demo").empty());

    // A transaction Bundle: one event per entry.
    const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":)" +
                               slot("audit-3") + R"(,"request":{"method":"PUT","url":"Slot/audit-3"}},{"resource":)" +
                               slot("audit-1") + R"(,"request":{"method":"PUT","url":"Slot/audit-1"}}]})";
    auto transaction = send("vendor-demo", "POST", "/fhir", bundle);
    ASSERT_EQ(transaction.status, 200) << transaction.body;
    found = events("agent=vendor-demo&entity-type=Slot");
    ASSERT_EQ(found.size(), 3u);
    std::set<std::string> references{what(found[0]), what(found[1])};
    EXPECT_EQ(references, (std::set<std::string>{"Slot/audit-3/_history/1", "Slot/audit-1/_history/2"}));
    ASSERT_LT(send("vendor-demo", "DELETE", "/fhir/Slot/audit-3").status, 300);
    found = events("agent=vendor-demo&entity-type=Slot&_count=1");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found.front()->getValue<std::string>("action"), "D");

    // Dates: a FHIR date is a whole day in Europe/Paris.
    EXPECT_EQ(events("agent=vendor-demo&date=ge2000-01-01").size(), 4u);
    EXPECT_TRUE(events("agent=vendor-demo&date=lt2000-01-01").empty());
    EXPECT_TRUE(events("agent=vendor-demo&outcome=8").empty());
    EXPECT_EQ(send("admin", "GET", "/fhir/AuditEvent?date=yesterday").status, 400);
    EXPECT_EQ(send("admin", "GET", "/fhir/AuditEvent?patient=x").status, 400);
    auto one = send("admin", "GET", "/fhir/AuditEvent/" + found.front()->getValue<std::string>("id"));
    EXPECT_EQ(one.status, 200) << one.body;
}

TEST_F(AuditEventTest, OnlyAdminReadsAndNobodyWrites)
{
    for (const char* certificate : {"vendor-demo", "lrm-demo", "practitioner-demo", "structure-demo"})
    {
        SCOPED_TRACE(certificate);
        EXPECT_EQ(send(certificate, "GET", "/fhir/AuditEvent").status, 403);
    }
    EXPECT_EQ(send("", "GET", "/fhir/AuditEvent").status, 401);
    const std::string event = R"({"resourceType":"AuditEvent","id":"x"})";
    EXPECT_EQ(send("admin", "POST", "/fhir/AuditEvent", event).status, 405);
    EXPECT_EQ(send("admin", "PUT", "/fhir/AuditEvent/x", event).status, 405);
    EXPECT_EQ(send("admin", "DELETE", "/fhir/AuditEvent/x").status, 405);
    EXPECT_EQ(send("vendor-demo", "POST", "/fhir/AuditEvent", event).status, 405);
    const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":)" + event +
                               R"(,"request":{"method":"PUT","url":"AuditEvent/x"}}]})";
    EXPECT_GE(send("admin", "POST", "/fhir", bundle).status, 400);
}

} // namespace
