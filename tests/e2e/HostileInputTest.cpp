// Hostile input against the real binary (issue 8 point 2; docs/security.md "Hostile input"): each attack gets a clear
// 4xx (an OperationOutcome where a body is answered) or a closed connection within a bounded time, the process stays
// up, another client is served meanwhile, and the server's memory stays bounded.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/RawTlsConnection.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using sas::test::RawTlsConnection;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t BODY_LIMIT = 1024 * 1024;
constexpr int HEADER_TIMEOUT_SECONDS = 2;
constexpr int MAX_QUERY_PARAMETERS = 100;
/// Resident memory the gateway may grow by over the whole suite (it starts around 60–90 MB with its reference data):
/// a 100 MB body or a 10,000-level document must never be held whole.
constexpr long RSS_GROWTH_BOUND_KB = 64 * 1024;

class HostileInputTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        gateway = new GatewayProcess(GatewayOptions{{"server.maxBodyBytes=" + std::to_string(BODY_LIMIT),
                                                     "server.headerTimeout=" + std::to_string(HEADER_TIMEOUT_SECONDS),
                                                     "server.keepAliveTimeout=1", "server.receiveTimeout=5",
                                                     "server.maxQueryParameters=" + std::to_string(MAX_QUERY_PARAMETERS)},
                                                    ""});
        gateway->start();
        startRssKb = rssKb();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    void TearDown() override
    {
        EXPECT_TRUE(gateway->running()) << gateway->log();
        EXPECT_EQ(health().status, 200);
    }

    static HttpResponse send(const std::string& certificate, HttpRequest request)
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false}).send(request);
    }
    static HttpResponse health() { return HttpsClient(gateway->port(), ClientTls{"", false}).get("/health"); }

    /// The gateway's resident memory (VmRSS of /proc/PID/status), in kB.
    static long rssKb()
    {
        std::ifstream status("/proc/" + std::to_string(gateway->pid()) + "/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("VmRSS:", 0) == 0)
                return std::stol(line.substr(6));
        return -1;
    }

    static GatewayProcess* gateway;
    static long startRssKb;
};

GatewayProcess* HostileInputTest::gateway = nullptr;
long HostileInputTest::startRssKb = 0;

HttpRequest post(const std::string& target, std::string body, const std::string& contentType)
{
    return HttpRequest{"POST", target, {}, std::move(body), contentType};
}

/// Asserts an OperationOutcome and returns issue[0] (code, diagnostics, expression[0] when present).
struct FirstIssue
{
    std::string code;
    std::string diagnostics;
    std::string expression;
};
FirstIssue firstIssue(const HttpResponse& response)
{
    FirstIssue issue;
    try
    {
        Poco::JSON::Parser parser;
        auto outcome = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
        EXPECT_EQ(outcome->getValue<std::string>("resourceType"), "OperationOutcome") << response.body;
        auto first = outcome->getArray("issue")->getObject(0);
        issue.code = first->optValue<std::string>("code", "");
        issue.diagnostics = first->optValue<std::string>("diagnostics", "");
        if (auto expression = first->getArray("expression"); expression && expression->size() > 0)
            issue.expression = expression->getElement<std::string>(0);
    }
    catch (const std::exception& e)
    {
        ADD_FAILURE() << "not an OperationOutcome: " << e.what() << "\n" << response.body;
    }
    return issue;
}

} // namespace

TEST_F(HostileInputTest, XmlWithADoctypeIsRefusedWhateverItDeclares)
{
    const std::string slot = R"(<Slot xmlns="http://hl7.org/fhir"><status value="&x;"/></Slot>)";
    const std::vector<std::pair<std::string, std::string>> attacks{
        {"dtd", "<?xml version=\"1.0\"?><!DOCTYPE Slot [<!ELEMENT Slot ANY>]><Slot xmlns=\"http://hl7.org/fhir\"/>"},
        {"external entity", "<?xml version=\"1.0\"?><!DOCTYPE Slot [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + slot},
        {"billion laughs",
         "<?xml version=\"1.0\"?><!DOCTYPE Slot [<!ENTITY a \"lol\">"
         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
         "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
         "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
         "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY x \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>" +
             slot}};
    for (const auto& [name, body] : attacks)
    {
        const auto started = std::chrono::steady_clock::now();
        const auto response = send("vendor-demo", post("/fhir/Slot", body, "application/fhir+xml"));
        EXPECT_EQ(response.status, 400) << name << ": " << response.body;
        EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << name;
        const auto issue = firstIssue(response);
        EXPECT_EQ(issue.code, "invalid") << name;
        EXPECT_NE(issue.diagnostics.find("DOCTYPE"), std::string::npos) << name << ": " << response.body;
        EXPECT_EQ(response.body.find("root:"), std::string::npos) << name << ": the file's content leaked";
        EXPECT_EQ(response.body.find("lollol"), std::string::npos) << name << ": an entity was expanded";
    }
}

TEST_F(HostileInputTest, JsonNestedTenThousandLevelsIsRefusedWithItsPath)
{
    const std::string body = R"({"resourceType":"Slot","status":"free","comment":)" + std::string(10'000, '[') +
                             std::string(10'000, ']') + "}";
    const auto response = send("vendor-demo", post("/fhir/Slot", body, "application/fhir+json"));
    EXPECT_EQ(response.status, 400) << response.body;
    const auto issue = firstIssue(response);
    EXPECT_NE(issue.diagnostics.find("deeper"), std::string::npos) << response.body;
    EXPECT_LT(rssKb() - startRssKb, RSS_GROWTH_BOUND_KB);

    const std::string xml = "<Slot xmlns=\"http://hl7.org/fhir\">" + [] {
        std::string nested;
        for (int i = 0; i < 10'000; ++i)
            nested += "<extension>";
        for (int i = 0; i < 10'000; ++i)
            nested += "</extension>";
        return nested;
    }() + "</Slot>";
    const auto xmlResponse = send("vendor-demo", post("/fhir/Slot", xml, "application/fhir+xml"));
    EXPECT_EQ(xmlResponse.status, 400) << xmlResponse.body;
    EXPECT_NE(firstIssue(xmlResponse).diagnostics.find("deeper"), std::string::npos) << xmlResponse.body;
}

TEST_F(HostileInputTest, InvalidUtf8IsRefused)
{
    const std::string json = "{\"resourceType\":\"Slot\",\"status\":\"free\",\"comment\":\"caf\xC3\x28 \xFF\xFE\"}";
    const auto response = send("vendor-demo", post("/fhir/Slot", json, "application/fhir+json"));
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(firstIssue(response).code, "invalid");

    const std::string xml = "<Slot xmlns=\"http://hl7.org/fhir\"><comment value=\"caf\xC3\x28\xFF\"/></Slot>";
    const auto xmlResponse = send("vendor-demo", post("/fhir/Slot", xml, "application/fhir+xml"));
    EXPECT_EQ(xmlResponse.status, 400) << xmlResponse.body;
    EXPECT_EQ(firstIssue(xmlResponse).code, "invalid");
}

TEST_F(HostileInputTest, DecimalBeyondTheRangeOfADoubleIsRefusedWithItsPath)
{
    for (const std::string& number : std::vector<std::string>{"1e999", "-1.5e309", "1" + std::string(400, '0')})
    {
        const std::string body = R"({"resourceType":"Location","name":"x","position":{"longitude":)" + number +
                                 R"(,"latitude":45.1}})";
        const auto response = send("vendor-demo", post("/fhir/Location/$validate", body, "application/fhir+json"));
        EXPECT_EQ(response.status, 400) << number << ": " << response.body;
        const auto issue = firstIssue(response);
        EXPECT_EQ(issue.expression, "Location.position.longitude") << response.body;
        EXPECT_NE(issue.diagnostics.find("range"), std::string::npos) << response.body;

        const std::string xml = "<Location xmlns=\"http://hl7.org/fhir\"><name value=\"x\"/><position><longitude value=\"" +
                                number + "\"/><latitude value=\"45.1\"/></position></Location>";
        const auto xmlResponse = send("vendor-demo", post("/fhir/Location/$validate", xml, "application/fhir+xml"));
        EXPECT_EQ(xmlResponse.status, 400) << number << ": " << xmlResponse.body;
        EXPECT_EQ(firstIssue(xmlResponse).expression, "Location.position.longitude") << xmlResponse.body;
    }
    // Tiny values only lose precision: still a valid decimal, kept as written.
    const auto tiny = send("vendor-demo", post("/fhir/Location/$validate",
                                               R"({"resourceType":"Location","name":"x","position":{"longitude":1e-999,"latitude":45.1}})",
                                               "application/fhir+json"));
    EXPECT_EQ(tiny.status, 200) << tiny.body;
}

TEST_F(HostileInputTest, HundredMegabyteBodyIsRefusedByItsContentLengthBeforeReading)
{
    RawTlsConnection connection(gateway->port(), "vendor-demo");
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(connection.send("POST /fhir/Slot HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\n"
                                "Content-Length: 104857600\r\n\r\n{\"resourceType\":\"Slot\""));
    const auto received = connection.receiveUntilClosed(5s);
    EXPECT_EQ(RawTlsConnection::statusOf(received.bytes), 413) << received.bytes;
    EXPECT_NE(received.bytes.find("OperationOutcome"), std::string::npos) << received.bytes;
    EXPECT_TRUE(received.closed) << "the rest of the body is still on the wire: the connection must be closed";
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(HostileInputTest, HundredMegabyteChunkedBodyIsCutOffAtTheLimitWhileOthersAreServed)
{
    RawTlsConnection connection(gateway->port(), "vendor-demo");
    ASSERT_TRUE(connection.send("POST /fhir/Slot HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
    std::size_t sent = 0;
    bool otherServed = false;
    while (sent < 100u * 1024 * 1024 && connection.send(chunk))
    {
        sent += 0x10000;
        if (sent == BODY_LIMIT / 2)
        {
            // Half-way to the limit, the upload under way: another client is served on its own connection.
            otherServed = health().status == 200;
        }
    }
    EXPECT_TRUE(otherServed);
    const auto received = connection.receiveUntilClosed(5s);
    const int status = RawTlsConnection::statusOf(received.bytes);
    EXPECT_TRUE(status == 413 || (status == 0 && received.closed)) << received.bytes.substr(0, 300);
    // The server stopped reading at its limit; what the sender got rid of beyond it sat in socket buffers.
    EXPECT_LT(sent, 24u * 1024 * 1024) << "the server kept reading far past its " << BODY_LIMIT << "-byte limit";
    EXPECT_LT(rssKb() - startRssKb, RSS_GROWTH_BOUND_KB);
}

TEST_F(HostileInputTest, SlowLorisIsDisconnectedAfterTheHeaderTimeoutWhileOthersAreServed)
{
    constexpr int ATTACKERS = 4;
    std::vector<std::future<RawTlsConnection::Received>> attackers;
    for (int i = 0; i < ATTACKERS; ++i)
        attackers.push_back(std::async(std::launch::async, [] {
            RawTlsConnection connection(gateway->port(), "");
            const std::string head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ";
            const auto started = std::chrono::steady_clock::now();
            // One byte every 200 ms: each read is well within the receive timeout, the head never completes.
            for (std::size_t at = 0; connection.send(std::string(1, head[at % head.size()])); ++at)
            {
                if (std::chrono::steady_clock::now() - started > 10s)
                    break;
                std::this_thread::sleep_for(200ms);
            }
            auto received = connection.receiveUntilClosed(1s);
            received.after = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            return received;
        }));
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(health().status, 200) << "another client is served during the attack";
    for (auto& attacker : attackers)
    {
        const auto received = attacker.get();
        EXPECT_TRUE(received.closed);
        EXPECT_GE(received.after, std::chrono::seconds(HEADER_TIMEOUT_SECONDS) - 500ms);
        EXPECT_LT(received.after, std::chrono::seconds(HEADER_TIMEOUT_SECONDS) + 3s) << "not closed by the header timeout";
    }
}

TEST_F(HostileInputTest, HeaderFloodsAreRefusedOrClosed)
{
    std::string many = "GET /health HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < 1000; ++i)
        many += "X-Flood-" + std::to_string(i) + ": v\r\n";
    const std::string huge = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + std::string(100'000, 'a') + "\r\n";
    const std::string longName = "GET /health HTTP/1.1\r\nHost: localhost\r\n" + std::string(10'000, 'N') + ": v\r\n";
    for (const auto& [name, head] : std::vector<std::pair<std::string, std::string>>{
             {"1000 headers", many + "\r\n"}, {"a 100 kB value", huge + "\r\n"}, {"a 10 kB name", longName + "\r\n"}})
    {
        RawTlsConnection connection(gateway->port(), "");
        connection.send(head); // may fail midway once the server has refused and closed
        const auto received = connection.receiveUntilClosed(5s);
        const int status = RawTlsConnection::statusOf(received.bytes);
        EXPECT_TRUE((status == 400 || status == 431) || (status == 0 && received.closed))
            << name << ": " << received.bytes.substr(0, 200);
        EXPECT_TRUE(received.closed) << name;
    }
}

TEST_F(HostileInputTest, MalformedPercentEncodingIs400)
{
    const auto query = send("lrm-demo", HttpRequest{"GET", "/fhir/Slot?status=free&start=ge2026-01-01%zz", {}, "", ""});
    EXPECT_EQ(query.status, 400) << query.body;
    const auto issue = firstIssue(query);
    EXPECT_EQ(issue.expression, "start") << query.body;
    EXPECT_NE(issue.diagnostics.find("percent"), std::string::npos) << query.body;

    const auto truncated = send("lrm-demo", HttpRequest{"GET", "/fhir/Slot?status=free%2", {}, "", ""});
    EXPECT_EQ(truncated.status, 400) << truncated.body;
    EXPECT_EQ(firstIssue(truncated).expression, "status");

    const auto path = send("lrm-demo", HttpRequest{"GET", "/fhir/Slot/a%G1b", {}, "", ""});
    EXPECT_EQ(path.status, 400) << path.body;
    EXPECT_NE(firstIssue(path).diagnostics.find("path"), std::string::npos) << path.body;

    // The contextual call keeps the platform's leniency: an LRM's stray '%' stays literal (lrm-hub.md §1).
    const auto contextual = send("lrm-demo", HttpRequest{"GET", "/sas/recherche?origin=SAMU33-LRM&city=100%&inseecode=33063",
                                                         {{"Accept", "application/json"}}, "", ""});
    EXPECT_NE(contextual.status, 400) << contextual.body;
}

TEST_F(HostileInputTest, TenThousandSearchParametersAre400)
{
    std::string query;
    for (int i = 0; i < MAX_QUERY_PARAMETERS + 1; ++i)
        query += "&_id=a" + std::to_string(i);
    const auto overLimit = send("lrm-demo", HttpRequest{"GET", "/fhir/Slot?" + query.substr(1), {}, "", ""});
    EXPECT_EQ(overLimit.status, 400) << overLimit.body;
    EXPECT_NE(firstIssue(overLimit).diagnostics.find("at most " + std::to_string(MAX_QUERY_PARAMETERS)),
              std::string::npos)
        << overLimit.body;

    // 10,000 of them: POST _search has no request-target limit, the parameter limit still holds.
    std::string form;
    for (int i = 0; i < 10'000; ++i)
        form += "&_id=a" + std::to_string(i);
    const auto started = std::chrono::steady_clock::now();
    const auto tenThousand = send("lrm-demo", post("/fhir/Slot/_search", form.substr(1), "application/x-www-form-urlencoded"));
    EXPECT_EQ(tenThousand.status, 400) << tenThousand.body.substr(0, 500);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);

    // In the request target they exceed POCO's 16 KiB request-line limit first: 400 and closed.
    RawTlsConnection connection(gateway->port(), "lrm-demo");
    connection.send("GET /fhir/Slot?" + form.substr(1) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto received = connection.receiveUntilClosed(5s);
    const int status = RawTlsConnection::statusOf(received.bytes);
    EXPECT_TRUE(status == 400 || status == 414 || (status == 0 && received.closed)) << received.bytes.substr(0, 200);
}
