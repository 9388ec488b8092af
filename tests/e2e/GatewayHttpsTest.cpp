// The real sas-gateway binary over HTTPS with mutual TLS: identities, refused certificates,
// error bodies, content negotiation, operator endpoints.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/AutoPtr.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

constexpr int BODY_LIMIT = 4096;

class GatewayHttpsTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        gateway = new GatewayProcess(GatewayOptions{{"server.maxBodyBytes=" + std::to_string(BODY_LIMIT)}, ""});
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpsClient client(const std::string& certificate) { return HttpsClient(gateway->port(), ClientTls{certificate, false}); }

    static GatewayProcess* gateway;
};

GatewayProcess* GatewayHttpsTest::gateway = nullptr;

Poco::JSON::Object::Ptr parseJson(const std::string& body)
{
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// Asserts the body is a FHIR OperationOutcome and returns issue[0].code.
std::string outcomeCode(const HttpResponse& response)
{
    auto outcome = parseJson(response.body);
    EXPECT_EQ(outcome->getValue<std::string>("resourceType"), "OperationOutcome") << response.body;
    auto issues = outcome->getArray("issue");
    EXPECT_TRUE(issues && issues->size() > 0) << response.body;
    return issues && issues->size() > 0 ? issues->getObject(0)->getValue<std::string>("code") : "";
}

} // namespace

TEST_F(GatewayHttpsTest, HealthAnswersWithoutACertificate)
{
    auto response = client("").get("/health");
    EXPECT_EQ(response.status, 200);
    EXPECT_FALSE(response.header("x-request-id").empty());
}

TEST_F(GatewayHttpsTest, ReadyReportsTheSchemaVersion)
{
    auto response = client("").get("/ready");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_GE(parseJson(response.body)->getValue<int>("schemaVersion"), 1);
}

TEST_F(GatewayHttpsTest, MetadataWithoutACertificateIs401)
{
    auto response = client("").get("/fhir/metadata");
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(outcomeCode(response), "login");
    EXPECT_FALSE(response.header("www-authenticate").empty());
}

TEST_F(GatewayHttpsTest, UnregisteredCertificateIs403)
{
    auto response = client("stranger").get("/fhir/metadata");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(outcomeCode(response), "forbidden");
}

TEST_F(GatewayHttpsTest, EveryIdentityKindReadsTheCapabilityStatementInJson)
{
    for (const char* certificate : {"vendor-demo", "lrm-demo", "admin"})
    {
        auto response = client(certificate).get("/fhir/metadata");
        ASSERT_EQ(response.status, 200) << certificate << ": " << response.body;
        EXPECT_EQ(response.header("content-type").rfind("application/fhir+json", 0), 0u);
        auto statement = parseJson(response.body);
        EXPECT_EQ(statement->getValue<std::string>("resourceType"), "CapabilityStatement");
        EXPECT_EQ(statement->getValue<std::string>("fhirVersion"), "4.0.1");
        EXPECT_EQ(statement->getValue<std::string>("kind"), "instance");
        EXPECT_EQ(statement->getArray("rest")->getObject(0)->getValue<std::string>("mode"), "server");
    }
}

TEST_F(GatewayHttpsTest, CapabilityStatementInXmlByFormatAndByAccept)
{
    for (auto [target, accept] : {std::pair<std::string, std::string>{"/fhir/metadata?_format=xml", ""},
                                  std::pair<std::string, std::string>{"/fhir/metadata", "application/fhir+xml"}})
    {
        std::vector<std::pair<std::string, std::string>> headers;
        if (!accept.empty())
            headers.emplace_back("Accept", accept);
        auto response = client("vendor-demo").get(target, headers);
        ASSERT_EQ(response.status, 200);
        EXPECT_EQ(response.header("content-type").rfind("application/fhir+xml", 0), 0u);
        Poco::XML::DOMParser parser;
        Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(response.body);
        Poco::XML::Element* root = document->documentElement();
        EXPECT_EQ(root->localName(), "CapabilityStatement");
        EXPECT_EQ(root->namespaceURI(), "http://hl7.org/fhir");
        auto* version = root->getChildElementNS("http://hl7.org/fhir", "fhirVersion");
        ASSERT_NE(version, nullptr);
        EXPECT_EQ(version->getAttribute("value"), "4.0.1");
    }
}

TEST_F(GatewayHttpsTest, UnproducibleAcceptIs406)
{
    auto response = client("vendor-demo").get("/fhir/metadata", {{"Accept", "text/plain"}});
    EXPECT_EQ(response.status, 406);
    EXPECT_EQ(outcomeCode(response), "not-supported");
}

TEST_F(GatewayHttpsTest, UnknownRouteIs404WithAnOperationOutcome)
{
    auto response = client("vendor-demo").get("/fhir/NoSuchThing/1/2/3");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(outcomeCode(response), "not-found");
}

TEST_F(GatewayHttpsTest, WrongMethodIs405WithAllow)
{
    HttpRequest request{"POST", "/fhir/metadata", {}, "{}", "application/fhir+json"};
    auto response = client("vendor-demo").send(request);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.header("allow"), "GET");
    EXPECT_EQ(outcomeCode(response), "not-supported");
}

TEST_F(GatewayHttpsTest, OversizedBodyIs413)
{
    HttpRequest request{"POST", "/fhir/metadata", {}, std::string(BODY_LIMIT + 1, ' '), "application/fhir+json"};
    auto response = client("vendor-demo").send(request);
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(outcomeCode(response), "too-costly");
}

TEST_F(GatewayHttpsTest, UnsupportedMediaTypeIs415)
{
    HttpRequest request{"POST", "/fhir/metadata", {}, "hello", "text/plain"};
    auto response = client("vendor-demo").send(request);
    EXPECT_EQ(response.status, 415);
    EXPECT_EQ(outcomeCode(response), "not-supported");
}

TEST_F(GatewayHttpsTest, MetricsAreForAdminsOnly)
{
    client("vendor-demo").get("/fhir/metadata");
    auto denied = client("vendor-demo").get("/metrics");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(outcomeCode(denied), "forbidden");

    auto response = client("admin").get("/metrics");
    ASSERT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("sas_http_requests_total{route=\"/fhir/metadata\",method=\"GET\",status=\"200\"}"),
              std::string::npos);
    EXPECT_NE(response.body.find("sas_http_request_duration_seconds_bucket{route=\"/fhir/metadata\""), std::string::npos);
    EXPECT_NE(response.body.find("sas_db_pool_open "), std::string::npos);
}

TEST_F(GatewayHttpsTest, CertificatesThatFailVerificationAreRefusedAndTheServerGoesOn)
{
    // Another CA's, expired, not yet valid, a server's certificate (EKU serverAuth only) and revoked: the last four
    // name a configured identity (vendor-demo or a vendor OU), so only TLS can be refusing them.
    for (const char* certificate : {"other-client", "expired", "not-yet-valid", "wrong-usage", "revoked"})
    {
        EXPECT_THROW(client(certificate).get("/fhir/metadata"), Poco::Exception) << certificate;
        EXPECT_THROW(client(certificate).get("/health"), Poco::Exception) << certificate;
    }
    EXPECT_EQ(client("vendor-demo").get("/fhir/metadata").status, 200);
}

TEST_F(GatewayHttpsTest, ProtocolsOlderThanTls12AreRefused)
{
    HttpsClient legacy(gateway->port(), ClientTls{"vendor-demo", true});
    EXPECT_THROW(legacy.get("/health"), Poco::Exception);
}

TEST_F(GatewayHttpsTest, AccessLogNamesIdentityRouteAndStatusButNoBody)
{
    HttpRequest request{"POST", "/fhir/metadata", {{"X-Request-Id", "e2e-log-check"}}, "{\"secret\":\"patient\"}",
                        "application/fhir+json"};
    client("lrm-demo").send(request);
    // The line is written just after the response leaves: give the server a moment.
    std::string log = gateway->log();
    for (int attempt = 0; attempt < 100 && log.find("rid=e2e-log-check") == std::string::npos; ++attempt)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        log = gateway->log();
    }
    const auto line = log.find("rid=e2e-log-check");
    ASSERT_NE(line, std::string::npos) << log;
    const std::string entry = log.substr(line, log.find('\n', line) - line);
    EXPECT_NE(entry.find("identity=lrm-demo"), std::string::npos) << entry;
    EXPECT_NE(entry.find("route=/fhir/metadata"), std::string::npos) << entry;
    EXPECT_NE(entry.find("status=405"), std::string::npos) << entry;
    EXPECT_EQ(log.find("patient"), std::string::npos);
}

TEST_F(GatewayHttpsTest, DemoResourcesAreLoadedAndReadableWithVersionHeaders)
{
    auto response = client("lrm-demo").get("/fhir/Slot/ExampleSlotPSIndiv1");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.header("etag"), "W/\"1\"");
    EXPECT_FALSE(response.header("last-modified").empty());
    auto slot = parseJson(response.body);
    EXPECT_EQ(slot->getValue<std::string>("resourceType"), "Slot");
    EXPECT_EQ(slot->getObject("meta")->getValue<std::string>("versionId"), "1");
    EXPECT_FALSE(slot->getObject("meta")->getArray("profile").isNull()); // the IG's meta.profile is kept

    auto xml = client("lrm-demo").get("/fhir/Practitioner/ExamplePractitioner?_format=xml");
    ASSERT_EQ(xml.status, 200);
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(xml.body);
    EXPECT_EQ(document->documentElement()->localName(), "Practitioner");
}

TEST_F(GatewayHttpsTest, ReadErrorsAreOperationOutcomes)
{
    auto unknownId = client("vendor-demo").get("/fhir/Slot/does-not-exist");
    EXPECT_EQ(unknownId.status, 404);
    EXPECT_EQ(outcomeCode(unknownId), "not-found");

    auto unknownType = client("vendor-demo").get("/fhir/Patient/1");
    EXPECT_EQ(unknownType.status, 404);

    auto badId = client("vendor-demo").get("/fhir/Slot/bad_id!");
    EXPECT_EQ(badId.status, 400);
    EXPECT_EQ(outcomeCode(badId), "invalid");

    auto anonymous = client("").get("/fhir/Slot/ExampleSlotPSIndiv1");
    EXPECT_EQ(anonymous.status, 401);
}

TEST_F(GatewayHttpsTest, CapabilityStatementListsReadForTheServedTypes)
{
    auto statement = parseJson(client("vendor-demo").get("/fhir/metadata").body);
    auto resources = statement->getArray("rest")->getObject(0)->getArray("resource");
    ASSERT_TRUE(resources);
    bool slotRead = false;
    for (size_t i = 0; i < resources->size(); ++i)
    {
        auto resource = resources->getObject(static_cast<unsigned>(i));
        if (resource->getValue<std::string>("type") == "Slot")
            slotRead = resource->getArray("interaction")->getObject(0)->getValue<std::string>("code") == "read";
    }
    EXPECT_TRUE(slotRead);
}
