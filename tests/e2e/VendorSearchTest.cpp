// Pulled vendor slots in the regulator search (issue 5 point 3, issue 4 "availability merged from … pulled vendor
// slots"): the real binary fans out over mutual TLS to real vendor simulators — a conformant one, a slow one and a
// broken one — and answers by its deadline with the agenda SAS slots, the conformant vendor's slots (source vendor,
// INT_SSO booking link) and one status per vendor, in /sas/api/search and in the LRM contextual call.
#include "tests/support/DevIssuer.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/tomorrow.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>
#include <map>
#include <set>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using sas::test::VendorBehaviour;
using sas::test::VendorSimulator;
using sas::test::VendorSimulatorOptions;
using JsonObject = Poco::JSON::Object::Ptr;
using namespace std::chrono_literals;

namespace
{

JsonObject parse(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<JsonObject>();
}

using sas::test::tomorrow;

VendorSimulatorOptions simulated(VendorBehaviour behaviour)
{
    VendorSimulatorOptions options{behaviour};
    // The IG example slots of 810100050075 and 810002673899, moved to start in two hours: inside the window.
    options.slotsFrom = std::chrono::system_clock::now() + 2h;
    return options;
}

class VendorSearchTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        good = new VendorSimulator(simulated(VendorBehaviour::Conformant));
        slow = new VendorSimulator(simulated(VendorBehaviour::Slow)); // answers after 10 s
        broken = new VendorSimulator(simulated(VendorBehaviour::ServerError));

        const std::string pki = sas::test::pkiDirectory();
        std::string registry = "vendors = good, slow, broken\n";
        const std::vector<std::pair<std::string, VendorSimulator*>> simulators = {
            {"good", good}, {"slow", slow}, {"broken", broken}};
        for (const auto& [id, vendor] : simulators)
        {
            const std::string p = "vendor." + id + ".";
            registry += p + "flows = ps, cpts\n" + p + "baseUrl.test = " + vendor->baseUrl() + "\n" + p +
                        "tls.certificate = " + pki + "/gateway-client.pem\n" + p + "tls.privateKey = " + pki +
                        "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n";
        }
        const std::string file = sas::test::makeWorkDirectory("vendor-search") + "/vendors.properties";
        std::ofstream(file) << registry;

        issuer = new sas::test::DevIssuer(); // the regulator's page needs a signed-in browser
        std::vector<std::string> settings{"vendors.registryFile=" + file, "vendors.environment=test",
                                          "vendors.deadlineMs=2000", "vendors.cacheFreshnessMs=0"};
        for (const auto& setting : issuer->gatewaySettings())
            settings.push_back(setting);
        gateway = new GatewayProcess(GatewayOptions{settings, ""});
        gateway->start();
        loadDirectory();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        delete issuer;
        delete good;
        delete slow;
        delete broken;
    }

    static HttpResponse call(const std::string& who, const std::string& method, const std::string& target,
                             const std::string& body = {})
    {
        HttpsClient client(gateway->port(), ClientTls{who});
        HttpRequest request;
        request.method = method;
        request.target = target;
        request.body = body;
        if (!body.empty())
            request.contentType = "application/json";
        return client.send(request);
    }

    static void put(const std::string& target, const std::string& body)
    {
        auto response = call("admin", "PUT", target, body);
        ASSERT_EQ(response.status, 200) << target << ": " << response.body;
    }

    static void practitioner(const std::string& id, const std::string& name, const std::string& settings)
    {
        put("/sas/api/directory/practitioners/" + id,
            R"({"idKind":"rpps","nationalId":")" + id.substr(1) + R"(","familyName":")" + name +
                R"(","givenName":"Dr","specialties":["SM54"],"settings":)" + settings + "}");
    }

    static void place(const std::string& id, const std::string& practitionerId, double lat)
    {
        put("/sas/api/directory/places/" + id,
            R"({"practitionerId":")" + practitionerId + R"(","address":"rue de Rivoli","inseeCode":"75101",
                "postcode":"75001","latitude":)" + std::to_string(lat) + R"(,"longitude":2.34,"timeZone":"Europe/Paris"})");
    }

    static void loadDirectory()
    {
        const std::string withVendor = R"({"participates":true,"via":1,"hasSoftware":true,"vendors":[")";
        practitioner("810100050075", "Conforme", withVendor + R"(good"]})");
        practitioner("810002673899", "Lent", withVendor + R"(slow"]})");
        practitioner("810000000031", "Casse", withVendor + R"(broken"]})");
        // Refuses vendor slots: its vendor is never asked, its agenda SAS is searched.
        practitioner("810002909371", "Refus",
                     R"({"participates":true,"via":1,"hasSoftware":true,"editorDisabled":true,"hoursDeclared":true,
                         "vendors":["good"]})");
        place("pv-good", "810100050075", 48.861);
        place("pv-slow", "810002673899", 48.862);
        place("pv-broken", "810000000031", 48.863);
        place("pv-refus", "810002909371", 48.864);
        auto created = call("admin", "POST", "/sas/api/places/pv-refus/slots",
                            R"({"date":")" + tomorrow() + R"(","start":"10:00","end":"10:20","modalities":["AMB"]})");
        ASSERT_EQ(created.status, 201) << created.body;
    }

    static JsonObject card(const JsonObject& result, const std::string& placeId)
    {
        auto cards = result->getArray("cards");
        for (std::size_t i = 0; i < cards->size(); ++i)
            if (cards->getObject(i)->getValue<std::string>("placeId") == placeId)
                return cards->getObject(i);
        return nullptr;
    }

    static std::map<std::string, std::string> statuses(const JsonObject& result)
    {
        std::map<std::string, std::string> out;
        auto vendors = result->getArray("vendors");
        for (std::size_t i = 0; i < vendors->size(); ++i)
            out[vendors->getObject(i)->getValue<std::string>("id")] = vendors->getObject(i)->getValue<std::string>("status");
        return out;
    }

    /// Every slot of the good vendor's card, as the JSON API shows it.
    static void expectGoodVendorSlots(const JsonObject& result)
    {
        auto goodCard = card(result, "pv-good");
        ASSERT_FALSE(goodCard.isNull()) << "the conformant vendor's practitioner has a card";
        auto slots = goodCard->getArray("slots");
        ASSERT_EQ(slots->size(), 2u) << "ExampleSlotPSIndiv1 and 2 of 810100050075";
        std::set<std::string> links;
        for (std::size_t i = 0; i < slots->size(); ++i)
        {
            auto slot = slots->getObject(i);
            EXPECT_EQ(slot->getValue<std::string>("source"), "vendor");
            EXPECT_EQ(slot->getValue<std::string>("vendor"), "good");
            EXPECT_FALSE(slot->has("ruleId"));
            links.insert(slot->getValue<std::string>("vendorSlotId") + " " + slot->getValue<std::string>("bookingLink"));
        }
        // INT_SSO: Slot.comment + origin=sas; ExampleSlotPSIndiv2 has no comment, so no link.
        EXPECT_EQ(links, (std::set<std::string>{"ExampleSlotPSIndiv1 https://exemple.com/rdv/com/?origin=sas",
                                                "ExampleSlotPSIndiv2 "}));
    }

    static GatewayProcess* gateway;
    static sas::test::DevIssuer* issuer;
    static VendorSimulator* good;
    static VendorSimulator* slow;
    static VendorSimulator* broken;
};

GatewayProcess* VendorSearchTest::gateway = nullptr;
sas::test::DevIssuer* VendorSearchTest::issuer = nullptr;
VendorSimulator* VendorSearchTest::good = nullptr;
VendorSimulator* VendorSearchTest::slow = nullptr;
VendorSimulator* VendorSearchTest::broken = nullptr;

} // namespace

TEST_F(VendorSearchTest, SearchMergesVendorSlotsAndReportsEachVendorByTheDeadline)
{
    const auto started = std::chrono::steady_clock::now();
    auto response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&lat=48.86&lon=2.34");
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(response.status, 200) << response.body;
    // The slow vendor answers after 10 s; the search does not wait for it.
    EXPECT_LT(took, 8s);
    const auto result = parse(response.body);

    EXPECT_EQ(statuses(result),
              (std::map<std::string, std::string>{{"good", "ok"}, {"slow", "timeout"}, {"broken", "error"}}));
    expectGoodVendorSlots(result);

    // The agenda SAS slot of the practitioner refusing vendor slots is there, from the agenda.
    auto refus = card(result, "pv-refus");
    ASSERT_FALSE(refus.isNull());
    ASSERT_EQ(refus->getArray("slots")->size(), 1u);
    EXPECT_EQ(refus->getArray("slots")->getObject(0)->getValue<std::string>("source"), "agenda");
    // Vendors that failed give no slots, hence no card in the with-slots mode.
    EXPECT_TRUE(card(result, "pv-slow").isNull());
    EXPECT_TRUE(card(result, "pv-broken").isNull());

    // The good vendor was asked for its own practitioner, never for the one refusing vendor slots.
    bool askedForGood = false;
    for (const auto& request : good->requests())
    {
        EXPECT_EQ(request.uri.find("810002909371"), std::string::npos) << request.uri;
        askedForGood = askedForGood || request.uri.find("810100050075") != std::string::npos;
    }
    EXPECT_TRUE(askedForGood);
}

TEST_F(VendorSearchTest, ModalityFilterAppliesToVendorSlots)
{
    // ExampleSlotPSIndiv1 offers AMB and VR, ExampleSlotPSIndiv2 AMB only (their serviceType v3-ActCode codings).
    auto response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&lat=48.86&lon=2.34&modality=VR");
    ASSERT_EQ(response.status, 200) << response.body;
    auto goodCard = card(parse(response.body), "pv-good");
    ASSERT_FALSE(goodCard.isNull()) << response.body;
    ASSERT_EQ(goodCard->getArray("slots")->size(), 1u);
    EXPECT_EQ(goodCard->getArray("slots")->getObject(0)->getValue<std::string>("vendorSlotId"), "ExampleSlotPSIndiv1");

    response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&lat=48.86&lon=2.34&modality=HH");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_TRUE(card(parse(response.body), "pv-good").isNull()) << "no home visit among its slots";
}

TEST_F(VendorSearchTest, ContextualCallCarriesVendorSlotsAndStatuses)
{
    // SAMU75-LRM runs the RRAMU dialect (mapping/territories/paris.xml).
    auto response = HttpsClient(gateway->port(), ClientTls{"lrm-demo", false})
                        .get("/sas/recherche?origin=SAMU75-LRM&streetNumber=8&streetName=rue+de+rivoli&inseeCode=75101");
    ASSERT_EQ(response.status, 200) << response.body;
    const auto answer = parse(response.body);
    ASSERT_TRUE(answer->has("result")) << response.body;
    const auto result = answer->getObject("result");
    EXPECT_EQ(statuses(result),
              (std::map<std::string, std::string>{{"good", "ok"}, {"slow", "timeout"}, {"broken", "error"}}));
    expectGoodVendorSlots(result);
}

// The regulator's page: a vendor slot opens the vendor's booking page (INT_SSO link, new tab) instead of the
// agenda SAS form, a vendor slot without a link is shown but not bookable here, the agenda SAS slot keeps its form,
// and the vendors that failed are named so that a short list is not taken for the whole offer.
TEST_F(VendorSearchTest, TheRegulatorsPageLinksVendorSlotsToTheVendorAndNamesTheVendorsThatFailed)
{
    const std::string target = "/sas/recherche?origin=SAMU75-LRM&streetNumber=8&streetName=rue+de+rivoli&inseeCode=75101";
    const std::string cookie = issuer->signIn(gateway->port(), target);
    const auto page = HttpsClient(gateway->port(), ClientTls{}).get(target, {{"Cookie", cookie}});
    ASSERT_EQ(page.status, 200) << page.body;

    const auto vendorLink = page.body.find("<a class=\"slot vendor");
    ASSERT_NE(vendorLink, std::string::npos) << page.body;
    const std::string anchor = page.body.substr(vendorLink, page.body.find('>', vendorLink) - vendorLink);
    EXPECT_NE(anchor.find("href=\"https://exemple.com/rdv/com/?origin=sas\""), std::string::npos) << anchor;
    EXPECT_NE(anchor.find("target=\"_blank\""), std::string::npos) << anchor;
    EXPECT_EQ(page.body.find("<a class=\"slot vendor", vendorLink + 1), std::string::npos)
        << "ExampleSlotPSIndiv2 has no booking link: shown, not linked";
    EXPECT_NE(page.body.find("<span class=\"slot\""), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("<a class=\"slot sas"), std::string::npos) << "pv-refus's agenda SAS slot";

    const auto notices = page.body.find("id=\"vendor-notices\"");
    ASSERT_NE(notices, std::string::npos) << page.body;
    const std::string list = page.body.substr(notices, page.body.find("</div>", notices) - notices);
    EXPECT_NE(list.find("slow : pas de réponse dans le délai"), std::string::npos) << list;
    EXPECT_NE(list.find("broken : indisponible"), std::string::npos) << list;
    EXPECT_EQ(list.find("good"), std::string::npos) << list;
}
