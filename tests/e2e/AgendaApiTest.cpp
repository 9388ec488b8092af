// The agenda SAS over the real binary and mutual TLS: directory load, agenda edits with the role
// rules, search, race-free booking, unavailability, dashboards, the Avenant 9 report, and two
// gateways on one PostgreSQL converging through LISTEN/NOTIFY.
#include "adapters/postgres/PgConnection.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/auditEvents.h"
#include "tests/support/queryLines.h"
#include "tests/support/tomorrow.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using JsonObject = Poco::JSON::Object::Ptr;

namespace
{

JsonObject parse(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<JsonObject>();
}

/// Tomorrow's date in Paris, far enough from midnight for these tests (the slots are at 10:00-16:00).
using sas::test::tomorrow;

class AgendaApiTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        // The booking storms below are 100 parallel requests of one LRM: far beyond its default concurrency cap
        // (docs/security.md, Limits), which is not what they test.
        gateway = new GatewayProcess(GatewayOptions{{"limits.lrm.maxConcurrent=0", "limits.lrm.requestsPerSecond=0"}, ""});
        gateway->start();
        loadDirectory();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpResponse call(const std::string& who, const std::string& method, const std::string& target,
                             const std::string& body = {}, int port = 0)
    {
        HttpsClient client(port ? port : gateway->port(), ClientTls{who});
        HttpRequest request;
        request.method = method;
        request.target = target;
        request.body = body;
        if (!body.empty())
            request.contentType = "application/json";
        return client.send(request);
    }

    static void expectStatus(const HttpResponse& response, int status)
    {
        ASSERT_EQ(response.status, status) << response.body;
    }

    static void loadDirectory()
    {
        expectStatus(call("admin", "PUT", "/sas/api/directory/structures/750000001",
                          R"({"kind":"cpts","finess":"750000001","name":"CPTS Paris Centre","interventionZone":["75104"],
                              "managers":["structure-demo"]})"),
                     200);
        expectStatus(call("admin", "PUT", "/sas/api/directory/practitioners/810000000001",
                          R"({"idKind":"rpps","nationalId":"10000000001","familyName":"Martin","givenName":"Claire",
                              "profession":"Médecin","specialties":["SM54"],"identity":"practitioner-demo",
                              "settings":{"participates":true,"via":1,"hasSoftware":false,"editorDisabled":true,
                                          "hoursDeclared":true}})"),
                     200);
        expectStatus(call("admin", "PUT", "/sas/api/directory/places/pl-1",
                          R"({"practitionerId":"810000000001","address":"1 rue de Rivoli","inseeCode":"75101",
                              "latitude":48.8600,"longitude":2.3400,"timeZone":"Europe/Paris",
                              "additionalInfo":"<b>Entrée</b> par la cour"})"),
                     200);
        expectStatus(call("admin", "PUT", "/sas/api/directory/practitioners/810000000002",
                          R"({"idKind":"rpps","nationalId":"10000000002","familyName":"Durand","givenName":"Paul",
                              "specialties":["Médecine générale"],
                              "settings":{"participates":true,"via":2,"hasSoftware":false,"editorDisabled":true,
                                          "hoursDeclared":true,"structureFiness":"750000001","cptsPlaceIds":[]}})"),
                     422); // via a CPTS needs at least one attached place
        expectStatus(call("admin", "PUT", "/sas/api/directory/practitioners/810000000002",
                          R"({"idKind":"rpps","nationalId":"10000000002","familyName":"Durand","givenName":"Paul",
                              "specialties":["Médecine générale"]})"),
                     200);
        expectStatus(call("admin", "PUT", "/sas/api/directory/places/pl-2",
                          R"({"practitionerId":"810000000002","address":"10 rue de Rivoli","postcode":"75004",
                              "inseeCode":"75104","timeZone":"Europe/Paris"})"),
                     200);
        expectStatus(call("admin", "PUT", "/sas/api/directory/practitioners/810000000002",
                          R"({"idKind":"rpps","nationalId":"10000000002","familyName":"Durand","givenName":"Paul",
                              "specialties":["Médecine générale"],
                              "settings":{"participates":true,"via":2,"hasSoftware":false,"editorDisabled":true,
                                          "hoursDeclared":true,"structureFiness":"750000001","cptsPlaceIds":["pl-2"]}})"),
                     200);
    }

    static std::int64_t createSlot(const std::string& who, const std::string& place, const std::string& body)
    {
        auto response = call(who, "POST", "/sas/api/places/" + place + "/slots", body);
        EXPECT_EQ(response.status, 201) << response.body;
        if (response.status != 201)
            return 0;
        return parse(response.body)->getArray("rules")->getObject(0)->getValue<std::int64_t>("id");
    }

    static std::string search(int port = 0)
    {
        auto response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&address=1%20rue%20de%20Rivoli"
                                                "&lat=48.86&lon=2.34", {}, port);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.body;
    }

    /// One SQL query on the gateway's database: rows of `|`-joined columns.
    static std::vector<std::string> query(const std::string& sql, const std::vector<std::string>& params = {})
    {
        return sas::test::queryLines(gateway->embeddedDsn(), sql, params);
    }

    static GatewayProcess* gateway;
};

GatewayProcess* AgendaApiTest::gateway = nullptr;

} // namespace

TEST_F(AgendaApiTest, RolesDecideWhoEditsWhichAgenda)
{
    const std::string slot = R"({"date":")" + tomorrow() + R"(","start":"08:00","end":"08:15","modalities":["AMB"]})";
    // The practitioner edits their own place; the CPTS manager the CPTS member's place.
    EXPECT_GT(createSlot("practitioner-demo", "pl-1", slot), 0);
    EXPECT_GT(createSlot("structure-demo", "pl-2", slot), 0);
    // Nobody edits anything else.
    EXPECT_EQ(call("practitioner-demo", "POST", "/sas/api/places/pl-2/slots", slot).status, 403);
    EXPECT_EQ(call("structure-demo", "POST", "/sas/api/places/pl-1/slots", slot).status, 403);
    EXPECT_EQ(call("vendor-demo", "POST", "/sas/api/places/pl-1/slots", slot).status, 403);
    EXPECT_EQ(call("lrm-demo", "POST", "/sas/api/places/pl-1/slots", slot).status, 403);
    EXPECT_EQ(call("practitioner-demo", "PUT", "/sas/api/directory/places/pl-1", "{}").status, 403);
    // Only regulators orient patients on the agenda SAS (behaviour 48).
    EXPECT_EQ(call("vendor-demo", "POST", "/sas/api/orientations", R"({"type":"en-sus","placeId":"pl-1"})").status, 403);
    EXPECT_EQ(call("practitioner-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101").status, 403);
}

TEST_F(AgendaApiTest, BadInputIsAClearErrorThroughTheOneMapping)
{
    auto response = call("practitioner-demo", "POST", "/sas/api/places/pl-1/slots", "{not json");
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("OperationOutcome"), std::string::npos);
    response = call("practitioner-demo", "POST", "/sas/api/places/pl-1/slots",
                    R"({"date":")" + tomorrow() + R"(","start":"10:00","end":"09:00","plage":true,"capacity":0,"modalities":[]})");
    EXPECT_EQ(response.status, 400);
    auto outcome = parse(response.body);
    EXPECT_EQ(outcome->getArray("issue")->size(), 3u) << response.body; // end, capacity, modalities
    response = call("practitioner-demo", "POST", "/sas/api/places/pl-1/slots",
                    R"({"date":"2020-01-06","start":"10:00","end":"11:00","modalities":["AMB"]})");
    EXPECT_EQ(response.status, 422) << response.body; // in the past
    response = call("practitioner-demo", "POST", "/sas/api/places/pl-1/slots",
                    R"({"date":")" + tomorrow() + R"(","start":"10:00","end":"11:00","modalities":["XX"]})");
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("modalities[0]"), std::string::npos);
    EXPECT_EQ(call("lrm-demo", "GET", "/sas/api/search?insee=75101").status, 400);
    response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&city=Atlantis");
    EXPECT_EQ(response.status, 404);
    EXPECT_NE(response.body.find("n'a pas identifi"), std::string::npos);
    EXPECT_EQ(call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&lat=abc&lon=2").status, 400);
}

TEST_F(AgendaApiTest, ParallelBookersGetExactlyTheCapacity)
{
    const std::int64_t creneau = createSlot(
        "practitioner-demo", "pl-1", R"({"date":")" + tomorrow() + R"(","start":"10:00","end":"10:15","modalities":["AMB"]})");
    const std::int64_t plage = createSlot("practitioner-demo", "pl-1",
                                          R"({"date":")" + tomorrow() +
                                              R"(","start":"14:00","end":"16:00","plage":true,"capacity":3,"modalities":["AMB","VR"]})");
    ASSERT_GT(creneau, 0);
    ASSERT_GT(plage, 0);
    const std::string before = search();
    EXPECT_NE(before.find("\"ruleId\":" + std::to_string(creneau)), std::string::npos);
    EXPECT_NE(before.find("\"name\":\"Claire Martin\""), std::string::npos) << before;

    const auto storm = [&](std::int64_t rule, int bookers) {
        std::atomic<int> created{0}, full{0}, other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < bookers; ++i)
            threads.emplace_back([&] {
                try
                {
                    auto response = call("lrm-demo", "POST", "/sas/api/orientations",
                                         R"({"type":"slot","placeId":"pl-1","ruleId":)" + std::to_string(rule) +
                                             R"(,"date":")" + tomorrow() + "\"}");
                    (response.status == 201 ? created : response.status == 409 ? full : other)++;
                }
                catch (const std::exception&)
                {
                    other++;
                }
            });
        for (auto& thread : threads)
            thread.join();
        return std::tuple<int, int, int>{created.load(), full.load(), other.load()};
    };
    auto [created, full, other] = storm(creneau, 100);
    EXPECT_EQ(created, 1);
    EXPECT_EQ(full, 99);
    EXPECT_EQ(other, 0);
    std::tie(created, full, other) = storm(plage, 30);
    EXPECT_EQ(created, 3);
    EXPECT_EQ(full, 27);
    EXPECT_EQ(other, 0);

    // The full créneau has left the search; the booked occurrence can no longer be edited or deleted.
    const std::string results = search();
    EXPECT_EQ(results.find("\"ruleId\":" + std::to_string(creneau)), std::string::npos) << results;
    EXPECT_EQ(results.find("\"ruleId\":" + std::to_string(plage)), std::string::npos) << results;
    EXPECT_EQ(call("practitioner-demo", "DELETE",
                   "/sas/api/places/pl-1/slots/" + std::to_string(creneau) + "?scope=occurrence&date=" + tomorrow())
                  .status,
              409);
    EXPECT_EQ(call("practitioner-demo", "PUT", "/sas/api/places/pl-1/slots/" + std::to_string(plage),
                   R"({"scope":"series","start":"14:00","end":"17:00","plage":true,"capacity":5,"modalities":["AMB"]})")
                  .status,
              409);

    // Dashboards: the regulator's orientations, the practitioner marks one honoured.
    auto listed = call("lrm-demo", "GET", "/sas/api/orientations");
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto orientations = parse(listed.body);
    EXPECT_EQ(orientations->getValue<int>("total"), 4);
    const auto id = orientations->getArray("orientations")->getObject(0)->getValue<std::int64_t>("id");
    auto marked = call("practitioner-demo", "POST", "/sas/api/orientations/" + std::to_string(id) + "/status",
                       R"({"status":"honoured"})");
    EXPECT_EQ(marked.status, 200) << marked.body;
    EXPECT_EQ(call("structure-demo", "POST", "/sas/api/orientations/" + std::to_string(id) + "/status",
                   R"({"status":"honoured"})")
                  .status,
              403);
    auto honoured = parse(call("practitioner-demo", "GET", "/sas/api/orientations?practitioner=810000000001&status=honoured").body);
    EXPECT_EQ(honoured->getValue<int>("total"), 1);
    EXPECT_EQ(call("practitioner-demo", "GET", "/sas/api/orientations?practitioner=810000000002").status, 403);

    auto report = call("admin", "GET", "/sas/api/reports/avenant9?quarter=2026-Q4&format=csv");
    EXPECT_EQ(report.status, 200);
    EXPECT_EQ(report.body.rfind("practitioner_id;participates;weeks;", 0), 0u) << report.body;
    EXPECT_EQ(call("admin", "GET", "/sas/api/reports/avenant9?quarter=2026-Q5").status, 400);
}

TEST_F(AgendaApiTest, UnavailabilityRemovesTheSlotsFromSearch)
{
    createSlot("practitioner-demo", "pl-1", R"({"date":")" + tomorrow() + R"(","start":"11:00","end":"11:15","modalities":["VR"]})");
    EXPECT_NE(search().find("\"placeId\":\"pl-1\""), std::string::npos);
    auto response = call("practitioner-demo", "PUT", "/sas/api/places/pl-1/unavailability",
                         R"({"periods":[{"start":")" + tomorrow() + R"(T00:00:00","end":")" + tomorrow() + R"(T23:59:59"},
                                        {"start":"2030-01-01T00:00:00","end":"2030-01-02T00:00:00"},
                                        {"start":"2030-02-01T00:00:00","end":"2030-02-02T00:00:00"},
                                        {"start":"2030-03-01T00:00:00","end":"2030-03-02T00:00:00"}]})");
    EXPECT_EQ(response.status, 400) << response.body; // four periods
    response = call("practitioner-demo", "PUT", "/sas/api/places/pl-1/unavailability",
                    R"({"periods":[{"start":")" + tomorrow() + R"(T00:00:00","end":")" + tomorrow() + R"(T23:59:59"}]})");
    EXPECT_EQ(response.status, 200) << response.body;
    const std::string results = search();
    auto cards = parse(results)->getArray("cards");
    for (std::size_t i = 0; i < cards->size(); ++i)
        if (cards->getObject(static_cast<unsigned>(i))->getValue<std::string>("placeId") == "pl-1")
            for (std::size_t j = 0; j < cards->getObject(static_cast<unsigned>(i))->getArray("slots")->size(); ++j)
                ADD_FAILURE() << "slot left during unavailability: " << results;
    EXPECT_EQ(call("practitioner-demo", "PUT", "/sas/api/places/pl-1/unavailability", R"({"periods":[]})").status, 200);
}

TEST_F(AgendaApiTest, TwoGatewaysOnOnePostgresConvergeWithinOneSecond)
{
    GatewayOptions options;
    options.dsn = gateway->embeddedDsn();
    GatewayProcess second(options);
    second.start();
    const std::int64_t rule = createSlot(
        "practitioner-demo", "pl-1", R"({"date":")" + tomorrow() + R"(","start":"12:00","end":"12:15","modalities":["AMB"]})");
    const std::string needle = "\"ruleId\":" + std::to_string(rule);
    // The second node sees the new slot (its index was built at start-up or notified).
    const auto waitFor = [&](bool present) {
        const auto start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
        {
            if ((search(second.port()).find(needle) != std::string::npos) == present)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };
    EXPECT_TRUE(waitFor(true));
    auto booked = call("lrm-demo", "POST", "/sas/api/orientations",
                       R"({"type":"slot","placeId":"pl-1","ruleId":)" + std::to_string(rule) + R"(,"date":")" + tomorrow() + "\"}");
    ASSERT_EQ(booked.status, 201) << booked.body;
    EXPECT_TRUE(waitFor(false)) << "the slot booked through one node still shows on the other after 1 s";
}

namespace
{

/// The AuditEvents an admin finds with `query`, newest first.
std::vector<JsonObject> auditEvents(const std::string& query, int port)
{
    return sas::test::auditEvents(port, "_count=100&" + query);
}

/// "AgendaRule/42" for the gateway's own entity urn:sas-gateway:AgendaRule|42.
std::string whatOf(const JsonObject& event)
{
    auto identifier = event->getArray("entity")->getObject(0)->getObject("what")->getObject("identifier");
    const auto system = identifier->getValue<std::string>("system");
    return system.substr(system.rfind(':') + 1) + "/" + identifier->getValue<std::string>("value");
}

std::string textOf(const JsonObject& event)
{
    std::ostringstream out;
    event->stringify(out);
    return out.str();
}

} // namespace

TEST_F(AgendaApiTest, EveryAgendaAndDirectoryWriteLeavesOneAuditEventWithIdsOnly)
{
    const int port = gateway->port();
    // A directory PUT: one event naming the place, none of its contents.
    const auto places = auditEvents("agent=admin&entity-type=DirectoryPlace", port).size();
    expectStatus(call("admin", "PUT", "/sas/api/directory/places/pl-audit",
                      R"({"practitionerId":"810000000001","address":"7 impasse des Témoins","inseeCode":"75101",
                          "latitude":48.8600,"longitude":2.3400,"timeZone":"Europe/Paris","phone":"0102030405"})"),
                 200);
    auto placeEvents = auditEvents("agent=admin&entity-type=DirectoryPlace", port);
    ASSERT_EQ(placeEvents.size(), places + 1);
    EXPECT_EQ(whatOf(placeEvents.front()), "DirectoryPlace/pl-audit");

    // A slot created: one event naming the new rule.
    const auto rules = auditEvents("agent=practitioner-demo&entity-type=AgendaRule", port).size();
    const std::int64_t rule = createSlot("practitioner-demo", "pl-audit",
                                         R"({"date":")" + tomorrow() + R"(","start":"11:00","end":"11:15","modalities":["AMB"]})");
    ASSERT_GT(rule, 0);
    auto ruleEvents = auditEvents("agent=practitioner-demo&entity-type=AgendaRule", port);
    ASSERT_EQ(ruleEvents.size(), rules + 1);
    EXPECT_EQ(whatOf(ruleEvents.front()), "AgendaRule/" + std::to_string(rule));

    // A booking: one event naming the orientation.
    const auto bookings = auditEvents("agent=lrm-demo&entity-type=Orientation", port).size();
    auto booked = call("lrm-demo", "POST", "/sas/api/orientations",
                       R"({"type":"slot","placeId":"pl-audit","ruleId":)" + std::to_string(rule) + R"(,"date":")" +
                           tomorrow() + "\"}");
    ASSERT_EQ(booked.status, 201) << booked.body;
    const auto orientation = parse(booked.body)->getValue<std::int64_t>("id");
    auto bookingEvents = auditEvents("agent=lrm-demo&entity-type=Orientation", port);
    ASSERT_EQ(bookingEvents.size(), bookings + 1);
    EXPECT_EQ(whatOf(bookingEvents.front()), "Orientation/" + std::to_string(orientation));
    EXPECT_EQ(bookingEvents.front()->getArray("agent")->getObject(0)->getObject("who")->getObject("identifier")
                  ->getValue<std::string>("value"),
              "lrm-demo");

    // Refused writes leave none: editing the booked slot (409), another's status change (403).
    EXPECT_EQ(call("practitioner-demo", "PUT", "/sas/api/places/pl-audit/slots/" + std::to_string(rule),
                   R"({"scope":"series","start":"11:00","end":"11:30","modalities":["AMB"]})")
                  .status,
              409);
    EXPECT_EQ(auditEvents("agent=practitioner-demo&entity-type=AgendaRule", port).size(), rules + 1);
    EXPECT_EQ(call("structure-demo", "POST", "/sas/api/orientations/" + std::to_string(orientation) + "/status",
                   R"({"status":"honoured"})")
                  .status,
              403);
    EXPECT_TRUE(auditEvents("agent=structure-demo&entity-type=Orientation", port).empty());

    // Marked honoured: one event naming the orientation and the new status.
    const auto statuses = auditEvents("agent=practitioner-demo&entity-type=Orientation", port).size();
    expectStatus(call("practitioner-demo", "POST", "/sas/api/orientations/" + std::to_string(orientation) + "/status",
                      R"({"status":"honoured"})"),
                 200);
    auto statusEvents = auditEvents("agent=practitioner-demo&entity-type=Orientation", port);
    ASSERT_EQ(statusEvents.size(), statuses + 1);
    EXPECT_EQ(whatOf(statusEvents.front()), "Orientation/" + std::to_string(orientation));
    EXPECT_NE(textOf(statusEvents.front()).find("honoured"), std::string::npos);

    // Ids and codes only: no address, phone or name typed into the directory reaches the trail.
    for (const auto& event : {placeEvents.front(), ruleEvents.front(), bookingEvents.front(), statusEvents.front()})
    {
        const std::string text = textOf(event);
        for (const char* value : {"Témoins", "0102030405", "Martin", "Claire", "Rivoli"})
            EXPECT_EQ(text.find(value), std::string::npos) << value << " in " << text;
    }
}

TEST_F(AgendaApiTest, BookingsBecomeOrientationsWithTheirLrmMessageInTheSameTransaction)
{
    // The same path as INT_R03 appointments (core/orientation/OrientationRecorder): each agenda-SAS or en-sus booking
    // is one orientation plus an INT_L02 row in the outbox, written in the booking's transaction.
    const std::int64_t rule = createSlot("practitioner-demo", "pl-1",
                                         R"({"date":")" + tomorrow() + R"(","start":"11:00","end":"11:20","modalities":["AMB"]})");
    ASSERT_GT(rule, 0);
    auto booked = call("lrm-demo", "POST", "/sas/api/orientations",
                       R"({"type":"slot","placeId":"pl-1","ruleId":)" + std::to_string(rule) + R"(,"date":")" + tomorrow() + "\"}");
    ASSERT_EQ(booked.status, 201) << booked.body;
    const std::string slotKey = std::to_string(parse(booked.body)->getValue<std::int64_t>("id"));
    auto enSus = call("lrm-demo", "POST", "/sas/api/orientations",
                      R"({"type":"en-sus","placeId":"pl-1","start":")" + tomorrow() + R"(T17:00:00+01:00"})");
    ASSERT_EQ(enSus.status, 201) << enSus.body;
    const std::string enSusKey = std::to_string(parse(enSus.body)->getValue<std::int64_t>("id"));

    const std::string orientation =
        "SELECT o.source, o.status, o.category, o.practitioner_id, o.practitioner_last, o.regulator_value, o.revision, "
        "(o.end_at IS NOT NULL), (SELECT string_agg(m.method || ':' || m.state, ',' ORDER BY m.id) FROM hub_message m "
        "WHERE m.orientation_id = o.id) FROM orientation o WHERE o.source = $1 AND o.source_key = $2";
    // lrm-demo has no regulator account: accepted and flagged, its message gated (rejected, never sent), as for
    // INT_R03 (AppointmentTest.AnUnknownRegulatorIsAcceptedFlaggedAndNotSent).
    EXPECT_EQ(query(orientation, {"agenda", slotKey}),
              (std::vector<std::string>{"agenda|booked|PS|810000000001|Martin|lrm-demo|1|t|CreateAppointment:rejected"}));
    EXPECT_EQ(query(orientation, {"en-sus", enSusKey}),
              (std::vector<std::string>{"en-sus|booked|PS|810000000001|Martin|lrm-demo|1|f|CreateAppointment:rejected"}));

    // Honoured: an update of the same orientation (fulfilled), with its own message.
    auto marked = call("practitioner-demo", "POST", "/sas/api/orientations/" + slotKey + "/status", R"({"status":"honoured"})");
    ASSERT_EQ(marked.status, 200) << marked.body;
    EXPECT_EQ(query(orientation, {"agenda", slotKey}),
              (std::vector<std::string>{"agenda|fulfilled|PS|810000000001|Martin|lrm-demo|2|t|"
                                        "CreateAppointment:rejected,UpdateAppointment:rejected"}));
    EXPECT_EQ(query("SELECT string_agg(s.status, ',' ORDER BY s.revision) FROM orientation_status s JOIN orientation o "
                    "ON o.id = s.orientation_id WHERE o.source = 'agenda' AND o.source_key = $1",
                    {slotKey}),
              (std::vector<std::string>{"booked,fulfilled"}));
}
