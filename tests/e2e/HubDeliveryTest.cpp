// INT_L02 end to end through a real RabbitMQ shaped like the Hub: the gateway publishes, the test dispatcher checks
// every message against the Hub's full JSON schema and routes it, a fake LRM acks, answers 409 or stays silent, and the
// Hub's own errors come back on our .info queue. Fault tests: broker stopped and restarted during writes, the gateway
// killed between commit and publish, PostgreSQL restarted under load.
#include "adapters/postgres/PgConnection.h"
#include "tests/support/IgExamples.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/HubDispatcher.h"
#include "tests/support/TestPostgres.h"
#include "tests/support/TestRabbitMq.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace sas::test;

using sas::test::igExample;
using sas::test::replacedEverywhere;

namespace
{

const std::string PTF = "fr.health.test.ptfsas";
const std::string SAMU = "fr.health.samu330";
const std::string SYSTEM = "urn:oid:1.1.111.1.11.1.1.1";

std::string appointment(const std::string& value, const std::string& status = "booked", const std::string& start = "14:00")
{
    std::string body = replacedEverywhere(igExample("Appointment-1.json"), "b6e39355-8a61-4556-b340-36f7b95fec6a", value);
    body = replacedEverywhere(body, "\"booked\"", "\"" + status + "\"");
    return replacedEverywhere(body, "2022-09-04T14:00:00", "2022-09-04T" + start + ":00");
}

std::string uuid()
{
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

Poco::JSON::Object::Ptr parse(const std::string& body)
{
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr payloadOf(const std::string& body)
{
    return parse(body)
        ->getArray("content")
        ->getObject(0)
        ->getObject("jsonContent")
        ->getObject("embeddedJsonContent")
        ->getObject("message")
        ->getObject("appointment");
}

bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout = std::chrono::seconds(60))
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return condition();
}

/// The broker, dispatcher and LRM of the whole suite.
struct Hub
{
    TestRabbitMq broker{{PTF, SAMU}};
    HubDispatcher dispatcher{broker.endpoint("fr.health.hub")};
    FakeLrm lrm{broker.endpoint(SAMU), SAMU, LrmBehaviour::Ack};

    Hub()
    {
        broker.start();
        dispatcher.start();
        lrm.start();
    }
};

class HubDeliveryTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        hub = new Hub();
        postgres = new TestPostgres();
        databaseDsn = postgres->createDatabase("hub_delivery");
        gateway = newGateway(databaseDsn);
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
        delete postgres;
        postgres = nullptr;
        delete hub;
        hub = nullptr;
    }
    void SetUp() override { hub->lrm.setBehaviour(LrmBehaviour::Ack); }

    static GatewayProcess* newGateway(const std::string& dsn, const std::vector<std::string>& extra = {})
    {
        GatewayOptions options;
        options.dsn = dsn;
        options.settings = hub->broker.gatewaySettings(PTF);
        options.settings.push_back("hub.pollIntervalMs=200");
        options.settings.push_back("hub.retry.backoffMs=100");
        options.settings.push_back("hub.amqp.timeoutMs=2000");
        options.settings.push_back("hub.amqp.reconnectMaxMs=1000");
        options.settings.insert(options.settings.end(), extra.begin(), extra.end());
        return new GatewayProcess(options);
    }

    static HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                             const std::string& certificate = "vendor-demo")
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false})
            .send(HttpRequest{method, target, {}, body, "application/fhir+json"});
    }

    static std::string appointmentIdOf(const HttpResponse& created)
    {
        const std::string resourceId = parse(created.body)->getValue<std::string>("id");
        auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
        auto rows = (*connection)->exec("SELECT id FROM orientation WHERE resource_id = $1", {resourceId});
        return rows && rows->rows() == 1 ? std::string(rows->value(0, 0)) : std::string();
    }

    static const std::string& dsn() { return databaseDsn; }

    /// What the LRM received for one appointmentId, in order.
    static std::vector<Poco::JSON::Object::Ptr> received(const std::string& appointmentId)
    {
        std::vector<Poco::JSON::Object::Ptr> messages;
        for (const auto& body : hub->lrm.received())
            if (body.find(appointmentId) != std::string::npos)
                messages.push_back(payloadOf(body));
        return messages;
    }

    static Poco::JSON::Array::Ptr adminHistory(const std::string& appointmentId)
    {
        auto response = HttpsClient(gateway->port(), ClientTls{"admin", false})
                            .get("/admin/hub/messages?appointmentId=" + appointmentId);
        EXPECT_EQ(response.status, 200) << response.body;
        return parse(response.body)->getArray("messages");
    }

    static std::vector<std::string> states(const std::string& appointmentId)
    {
        std::vector<std::string> result;
        auto messages = adminHistory(appointmentId);
        for (std::size_t i = 0; i < messages->size(); ++i)
            result.push_back(messages->getObject(static_cast<unsigned>(i))->getValue<std::string>("state"));
        return result;
    }

    static Hub* hub;
    static TestPostgres* postgres;
    static GatewayProcess* gateway;
    static std::string databaseDsn;
};

Hub* HubDeliveryTest::hub = nullptr;
TestPostgres* HubDeliveryTest::postgres = nullptr;
GatewayProcess* HubDeliveryTest::gateway = nullptr;
std::string HubDeliveryTest::databaseDsn;

} // namespace

TEST_F(HubDeliveryTest, TheDispatcherAppliesTheFullHubSchema)
{
    // So that "valid at the dispatcher" below means something: the reference fixtures are told apart.
    const auto fixtures = std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/hub/constructed";
    for (const auto& entry : std::filesystem::directory_iterator(fixtures))
    {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const bool golden = entry.path().filename().string().rfind("golden-", 0) == 0;
        EXPECT_EQ(HubDispatcher::schemaProblem(text.str()).empty(), golden) << entry.path();
    }
}

TEST_F(HubDeliveryTest, IgExamplesReachTheLrmSchemaValidInOrderAndAreAcknowledged)
{
    auto created = send("POST", "/fhir/Appointment", igExample("Appointment-1.json"));
    ASSERT_EQ(created.status, 201) << created.body;
    auto cancelled = send("PUT", "/fhir/Appointment?Identifier=" + SYSTEM + "|b6e39355-8a61-4556-b340-36f7b95fec6a",
                          igExample("Appointment-2.json"));
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    const std::string appointmentId = appointmentIdOf(created);
    ASSERT_FALSE(appointmentId.empty());

    ASSERT_TRUE(eventually([&] { return received(appointmentId).size() == 2; })) << gateway->log();
    auto messages = received(appointmentId);
    EXPECT_EQ(messages[0]->getValue<std::string>("method"), "CreateAppointment");
    EXPECT_EQ(messages[0]->getValue<std::string>("status"), "booked");
    EXPECT_EQ(messages[0]->getObject("practitioner")->getValue<std::string>("rppsId"), "810100050075");
    EXPECT_EQ(messages[0]->getObject("regulator")->getValue<std::string>("regulatorId"), "3456780581/11242343");
    EXPECT_EQ(messages[1]->getValue<std::string>("method"), "UpdateAppointment");
    EXPECT_EQ(messages[1]->getValue<std::string>("status"), "cancelled");

    for (const auto& seen : hub->dispatcher.seen())
        if (seen.publisher == PTF)
        {
            EXPECT_TRUE(seen.valid) << seen.problem << "\n" << seen.body;
            EXPECT_EQ(seen.queue, SAMU + ".message");
        }
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"acknowledged", "acknowledged"}; }))
        << gateway->log();
    auto history = adminHistory(appointmentId);
    auto first = history->getObject(0);
    EXPECT_EQ(first->getValue<std::string>("method"), "CreateAppointment");
    EXPECT_EQ(first->getValue<std::string>("recipient"), SAMU);
    std::vector<std::string> kinds;
    auto events = first->getArray("events");
    for (std::size_t i = 0; i < events->size(); ++i)
        kinds.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"));
    EXPECT_EQ(kinds, (std::vector<std::string>{"queued", "confirmed", "ack"}));

    auto metrics = HttpsClient(gateway->port(), ClientTls{"admin", false}).get("/metrics");
    EXPECT_NE(metrics.body.find("sas_hub_messages_acknowledged "), std::string::npos);
    EXPECT_NE(metrics.body.find("sas_hub_publisher_connected 1"), std::string::npos) << metrics.body;
}

TEST_F(HubDeliveryTest, AConflictOnACreateCountsAsDeliveredAndSilenceLeavesItSent)
{
    hub->lrm.setBehaviour(LrmBehaviour::Conflict);
    auto conflicting = send("POST", "/fhir/Appointment", appointment(uuid()));
    ASSERT_EQ(conflicting.status, 201) << conflicting.body;
    const std::string conflictId = appointmentIdOf(conflicting);
    ASSERT_TRUE(eventually([&] { return states(conflictId) == std::vector<std::string>{"delivered"}; })) << gateway->log();
    EXPECT_EQ(adminHistory(conflictId)->getObject(0)->getValue<int>("errorCode"), 409);

    hub->lrm.setBehaviour(LrmBehaviour::Silent);
    auto silent = send("POST", "/fhir/Appointment", appointment(uuid()));
    ASSERT_EQ(silent.status, 201);
    const std::string silentId = appointmentIdOf(silent);
    ASSERT_TRUE(eventually([&] { return received(silentId).size() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(states(silentId), std::vector<std::string>{"sent"}); // confirmed by the broker, never acknowledged
}

TEST_F(HubDeliveryTest, NoFinalAckWithinTheLrmsTimeOutIsUnacknowledgedNotResentAndALateAckStillCounts)
{
    // A gateway whose LRM samu330 must ack within 2 s (the suite's shared gateway keeps the 15-minute default).
    gateway->signal(SIGTERM);
    ASSERT_EQ(gateway->waitForExit(std::chrono::seconds(30)), 0);
    delete gateway;
    gateway = newGateway(dsn(), {"hub.finalAckTimeoutSeconds.fr.health.samu330=2"});
    gateway->start();

    hub->lrm.setLateAckDelay(std::chrono::seconds(6));
    hub->lrm.setBehaviour(LrmBehaviour::Late);
    auto created = send("POST", "/fhir/Appointment", appointment(uuid()));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string appointmentId = appointmentIdOf(created);
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"unacknowledged"}; }))
        << gateway->log();
    // Counted for monitoring (other tests' silent messages may have joined it under this short time-out).
    EXPECT_TRUE(eventually([&] {
        auto metrics = HttpsClient(gateway->port(), ClientTls{"admin", false}).get("/metrics");
        const auto at = metrics.body.find("\nsas_hub_messages_unacknowledged ");
        return at != std::string::npos && std::stod(metrics.body.substr(at + 33)) >= 1;
    }));
    EXPECT_NE(gateway->log().find("no final ack within the LRM's time-out"), std::string::npos);
    EXPECT_EQ(received(appointmentId).size(), 1u); // not resent: the LRM may have it

    // The LRM acks at last: the message is acknowledged after all, and the history keeps both steps.
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"acknowledged"}; }))
        << gateway->log();
    auto events = adminHistory(appointmentId)->getObject(0)->getArray("events");
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < events->size(); ++i)
        kinds.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"));
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "no-final-ack"), kinds.end());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "ack"), kinds.end());
    EXPECT_EQ(received(appointmentId).size(), 1u);

    gateway->signal(SIGTERM);
    ASSERT_EQ(gateway->waitForExit(std::chrono::seconds(30)), 0);
    delete gateway;
    gateway = newGateway(dsn());
    gateway->start();
}

TEST_F(HubDeliveryTest, HubErrorsRetryOrFailAndStrayRepliesAreKept)
{
    hub->lrm.setBehaviour(LrmBehaviour::Silent);
    auto created = send("POST", "/fhir/Appointment", appointment(uuid()));
    ASSERT_EQ(created.status, 201);
    const std::string appointmentId = appointmentIdOf(created);
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"sent"}; }));
    const std::string firstId = adminHistory(appointmentId)->getObject(0)->getValue<std::string>("distributionId");

    // The Hub says the message expired in the LRM's queue (500): the same snapshot again under a new id.
    auto hubConnection = sas::adapters::hub::AmqpConnection::open(hub->broker.endpoint("fr.health.hub"));
    ASSERT_TRUE(hubConnection) << hubConnection.error().message;
    auto hubError = [&](int code, const std::string& status, const std::string& referenced) {
        const std::string id = "fr.health.hub_" + uuid();
        return R"({"distributionID":")" + id + R"(","senderID":"fr.health.hub","dateTimeSent":"2026-11-22T10:00:00+01:00",)"
               R"("dateTimeExpires":"2026-11-23T10:00:00+01:00","distributionStatus":"Actual","distributionKind":"Error",)"
               R"("descriptor":{"language":"fr-FR","explicitAddress":{"explicitAddressScheme":"hubex","explicitAddressValue":")" +
               PTF + R"("}},"content":[{"jsonContent":{"embeddedJsonContent":{"message":{"error":{"errorCode":{"statusCode":)" +
               std::to_string(code) + R"(.0,"statusString":")" + status + R"("},"errorCause":"test","referencedDistributionID":")" +
               referenced + R"("}}}}}]})";
    };
    ASSERT_TRUE((*hubConnection)->publish("distribution", PTF + ".info", hubError(500, "DEAD_LETTER_QUEUED", firstId)));
    ASSERT_TRUE(eventually([&] { return received(appointmentId).size() == 2; })) << gateway->log();
    auto messages = received(appointmentId);
    EXPECT_EQ(messages[1]->getValue<std::string>("method"), "CreateAppointment"); // never confirmed as created
    auto history = adminHistory(appointmentId);
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ(history->getObject(0)->getValue<std::string>("state"), "retrying");
    EXPECT_NE(history->getObject(1)->getValue<std::string>("distributionId"), firstId);
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"retrying", "sent"}; }));

    // An invalid-message error (300) is a bug: failed, not retried.
    const std::string secondId = adminHistory(appointmentId)->getObject(1)->getValue<std::string>("distributionId");
    ASSERT_TRUE((*hubConnection)->publish("distribution", PTF + ".info", hubError(300, "INVALID_MESSAGE", secondId)));
    ASSERT_TRUE(eventually([&] { return states(appointmentId) == std::vector<std::string>{"retrying", "failed"}; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(received(appointmentId).size(), 2u);

    // A reply about nothing we sent is kept; an undecodable one is kept and not requeued.
    ASSERT_TRUE((*hubConnection)->publish("distribution", PTF + ".info", hubError(400, "EXPIRED", "fr.health.test.ptfsas_unknown")));
    ASSERT_TRUE((*hubConnection)->publish("distribution", PTF + ".ack", "this is not JSON"));
    auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
    ASSERT_TRUE(eventually([&] {
        auto rows = (*connection)->exec("SELECT count(*) FILTER (WHERE kind = 'orphan-error'), "
                                        "count(*) FILTER (WHERE kind = 'undecodable') FROM hub_event WHERE direction = 'in'");
        return rows && rows->value(0, 0) == "1" && rows->value(0, 1) == "1";
    }));
    EXPECT_TRUE(eventually([&] { return hub->broker.messagesIn(PTF + ".ack") == 0; }));
}

namespace
{

/// (method, status) of each distinct message the LRM got for an appointment, in arrival order (a redelivery of the
/// same distributionID counts once: at-least-once).
std::vector<std::string> distinctSequence(const std::vector<std::string>& bodies, const std::string& appointmentId)
{
    std::vector<std::string> sequence;
    std::set<std::string> ids;
    for (const auto& body : bodies)
    {
        if (body.find(appointmentId) == std::string::npos)
            continue;
        const std::string id = parse(body)->getValue<std::string>("distributionID");
        if (!ids.insert(id).second)
            continue;
        auto payload = payloadOf(body);
        sequence.push_back(payload->getValue<std::string>("method") + ":" + payload->getValue<std::string>("status"));
    }
    return sequence;
}

} // namespace

TEST_F(HubDeliveryTest, DeletingAnAppointmentCancelsItsOrientationAndTellsTheLrmOnce)
{
    auto created = send("POST", "/fhir/Appointment", appointment(uuid()));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string resourceId = parse(created.body)->getValue<std::string>("id");
    const std::string appointmentId = appointmentIdOf(created);
    ASSERT_TRUE(eventually([&] { return distinctSequence(hub->lrm.received(), appointmentId).size() == 1; }));

    // Another client may not cancel it: the delete is refused and nothing changes.
    auto foreign = send("DELETE", "/fhir/Appointment/" + resourceId, "", "admin");
    EXPECT_TRUE(foreign.status == 403) << foreign.status << " " << foreign.body;
    EXPECT_EQ(send("GET", "/fhir/Appointment/" + resourceId, "").status, 200);

    auto deleted = send("DELETE", "/fhir/Appointment/" + resourceId, "");
    ASSERT_TRUE(deleted.status == 200 || deleted.status == 204) << deleted.status << " " << deleted.body;
    EXPECT_EQ(send("GET", "/fhir/Appointment/" + resourceId, "").status, 410);
    const std::vector<std::string> expected{"CreateAppointment:booked", "UpdateAppointment:cancelled"};
    ASSERT_TRUE(eventually([&] { return distinctSequence(hub->lrm.received(), appointmentId) == expected; }))
        << gateway->log();
    auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
    auto last = (*connection)->exec("SELECT status FROM orientation_status WHERE orientation_id = $1 "
                                    "ORDER BY revision DESC LIMIT 1", {appointmentId});
    ASSERT_TRUE(last && last->rows() == 1);
    EXPECT_EQ(std::string(last->value(0, 0)), "cancelled");

    // Deleting it again writes nothing and sends nothing.
    send("DELETE", "/fhir/Appointment/" + resourceId, "");
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    EXPECT_EQ(distinctSequence(hub->lrm.received(), appointmentId), expected);
}

TEST_F(HubDeliveryTest, BrokerStoppedDuringWritesLosesNothingAndKeepsOrder)
{
    const std::vector<std::string> statuses{"booked", "noshow", "fulfilled"};
    std::map<std::string, std::string> resources; // identifier value → resource id
    std::vector<std::string> values;
    for (int i = 0; i < 12; ++i)
        values.push_back("broker-" + uuid());
    int step = 0;
    for (const auto& status : statuses)
        for (const auto& value : values)
        {
            if (step == 6)
                hub->broker.stop(); // mid-run, with messages queued and in flight
            if (step == 26)
                hub->broker.start();
            ++step;
            auto response = send("PUT", "/fhir/Appointment?identifier=" + SYSTEM + "|" + value, appointment(value, status));
            ASSERT_TRUE(response.status == 200 || response.status == 201) << response.status << response.body;
            resources[value] = parse(response.body)->getValue<std::string>("id");
        }
    std::vector<std::string> appointmentIds;
    auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
    for (const auto& value : values)
    {
        auto rows = (*connection)->exec("SELECT id FROM orientation WHERE resource_id = $1", {resources[value]});
        ASSERT_TRUE(rows && rows->rows() == 1);
        appointmentIds.emplace_back(rows->value(0, 0));
    }
    const std::vector<std::string> expected{"CreateAppointment:booked", "UpdateAppointment:noshow",
                                            "UpdateAppointment:fulfilled"};
    ASSERT_TRUE(eventually(
        [&] {
            const auto bodies = hub->lrm.received();
            for (const auto& id : appointmentIds)
                if (distinctSequence(bodies, id).size() < expected.size())
                    return false;
            return true;
        },
        std::chrono::seconds(120)))
        << gateway->log();
    const auto bodies = hub->lrm.received();
    for (const auto& id : appointmentIds)
        EXPECT_EQ(distinctSequence(bodies, id), expected) << id;
    for (const auto& seen : hub->dispatcher.seen())
    {
        if (seen.publisher == PTF)
        {
            EXPECT_TRUE(seen.valid) << seen.problem;
        }
    }
}

TEST_F(HubDeliveryTest, GatewayKilledBetweenCommitAndPublishDeliversAfterRestart)
{
    hub->broker.stop(); // nothing can leave: every commit waits in the outbox
    std::vector<std::string> resourceIds;
    for (int i = 0; i < 5; ++i)
    {
        auto response = send("POST", "/fhir/Appointment", appointment("killed-" + uuid()));
        ASSERT_EQ(response.status, 201) << response.body;
        resourceIds.push_back(parse(response.body)->getValue<std::string>("id"));
    }
    gateway->signal(SIGKILL);
    ASSERT_EQ(gateway->waitForExit(std::chrono::seconds(10)), 128 + SIGKILL);
    delete gateway;
    hub->broker.start();
    gateway = newGateway(dsn());
    gateway->start();

    auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
    for (const auto& resourceId : resourceIds)
    {
        auto rows = (*connection)->exec("SELECT id FROM orientation WHERE resource_id = $1", {resourceId});
        ASSERT_TRUE(rows && rows->rows() == 1);
        const std::string appointmentId(rows->value(0, 0));
        EXPECT_TRUE(eventually([&] { return distinctSequence(hub->lrm.received(), appointmentId).size() == 1; }))
            << appointmentId << "\n" << gateway->log();
    }
}

TEST_F(HubDeliveryTest, PostgresRestartUnderLoadKeepsEveryAcknowledgedWrite)
{
    std::vector<std::string> acknowledged; // resource ids the vendor saw a 201 for
    std::thread writer([&] {
        for (int i = 0; i < 60; ++i)
        {
            try
            {
                auto response = send("POST", "/fhir/Appointment", appointment("pgrestart-" + uuid()));
                if (response.status == 201)
                    acknowledged.push_back(parse(response.body)->getValue<std::string>("id"));
            }
            catch (const std::exception&)
            {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    postgres->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    postgres->start();
    writer.join();
    ASSERT_FALSE(acknowledged.empty());

    auto connection = sas::adapters::postgres::PgConnection::open(dsn(), std::chrono::seconds(10));
    ASSERT_TRUE(connection) << connection.error().message;
    for (const auto& resourceId : acknowledged)
    {
        auto rows = (*connection)->exec("SELECT o.id, count(m.id) FROM orientation o JOIN hub_message m ON "
                                        "m.orientation_id = o.id WHERE o.resource_id = $1 GROUP BY o.id",
                                        {resourceId});
        ASSERT_TRUE(rows && rows->rows() == 1) << resourceId << " has no orientation";
        EXPECT_EQ(rows->value(0, 1), "1");
        const std::string appointmentId(rows->value(0, 0));
        EXPECT_TRUE(eventually([&] { return distinctSequence(hub->lrm.received(), appointmentId).size() == 1; }))
            << appointmentId;
    }
}
