// INT_R03 against the real binary: the IG's Appointment examples, who may write, the repeated POST, conditional PUT,
// SAS status rules; and what each accepted write leaves in the database in the same transaction: the orientation,
// its status history, and the LRM message in the outbox (or why it could not be made).
#include "adapters/postgres/PgConnection.h"
#include "tests/support/IgExamples.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/queryLines.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

using sas::test::igExample;
using sas::test::replacedEverywhere;

namespace
{

const std::string SYSTEM = "urn:oid:1.1.111.1.11.1.1.1";

/// Appointment-1 (booked) under another vendor identifier value.
std::string booked(const std::string& value)
{
    return replacedEverywhere(igExample("Appointment-1.json"), "b6e39355-8a61-4556-b340-36f7b95fec6a", value);
}

std::string sosPending(const std::string& value)
{
    return R"({"resourceType":"Appointment","meta":{"profile":["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment"]},)"
           R"("extension":[{"url":"http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator","valueReference":{"identifier":{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"INTRN"}]},"system":"urn:oid:1.2.250.1.213.3.6","value":"b6e39355-8a61-4556-b340-36f7b95fec6a"}}}],)"
           R"("identifier":[{"system":"urn:oid:1.1.111.1.11.1.1.1","value":")" + value + R"("}],"status":"pending",)"
           R"("start":"2026-11-23T18:00:00+01:00","end":"2026-11-23T18:30:00+01:00",)"
           R"("participant":[{"type":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"ADM"}]}],"status":"needs-action"}]})";
}

class AppointmentTest : public ::testing::Test
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
                             const std::string& body)
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false})
            .send(HttpRequest{method, target, {}, body, "application/fhir+json"});
    }

    /// One SQL query on the gateway's database: rows of `|`-joined columns.
    static std::vector<std::string> query(const std::string& sql, const std::vector<std::string>& params = {})
    {
        return sas::test::queryLines(gateway->embeddedDsn(), sql, params);
    }

    static std::string idOf(const HttpResponse& response)
    {
        return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
    }

    static GatewayProcess* gateway;
};

GatewayProcess* AppointmentTest::gateway = nullptr;

} // namespace

TEST_F(AppointmentTest, IgExamplesCreateThenCancelOneOrientationWithTwoMessages)
{
    auto created = send("vendor-demo", "POST", "/fhir/Appointment", igExample("Appointment-1.json"));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = idOf(created);
    EXPECT_NE(created.header("location").find("/fhir/Appointment/" + id + "/_history/1"), std::string::npos);

    // The IG's update: PUT ?Identifier= (the IG's spelling) with Appointment-2, cancelled.
    auto cancelled = send("vendor-demo", "PUT", "/fhir/Appointment?Identifier=" + SYSTEM + "|b6e39355-8a61-4556-b340-36f7b95fec6a",
                          igExample("Appointment-2.json"));
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(idOf(cancelled), id);
    EXPECT_FALSE(cancelled.header("location").empty());

    const auto orientation = query("SELECT id, status, regulator_account_id, practitioner_id, practitioner_last, category, "
                                   "revision FROM orientation WHERE resource_id = $1",
                                   {id});
    ASSERT_EQ(orientation.size(), 1u);
    const std::string appointmentId = orientation[0].substr(0, orientation[0].find('|'));
    EXPECT_EQ(orientation[0].substr(appointmentId.size()), "|cancelled|regul-1|810100050075|THOMAS|PS|2");
    EXPECT_EQ(query("SELECT status FROM orientation_status WHERE orientation_id = $1 ORDER BY revision", {appointmentId}),
              (std::vector<std::string>{"booked", "cancelled"}));
    // created defaults to the reception time: the Appointment's first lastUpdated
    EXPECT_EQ(query("SELECT o.created_at = date_trunc('second', v.last_updated) FROM orientation o JOIN resource_version v "
                    "ON v.type = 'Appointment' AND v.id = o.resource_id AND v.version = 1 WHERE o.id = $1",
                    {appointmentId}),
              (std::vector<std::string>{"t"}));

    const auto messages = query("SELECT method, recipient, state, body LIKE '%\"appointmentId\":\"' || orientation_id || '\"%' "
                                "FROM hub_message WHERE orientation_id = $1 ORDER BY id",
                                {appointmentId});
    EXPECT_EQ(messages, (std::vector<std::string>{"CreateAppointment|fr.health.samu330|queued|t",
                                                  "UpdateAppointment|fr.health.samu330|queued|t"}));
}

TEST_F(AppointmentTest, ARepeatedPostUpdatesInsteadOfDuplicating)
{
    auto first = send("vendor-demo", "POST", "/fhir/Appointment", booked("repeat-1"));
    ASSERT_EQ(first.status, 201) << first.body;
    auto second = send("vendor-demo", "POST", "/fhir/Appointment", booked("repeat-1"));
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(idOf(second), idOf(first));
    EXPECT_EQ(query("SELECT count(*) FROM search_token WHERE type = 'Appointment' AND param = 'identifier' AND code = 'repeat-1'"),
              (std::vector<std::string>{"1"}));
    // an identical repeat changes nothing the LRM sees: still one orientation revision, one message
    EXPECT_EQ(query("SELECT o.revision, count(m.id) FROM orientation o JOIN hub_message m ON m.orientation_id = o.id "
                    "WHERE o.resource_id = $1 GROUP BY o.revision",
                    {idOf(first)}),
              (std::vector<std::string>{"1|1"}));
}

TEST_F(AppointmentTest, ARepeatedPostInsideATransactionBundleUpdatesToo)
{
    auto first = send("vendor-demo", "POST", "/fhir/Appointment", booked("bundle-repeat-1"));
    ASSERT_EQ(first.status, 201) << first.body;
    auto entry = [](const std::string& appointment) {
        return R"({"resource":)" + appointment + R"(,"request":{"method":"POST","url":"Appointment"}})";
    };
    const std::string fulfilled = replacedEverywhere(booked("bundle-repeat-1"), "\"booked\"", "\"fulfilled\"");
    auto bundle = send("vendor-demo", "POST", "/fhir",
                       R"({"resourceType":"Bundle","type":"transaction","entry":[)" + entry(fulfilled) + "]}");
    ASSERT_EQ(bundle.status, 200) << bundle.body;
    EXPECT_NE(bundle.body.find("\"200 OK\""), std::string::npos) << bundle.body;
    EXPECT_NE(bundle.body.find("Appointment/" + idOf(first) + "/_history/2"), std::string::npos) << bundle.body;
    EXPECT_EQ(query("SELECT count(*) FROM search_token WHERE type = 'Appointment' AND param = 'identifier' "
                    "AND code = 'bundle-repeat-1'"),
              (std::vector<std::string>{"1"}));
    EXPECT_EQ(query("SELECT status FROM orientation WHERE resource_id = $1", {idOf(first)}),
              (std::vector<std::string>{"fulfilled"}));

    // Two entries creating the same appointment in one Bundle: refused whole, naming the second entry.
    auto twice = send("vendor-demo", "POST", "/fhir",
                      R"({"resourceType":"Bundle","type":"transaction","entry":[)" + entry(booked("bundle-twice-1")) +
                          "," + entry(booked("bundle-twice-1")) + "]}");
    EXPECT_EQ(twice.status, 400) << twice.body;
    EXPECT_NE(twice.body.find("Bundle.entry[1]"), std::string::npos) << twice.body;
    EXPECT_EQ(query("SELECT count(*) FROM search_token WHERE type = 'Appointment' AND param = 'identifier' "
                    "AND code = 'bundle-twice-1'"),
              (std::vector<std::string>{"0"}));
}

TEST_F(AppointmentTest, ConditionalPutOnAnUnknownIdentifierCreates)
{
    auto created = send("vendor-demo", "PUT", "/fhir/Appointment?identifier=" + SYSTEM + "|put-new-1", booked("put-new-1"));
    ASSERT_EQ(created.status, 201) << created.body;
    auto updated = send("vendor-demo", "PUT", "/fhir/Appointment?identifier=" + SYSTEM + "|put-new-1",
                        replacedEverywhere(booked("put-new-1"), "\"booked\"", "\"fulfilled\""));
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(query("SELECT status FROM orientation WHERE resource_id = $1", {idOf(created)}),
              (std::vector<std::string>{"fulfilled"}));
}

TEST_F(AppointmentTest, OnlyVendorsWriteAndOnlyInTheirOwnSystem)
{
    EXPECT_EQ(send("lrm-demo", "POST", "/fhir/Appointment", booked("who-1")).status, 403);
    EXPECT_EQ(send("admin", "POST", "/fhir/Appointment", booked("who-2")).status, 403);
    auto foreign = send("vendor-demo", "POST", "/fhir/Appointment",
                        replacedEverywhere(booked("who-3"), SYSTEM, "urn:oid:1.2.3.4.5"));
    EXPECT_EQ(foreign.status, 403) << foreign.body;
    EXPECT_NE(foreign.body.find("Appointment.identifier[0].system"), std::string::npos) << foreign.body;
    // nothing was written by the refused requests
    EXPECT_EQ(query("SELECT count(*) FROM search_token WHERE type = 'Appointment' AND code LIKE 'who-%'"),
              (std::vector<std::string>{"0"}));
    EXPECT_EQ(query("SELECT count(*) FROM orientation o JOIN resource r ON r.id = o.resource_id "
                    "WHERE r.body LIKE '%who-%'"),
              (std::vector<std::string>{"0"}));
}

TEST_F(AppointmentTest, SasStatusRules)
{
    auto proposed = send("vendor-demo", "POST", "/fhir/Appointment",
                         replacedEverywhere(booked("status-1"), "\"booked\"", "\"proposed\""));
    EXPECT_EQ(proposed.status, 422) << proposed.body;
    EXPECT_NE(proposed.body.find("Appointment.status"), std::string::npos);
    auto pendingPs = send("vendor-demo", "POST", "/fhir/Appointment",
                          replacedEverywhere(booked("status-2"), "\"booked\"", "\"pending\""));
    EXPECT_EQ(pendingPs.status, 422) << pendingPs.body;
    for (const char* status : {"fulfilled", "noshow", "cancelled"})
        EXPECT_EQ(send("vendor-demo", "POST", "/fhir/Appointment",
                       replacedEverywhere(booked(std::string("status-") + status), "\"booked\"", std::string("\"") + status + "\""))
                      .status,
                  201)
            << status;

    auto sos = send("vendor-demo", "POST", "/fhir/Appointment", sosPending("sos-1"));
    ASSERT_EQ(sos.status, 201) << sos.body;
    EXPECT_EQ(query("SELECT o.status, o.category, o.practitioner_id, o.regulator_account_id, m.state FROM orientation o "
                    "JOIN hub_message m ON m.orientation_id = o.id WHERE o.resource_id = $1",
                    {idOf(sos)}),
              (std::vector<std::string>{"pending|SOS|NULL|regul-2|queued"}));
    EXPECT_EQ(send("vendor-demo", "POST", "/fhir/Appointment", "{\"resourceType\":\"Appointment\",").status, 400);
}

TEST_F(AppointmentTest, AnUnknownRegulatorIsAcceptedFlaggedAndNotSent)
{
    auto created = send("vendor-demo", "POST", "/fhir/Appointment",
                        replacedEverywhere(booked("unknown-regulator-1"), "3456780581/11242343", "1111111111/99999999"));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto rows = query("SELECT o.regulator_account_id, o.regulator_value, m.state, m.body, m.error_text LIKE '%no account%' "
                            "FROM orientation o JOIN hub_message m ON m.orientation_id = o.id WHERE o.resource_id = $1",
                            {idOf(created)});
    EXPECT_EQ(rows, (std::vector<std::string>{"NULL|1111111111/99999999|rejected|NULL|t"}));
}
