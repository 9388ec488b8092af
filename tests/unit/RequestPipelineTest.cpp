// The pipeline behind a real POCO HTTP server on loopback (plain TCP: there is never a client
// certificate, so only public routes reach their handlers).

#include "fhir/rest/RequestPipeline.h"

#include "fhir/rest/Exchange.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using sas::core::ErrorCode;
using sas::core::IdentityKind;
using sas::fhir::Node;
using sas::fhir::rest::Access;
using sas::fhir::rest::CertificateIdentityMap;
using sas::fhir::rest::CertificateRule;
using sas::fhir::rest::Exchange;
using sas::fhir::rest::HttpMetrics;
using sas::fhir::rest::InFlightRequests;
using sas::fhir::rest::PipelineLimits;
using sas::fhir::rest::RequestPipeline;
using sas::fhir::rest::Router;

namespace
{

constexpr std::size_t BODY_LIMIT = 1024;

struct Reply
{
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    bool keepAlive = true;

    std::optional<std::string> header(const std::string& lowerName) const
    {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
};

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

/// issue[0].code of an OperationOutcome in JSON, or a description of what was found instead.
std::string firstIssueCode(const std::string& body)
{
    rapidjson::Document document;
    document.Parse(body.c_str(), body.size());
    if (document.HasParseError() || !document.IsObject())
        return "<not JSON: " + body + ">";
    if (!document.HasMember("resourceType") || std::string(document["resourceType"].GetString()) != "OperationOutcome")
        return "<not an OperationOutcome: " + body + ">";
    const auto& issues = document["issue"];
    if (!issues.IsArray() || issues.Empty() || !issues[0].HasMember("code"))
        return "<no issue: " + body + ">";
    return issues[0]["code"].GetString();
}

/// A RequestPipeline over a router of test routes, served by a POCO HTTP server on 127.0.0.1.
class TestServer
{
public:
    TestServer()
    {
        router.add("GET", "/ok", Access::publicRoute(), [](Exchange& exchange) -> sas::core::Status {
            exchange.sendText("ok", "text/plain");
            return {};
        });
        router.add("GET", "/throw-std", Access::publicRoute(),
                   [](Exchange&) -> sas::core::Status { throw std::runtime_error("handler bug"); });
        router.add("GET", "/throw-other", Access::publicRoute(), [](Exchange&) -> sas::core::Status { throw 42; });
        router.add("GET", "/throw-after-send", Access::publicRoute(), [](Exchange& exchange) -> sas::core::Status {
            exchange.sendText("partial", "text/plain");
            throw std::runtime_error("after the response was sent");
        });
        router.add("GET", "/conflict", Access::publicRoute(), [](Exchange&) -> sas::core::Status {
            return sas::core::fail(ErrorCode::Conflict, "version conflict", "Slot.meta.versionId");
        });
        for (const char* pathTemplate : {"/items/{id}", "/counted/{id}"})
            router.add("GET", pathTemplate, Access::publicRoute(), [](Exchange& exchange) -> sas::core::Status {
                exchange.sendText(exchange.pathParameters().at("id"), "text/plain");
                return {};
            });
        router.add("GET", "/resource", Access::publicRoute(), [](Exchange& exchange) -> sas::core::Status {
            Node basic = Node::resource("Basic");
            basic.set("id", Node::string("b1"));
            exchange.sendResource(basic);
            return {};
        });
        router.add("POST", "/echo", Access::publicRoute(), [](Exchange& exchange) -> sas::core::Status {
            auto body = exchange.readBody();
            if (!body)
                return sas::core::fail(body.error());
            exchange.sendText(*body, "text/plain");
            return {};
        });
        router.add("POST", "/reject-unread", Access::publicRoute(), [](Exchange&) -> sas::core::Status {
            return sas::core::fail(ErrorCode::Unprocessable, "rejected before reading the body");
        });
        router.add("GET", "/admin", Access::forKinds({IdentityKind::Admin}), [](Exchange& exchange) -> sas::core::Status {
            exchange.sendText("secret", "text/plain");
            return {};
        });

        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = socket.address().port();
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(8);
        params->setKeepAlive(true);
        params->setTimeout(Poco::Timespan(5, 0));
        auto* pipeline = new RequestPipeline(router, identities, metrics, inFlight, PipelineLimits{BODY_LIMIT, {}});
        _server = std::make_unique<Poco::Net::HTTPServer>(pipeline, socket, params);
        _server->start();
    }

    ~TestServer()
    {
        // POCO's acceptor notices a stop only when its 250 ms poll ends or a connection arrives:
        // knock until it has stopped, so that stopping costs milliseconds (ctest runs each test in
        // its own process). A knock carries no request, so it never reaches the pipeline.
        std::atomic<bool> stopped{false};
        std::thread knocker([this, &stopped] {
            while (!stopped)
            {
                try
                {
                    Poco::Net::StreamSocket knock;
                    knock.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(0, 100000));
                }
                catch (const Poco::Exception&)
                {
                }
                std::this_thread::sleep_for(1ms);
            }
        });
        _server->stopAll(true);
        stopped = true;
        knocker.join();
        // Handlers and the pipeline reference members of this object: let every connection end first.
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (_server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        _server.reset();
    }

    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    std::unique_ptr<Poco::Net::HTTPClientSession> newSession() const
    {
        auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
        session->setTimeout(Poco::Timespan(5, 0));
        session->setKeepAlive(true);
        return session;
    }

    static Reply send(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& uri,
                      const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                      bool chunked = false)
    {
        Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        for (const auto& [name, value] : headers)
            request.set(name, value);
        if (chunked)
            request.setChunkedTransferEncoding(true);
        else if (!body.empty())
            request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        session.sendRequest(request) << body;

        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Reply reply;
        reply.status = static_cast<int>(response.getStatus());
        reply.keepAlive = response.getKeepAlive();
        for (const auto& [name, value] : response)
            reply.headers[lower(name)] = value;
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }

    /// Sends one request on a new connection.
    Reply send(const std::string& method, const std::string& uri, const std::map<std::string, std::string>& headers = {},
               const std::string& body = {}) const
    {
        auto session = newSession();
        return send(*session, method, uri, headers, body);
    }

    /// The Prometheus text once it contains `needle` (metrics are recorded just after the response
    /// is sent), or the last rendering after a generous deadline.
    std::string metricsContaining(const std::string& needle) const
    {
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        std::string text = metrics.renderPrometheus();
        while (text.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline)
        {
            std::this_thread::sleep_for(2ms);
            text = metrics.renderPrometheus();
        }
        return text;
    }

    Router router;
    CertificateIdentityMap identities{{CertificateRule{"admin", IdentityKind::Admin, "admin", std::nullopt}}};
    HttpMetrics metrics;
    InFlightRequests inFlight;
    Poco::UInt16 port = 0;

private:
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

/// One server for the suite (stopping a POCO server takes a quarter of a second); tests that change
/// its state (draining) start their own.
class RequestPipelineTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { _shared = new TestServer; }
    static void TearDownTestSuite()
    {
        delete _shared;
        _shared = nullptr;
    }

    static TestServer& server() { return *_shared; }
    static std::unique_ptr<Poco::Net::HTTPClientSession> newSession() { return _shared->newSession(); }
    static Reply send(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& uri,
                      const std::map<std::string, std::string>& headers = {}, const std::string& body = {})
    {
        return TestServer::send(session, method, uri, headers, body);
    }
    static Reply send(const std::string& method, const std::string& uri,
                      const std::map<std::string, std::string>& headers = {}, const std::string& body = {})
    {
        return _shared->send(method, uri, headers, body);
    }

private:
    static TestServer* _shared;
};

TestServer* RequestPipelineTest::_shared = nullptr;

} // namespace

TEST_F(RequestPipelineTest, PublicRouteIsServed)
{
    const Reply reply = send("GET", "/ok");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "ok");
}

TEST_F(RequestPipelineTest, PathParametersReachTheHandler)
{
    const Reply reply = send("GET", "/items/42");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "42");
}

TEST_F(RequestPipelineTest, StdExceptionBecomes500AndTheServerKeepsServing)
{
    auto session = newSession();
    const Reply failed = send(*session, "GET", "/throw-std");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(firstIssueCode(failed.body), "exception");
    EXPECT_EQ(failed.body.find("handler bug"), std::string::npos) << "exception text is logged, not sent";

    const Reply next = send(*session, "GET", "/ok");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "ok");
}

TEST_F(RequestPipelineTest, NonStandardExceptionBecomes500AndTheServerKeepsServing)
{
    auto session = newSession();
    const Reply failed = send(*session, "GET", "/throw-other");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(firstIssueCode(failed.body), "exception");

    EXPECT_EQ(send(*session, "GET", "/ok").status, 200);
    EXPECT_EQ(send("GET", "/ok").status, 200);
}

TEST_F(RequestPipelineTest, ExceptionAfterTheResponseWasSentKeepsThatResponse)
{
    auto session = newSession();
    const Reply reply = send(*session, "GET", "/throw-after-send");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "partial");
    EXPECT_EQ(send(*session, "GET", "/ok").body, "ok");
}

TEST_F(RequestPipelineTest, ReturnedErrorIsRenderedWithItsStatus)
{
    const Reply reply = send("GET", "/conflict");
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(firstIssueCode(reply.body), "conflict");
    EXPECT_EQ(reply.header("content-type").value_or("").rfind("application/fhir+json", 0), 0u);

    rapidjson::Document document;
    document.Parse(reply.body.c_str());
    ASSERT_TRUE(document.IsObject());
    EXPECT_STREQ(document["issue"][0]["expression"][0].GetString(), "Slot.meta.versionId");
}

TEST_F(RequestPipelineTest, ErrorsAreRenderedInTheNegotiatedFormat)
{
    const Reply reply = send("GET", "/conflict", {{"Accept", "application/fhir+xml"}});
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(reply.header("content-type").value_or("").rfind("application/fhir+xml", 0), 0u);
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document;
    ASSERT_NO_THROW(document = parser.parseString(reply.body)) << reply.body;
    EXPECT_EQ(document->documentElement()->localName(), "OperationOutcome");
}

TEST_F(RequestPipelineTest, ResourcesFollowFormatParameter)
{
    const Reply xml = send("GET", "/resource?_format=xml&_pretty=true");
    EXPECT_EQ(xml.status, 200);
    EXPECT_EQ(xml.header("content-type").value_or("").rfind("application/fhir+xml", 0), 0u);
    EXPECT_NE(xml.body.find("<Basic xmlns=\"http://hl7.org/fhir\">"), std::string::npos) << xml.body;

    const Reply json = send("GET", "/resource");
    EXPECT_EQ(json.header("content-type").value_or("").rfind("application/fhir+json", 0), 0u);
    rapidjson::Document document;
    document.Parse(json.body.c_str());
    ASSERT_TRUE(document.IsObject()) << json.body;
    EXPECT_STREQ(document["resourceType"].GetString(), "Basic");
}

TEST_F(RequestPipelineTest, RestrictedRouteWithoutCertificateIs401WithChallenge)
{
    const Reply reply = send("GET", "/admin");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(firstIssueCode(reply.body), "login");
    EXPECT_TRUE(reply.header("www-authenticate")) << "RFC 9110: a 401 carries a challenge";
    EXPECT_EQ(reply.body.find("secret"), std::string::npos);
}

TEST_F(RequestPipelineTest, UnknownPathWithoutCertificateIs401)
{
    // Identity is checked before routing, so strangers cannot probe which paths exist.
    const Reply reply = send("GET", "/fhir/Nothing/here");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(firstIssueCode(reply.body), "login");
}

TEST_F(RequestPipelineTest, OversizedBodyIs413AndTheConnectionCloses)
{
    const Reply reply = send("POST", "/echo", {{"Content-Type", "application/fhir+json"}},
                             std::string(2 * BODY_LIMIT, 'x'));
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(firstIssueCode(reply.body), "too-costly");
    EXPECT_FALSE(reply.keepAlive) << "the unread body makes the connection unusable";

    EXPECT_EQ(send("GET", "/ok").status, 200);
}

TEST_F(RequestPipelineTest, BodyAtTheLimitIsAccepted)
{
    const std::string body(BODY_LIMIT, 'x');
    const Reply reply = send("POST", "/echo", {{"Content-Type", "application/fhir+json"}}, body);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, body);
}

TEST_F(RequestPipelineTest, UnsupportedBodyMediaTypeIs415)
{
    const Reply text = send("POST", "/echo", {{"Content-Type", "text/plain"}}, "hello");
    EXPECT_EQ(text.status, 415);
    EXPECT_EQ(firstIssueCode(text.body), "not-supported");

    const Reply latin1 = send("POST", "/echo", {{"Content-Type", "application/fhir+json; charset=iso-8859-1"}}, "{}");
    EXPECT_EQ(latin1.status, 415);
}

TEST_F(RequestPipelineTest, WrongMethodIs405WithAllow)
{
    const Reply reply = send("DELETE", "/ok");
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.header("allow"), std::optional<std::string>("GET"));
    EXPECT_EQ(firstIssueCode(reply.body), "not-supported");
}

TEST_F(RequestPipelineTest, JsonPostToGetOnlyRouteIs405WithAllow)
{
    const Reply reply = send("POST", "/ok", {{"Content-Type", "application/fhir+json"}}, "{\"resourceType\":\"Basic\"}");
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.header("allow"), std::optional<std::string>("GET"));
}

TEST_F(RequestPipelineTest, RejectedBodyDoesNotCorruptTheNextRequestOnTheConnection)
{
    // A client that keeps its connection alive (as FHIR clients do) after a rejected POST must get
    // a correct answer to its next request: the unread body may not be parsed as the next request line.
    auto session = newSession();
    const Reply rejected =
        send(*session, "POST", "/ok", {{"Content-Type", "application/fhir+json"}}, "{\"resourceType\":\"Basic\"}");
    EXPECT_EQ(rejected.status, 405);

    const Reply next = send(*session, "GET", "/ok");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "ok");
}

TEST_F(RequestPipelineTest, SaneRequestIdIsEchoed)
{
    const Reply reply = send("GET", "/ok", {{"X-Request-Id", "abc-123_x.y"}});
    EXPECT_EQ(reply.header("x-request-id"), std::optional<std::string>("abc-123_x.y"));
}

TEST_F(RequestPipelineTest, RequestIdIsGeneratedWhenAbsentOrUnsafe)
{
    const Reply first = send("GET", "/ok");
    const Reply second = send("GET", "/ok");
    ASSERT_TRUE(first.header("x-request-id"));
    ASSERT_TRUE(second.header("x-request-id"));
    EXPECT_FALSE(first.header("x-request-id")->empty());
    EXPECT_NE(*first.header("x-request-id"), *second.header("x-request-id"));

    const std::string unsafe = "<script>alert(1)</script>";
    const Reply replaced = send("GET", "/ok", {{"X-Request-Id", unsafe}});
    ASSERT_TRUE(replaced.header("x-request-id"));
    EXPECT_NE(*replaced.header("x-request-id"), unsafe);
    EXPECT_FALSE(replaced.header("x-request-id")->empty());

    const Reply tooLong = send("GET", "/ok", {{"X-Request-Id", std::string(200, 'a')}});
    EXPECT_NE(tooLong.header("x-request-id").value_or(""), std::string(200, 'a'));
}

TEST_F(RequestPipelineTest, ErrorResponsesCarryTheRequestId)
{
    const Reply reply = send("GET", "/throw-std", {{"X-Request-Id", "trace-500"}});
    EXPECT_EQ(reply.status, 500);
    EXPECT_EQ(reply.header("x-request-id"), std::optional<std::string>("trace-500"));
    EXPECT_NE(reply.body.find("trace-500"), std::string::npos) << "the client can quote it";
}

TEST_F(RequestPipelineTest, MetricsUseTheRouteTemplate)
{
    ASSERT_EQ(send("GET", "/counted/1").status, 200);
    ASSERT_EQ(send("GET", "/counted/2").status, 200);
    ASSERT_EQ(send("GET", "/ok").status, 200);

    const std::string series = "sas_http_requests_total{route=\"/counted/{id}\",method=\"GET\",status=\"200\"} 2";
    const std::string text = server().metricsContaining(series);
    EXPECT_NE(text.find(series), std::string::npos) << text;
    EXPECT_EQ(text.find("/counted/1"), std::string::npos) << "paths with ids would explode cardinality";
    EXPECT_NE(server().metricsContaining("route=\"/ok\"").find("route=\"/ok\""), std::string::npos);
}

TEST_F(RequestPipelineTest, MetricsRecordFailuresWithTheirStatus)
{
    ASSERT_EQ(send("GET", "/throw-std").status, 500);
    ASSERT_EQ(send("GET", "/nowhere").status, 401);

    const std::string failed = "route=\"/throw-std\",method=\"GET\",status=\"500\"";
    EXPECT_NE(server().metricsContaining(failed).find(failed), std::string::npos);
    const std::string stranger = "method=\"GET\",status=\"401\"";
    const std::string text = server().metricsContaining(stranger);
    EXPECT_NE(text.find(stranger), std::string::npos) << text;
    EXPECT_EQ(text.find("/nowhere"), std::string::npos) << "unmatched paths are not labels";
}

TEST_F(RequestPipelineTest, RequestsLeaveTheInFlightCountAndDrainingAnswers503Transient)
{
    TestServer own;
    ASSERT_EQ(own.send("GET", "/ok").status, 200);
    ASSERT_EQ(own.send("GET", "/throw-std").status, 500);
    ASSERT_EQ(own.send("GET", "/throw-other").status, 500);
    ASSERT_EQ(own.send("GET", "/conflict").status, 409);
    EXPECT_EQ(own.inFlight.drain(5s), 0) << "every answered request, failed or not, has left";

    const Reply reply = own.send("GET", "/ok");
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(firstIssueCode(reply.body), "transient");
    EXPECT_FALSE(reply.keepAlive);
    EXPECT_EQ(own.inFlight.count(), 0);
}

TEST_F(RequestPipelineTest, ChunkedBodyAboveTheLimitIsRefused)
{
    // Without Content-Length the limit cannot be checked up front; the body must still never be
    // read past maxBodyBytes (config/sas-gateway.properties: "larger ones get 413").
    auto session = newSession();
    const Reply reply = TestServer::send(*session, "POST", "/echo", {{"Content-Type", "application/fhir+json"}},
                                         std::string(4 * BODY_LIMIT, 'x'), /*chunked=*/true);
    EXPECT_EQ(reply.status, 413);
    EXPECT_NE(reply.body.size(), 4 * BODY_LIMIT) << "the handler must not see the whole oversized body";
}

TEST_F(RequestPipelineTest, ChunkedBodyWithinTheLimitIsRead)
{
    auto session = newSession();
    const std::string body(BODY_LIMIT, 'y');
    const Reply reply = TestServer::send(*session, "POST", "/echo", {{"Content-Type", "application/fhir+json"}}, body,
                                         /*chunked=*/true);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, body);
    EXPECT_EQ(send(*session, "GET", "/ok").body, "ok");
}

TEST_F(RequestPipelineTest, ConnectionStaysUsableAfterAnOversizedChunkedBody)
{
    auto session = newSession();
    const Reply rejected = TestServer::send(*session, "POST", "/echo", {{"Content-Type", "application/fhir+json"}},
                                            std::string(4 * BODY_LIMIT, 'x'), /*chunked=*/true);
    EXPECT_EQ(rejected.status, 413);

    const Reply next = send(*session, "GET", "/ok");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "ok");
}

TEST_F(RequestPipelineTest, HandlerErrorBeforeReadingTheBodyKeepsTheConnectionUsable)
{
    auto session = newSession();
    const Reply rejected =
        send(*session, "POST", "/reject-unread", {{"Content-Type", "application/fhir+json"}}, "{\"resourceType\":\"Basic\"}");
    EXPECT_EQ(rejected.status, 422);
    EXPECT_EQ(firstIssueCode(rejected.body), "business-rule");

    const Reply next = send(*session, "GET", "/ok");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "ok");
}

TEST_F(RequestPipelineTest, RejectedUnauthenticatedPostKeepsTheConnectionUsable)
{
    auto session = newSession();
    const Reply rejected =
        send(*session, "POST", "/admin", {{"Content-Type", "application/fhir+json"}}, "GET /ok HTTP/1.1\r\n\r\n");
    EXPECT_EQ(rejected.status, 401);

    // Had the body been left on the connection, it would have been served as a request of its own.
    const Reply next = send(*session, "GET", "/items/after");
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, "after");
}

TEST_F(RequestPipelineTest, UnknownMethodsNeitherBreakNorBloatMetrics)
{
    // POCO does not validate the request-line method. A stranger's `GE"T` must not corrupt the
    // Prometheus text, and arbitrary method names must not each create a series.
    for (const char* method : {"GE\"T", "BOGUS1", "BOGUS2"})
        EXPECT_EQ(send(method, "/ok").status, 405) << method;

    const std::string text = server().metricsContaining("status=\"405\"");
    EXPECT_EQ(text.find("GE\"T"), std::string::npos);
    EXPECT_EQ(text.find("BOGUS1"), std::string::npos);
}
