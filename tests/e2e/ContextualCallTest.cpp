// The LRM contextual call server to server (GET /sas/recherche with an LRM's client certificate) over the real
// binary: read in the installation's dialect from the shipped mapping files, then searched; errors as
// OperationOutcome; the mapping reload kept for admin.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using sas::test::ClientTls;
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

class ContextualCallTest : public ::testing::Test
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
    static HttpResponse get(const std::string& query, const std::string& certificate = "lrm-demo")
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false}).get("/sas/recherche?" + query);
    }
    static GatewayProcess* gateway;
};

GatewayProcess* ContextualCallTest::gateway = nullptr;

} // namespace

TEST_F(ContextualCallTest, AKnownInstallationGetsItsContextAndTheSearch)
{
    auto response = get("origin=SAMU33-LRM&streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063"
                        "&specialty=urn:oid:1.2.250.1.213.2.28%7CSM54&practitioner=urn:oid:1.2.250.1.71.4.2.1%7C810002909371");
    ASSERT_EQ(response.status, 200) << response.body;
    auto answer = parse(response.body);
    EXPECT_EQ(answer->getValue<std::string>("decision"), "search");
    auto context = answer->getObject("context");
    EXPECT_EQ(context->getValue<std::string>("address"), "5 Cours De L'intendance, Bordeaux, Gironde");
    EXPECT_EQ(context->getValue<std::string>("dialect"), "exos");
    EXPECT_EQ(context->getObject("specialty")->getValue<std::string>("label"), "Médecine générale");
    // The directory of this gateway knows no practitioner 10002909371: sas_pf_001, the doctor hidden (behaviour 31).
    EXPECT_EQ(context->getObject("preferredDoctor")->getValue<std::string>("errorCode"), "sas_pf_001");
    EXPECT_FALSE(context->getObject("preferredDoctor")->has("rpps"));
    auto result = answer->getObject("result");
    ASSERT_TRUE(result) << response.body;
    EXPECT_EQ(result->getObject("location")->getValue<std::string>("inseeCode"), "33063");
    EXPECT_EQ(result->getValue<std::string>("specialty"), "SM54");
    EXPECT_FALSE(answer->getValue<std::string>("mappingVersion").empty());
}

TEST_F(ContextualCallTest, FhirReadersGetASearchsetBundle)
{
    const std::string query = "origin=SAMU33-LRM&streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063";
    auto byAccept = HttpsClient(gateway->port(), ClientTls{"lrm-demo", false})
                        .get("/sas/recherche?" + query, {{"Accept", "application/fhir+json"}});
    ASSERT_EQ(byAccept.status, 200) << byAccept.body;
    EXPECT_EQ(byAccept.header("content-type").rfind("application/fhir+json", 0), 0u);
    auto bundle = parse(byAccept.body);
    EXPECT_EQ(bundle->getValue<std::string>("resourceType"), "Bundle");
    EXPECT_EQ(bundle->getValue<std::string>("type"), "searchset");
    EXPECT_TRUE(bundle->has("total"));
    EXPECT_EQ(bundle->getArray("link")->getObject(0)->getValue<std::string>("relation"), "self");

    auto byFormat = get(query + "&_format=json");
    ASSERT_EQ(byFormat.status, 200);
    EXPECT_EQ(parse(byFormat.body)->getValue<std::string>("resourceType"), "Bundle");
    EXPECT_EQ(get(query + "&_format=xml").status, 406);
    // Without a FHIR preference: the gateway's JSON, as before.
    EXPECT_EQ(parse(get(query).body)->getValue<std::string>("decision"), "search");
}

TEST_F(ContextualCallTest, TheInstallationsDialectIsApplied)
{
    // SAMU75-LRM runs RRAMU (mapping/territories/paris.xml), whose dialect writes camelCase names.
    auto response = get("origin=SAMU75-LRM&streetNumber=8&streetName=rue+de+rivoli&inseeCode=75104");
    ASSERT_EQ(response.status, 200) << response.body;
    auto context = parse(response.body)->getObject("context");
    EXPECT_EQ(context->getValue<std::string>("address"), "8 Rue De Rivoli, Paris");
    EXPECT_EQ(context->getObject("preferredDoctor")->getValue<std::string>("errorCode"), "sas_pf_002");
}

TEST_F(ContextualCallTest, UnknownOriginNoAddressAndWrongCallersAreRefused)
{
    auto unknown = get("origin=SAMU99&inseecode=33063");
    EXPECT_EQ(unknown.status, 403) << unknown.body;
    EXPECT_NE(unknown.body.find("est désactivé pour des raisons techniques"), std::string::npos) << unknown.body;
    EXPECT_EQ(parse(unknown.body)->getValue<std::string>("resourceType"), "OperationOutcome");

    auto noAddress = get("origin=SAMU33-LRM&streetnumber=12&city=Bordeaux");
    EXPECT_EQ(noAddress.status, 400) << noAddress.body;
    EXPECT_NE(noAddress.body.find("\"expression\":[\"city\"]"), std::string::npos) << noAddress.body;

    auto noOrigin = get("loc=Lyon");
    EXPECT_EQ(noOrigin.status, 400) << noOrigin.body;

    EXPECT_EQ(get("origin=SAMU33-LRM&inseecode=33063", "vendor-demo").status, 403);
}

TEST_F(ContextualCallTest, MappingsReloadForAdminOnly)
{
    auto reload = HttpsClient(gateway->port(), ClientTls{"admin", false})
                      .send(HttpRequest{"POST", "/admin/mapping/reload", {}, "", ""});
    ASSERT_EQ(reload.status, 200) << reload.body;
    auto answer = parse(reload.body);
    EXPECT_EQ(answer->getValue<int>("territories"), 3);
    EXPECT_EQ(answer->getValue<int>("dialects"), 7);
    EXPECT_EQ(HttpsClient(gateway->port(), ClientTls{"lrm-demo", false})
                  .send(HttpRequest{"POST", "/admin/mapping/reload", {}, "", ""})
                  .status,
              403);
}

TEST(ContextualCallMappings, AReloadWithProblemsKeepsThePreviousSetInForce)
{
    const auto root = std::filesystem::temp_directory_path() / "sas-contextual-call-mapping";
    std::filesystem::remove_all(root);
    std::filesystem::copy(SAS_SOURCE_DIR "/mapping", root, std::filesystem::copy_options::recursive);
    GatewayProcess gateway(sas::test::GatewayOptions{{"mapping.directory=" + root.string()}, ""});
    gateway.start();
    auto call = [&] {
        return HttpsClient(gateway.port(), ClientTls{"lrm-demo", false})
            .get("/sas/recherche?origin=SAMU31-LRM&codeinsee=31555");
    };
    auto reload = [&] {
        return HttpsClient(gateway.port(), ClientTls{"admin", false})
            .send(HttpRequest{"POST", "/admin/mapping/reload", {}, "", ""});
    };
    ASSERT_EQ(call().status, 200); // Centaure 15's `codeinsee`
    const std::string before = parse(call().body)->getValue<std::string>("mappingVersion");

    // The integrator breaks the Haute-Garonne file: refused, the old set still answers.
    std::ofstream(root / "territories" / "haute-garonne.xml")
        << "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"haute-garonne\" name=\"X\">\n<departement code=\"31\"/>\n"
        << "<lrm origin=\"SAMU31-LRM\" dialect=\"centaure16\" hubRecipient=\"fr.health.samu310\" environment=\"production\"/>\n"
        << "</territory>\n";
    auto refused = reload();
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("haute-garonne.xml:3:"), std::string::npos) << refused.body;
    EXPECT_EQ(call().status, 200);
    EXPECT_EQ(parse(call().body)->getValue<std::string>("mappingVersion"), before);

    // Fixed, with the installation switched off: in force at once.
    std::ofstream(root / "territories" / "haute-garonne.xml")
        << "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"haute-garonne\" name=\"X\">\n<departement code=\"31\"/>\n"
        << "<lrm origin=\"SAMU31-LRM\" dialect=\"centaure15\" hubRecipient=\"fr.health.samu310\" environment=\"production\" active=\"false\"/>\n"
        << "</territory>\n";
    EXPECT_EQ(reload().status, 200);
    EXPECT_EQ(call().status, 403);
    std::filesystem::remove_all(root);
}
