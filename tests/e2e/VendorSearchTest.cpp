// Pulled vendor slots in the regulator search (issue 5 points 3 and 6, issue 4 "availability merged from … pulled
// vendor slots"): the real binary fans out over mutual TLS to real vendor simulators — a conformant one, a slow one
// and a broken one — and to an independent FHIR server (Medplum's router and in-memory repository, seeded through its
// own REST API), and answers by its deadline with the agenda SAS slots, the conformant vendors' slots (source vendor,
// INT_SSO booking link) and one status per vendor, in /sas/api/search and in the LRM contextual call.
#include "tests/support/DevIssuer.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/MedplumVendor.h"
#include "tests/support/tomorrow.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using sas::test::MedplumVendor;
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

/// The instant an ISO 8601 date-time with an offset ("2026-11-23T09:00:00+01:00", "…T08:00:00.000+00:00", "…Z")
/// stands for, in seconds since the epoch: the gateway shows times in the place's zone, the vendor wrote them in UTC.
std::int64_t epochSeconds(const std::string& text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute, &second) != 6)
        return -1;
    const auto date = std::chrono::sys_days(std::chrono::year(year) / month / day);
    std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(date.time_since_epoch()).count() +
                           hour * 3600 + minute * 60 + second;
    const auto zone = text.find_first_of("Z+-", 19);
    if (zone != std::string::npos && text[zone] != 'Z')
    {
        const int sign = text[zone] == '-' ? -1 : 1;
        seconds -= sign * (std::stoi(text.substr(zone + 1, 2)) * 3600 + std::stoi(text.substr(zone + 4, 2)) * 60);
    }
    return seconds;
}

// The Medplum vendor's data, in the IG examples' shapes (tests/fixtures/ig: Practitioner, PractitionerRole with its
// contained Location, Schedule whose actors are both, Slots): one practitioner with two free slots tomorrow, one busy
// slot (Medplum's status=free filter drops it) and one free slot four days on (outside the window).
constexpr const char* MEDPLUM_RPPS = "10003344556";
const std::string medplumDay = tomorrow();

std::string medplumSlot(const std::string& id, const std::string& status, const std::string& day,
                        const std::string& from, const std::string& to, const std::string& comment)
{
    return R"({"request":{"method":"PUT","url":"Slot/)" + id + R"("},"resource":{"resourceType":"Slot","id":")" + id +
           R"(","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"]},)"
           R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]}],)"
           R"("specialty":[{"coding":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale","code":"SM54"}]}],)"
           R"("schedule":{"reference":"Schedule/mp-schedule"},"status":")" + status + R"(","start":")" + day + "T" + from +
           R"(:00.000+00:00","end":")" + day + "T" + to + R"(:00.000+00:00")" +
           (comment.empty() ? std::string() : R"(,"comment":")" + comment + "\"") + "}}";
}

std::string medplumSeed()
{
    const auto later = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours(26)) +
                       std::chrono::days(4);
    const std::chrono::year_month_day ymd{later};
    char laterDay[16];
    std::snprintf(laterDay, sizeof laterDay, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return std::string(R"({"resourceType":"Bundle","type":"batch","entry":[)") +
           R"({"request":{"method":"PUT","url":"Practitioner/mp-practitioner"},"resource":{"resourceType":"Practitioner",)"
           R"("id":"mp-practitioner","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur"]},)"
           R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},)"
           R"("system":"urn:oid:1.2.250.1.71.4.2.1","value":"8)" + MEDPLUM_RPPS + R"("}],"name":[{"family":"PLUM","given":["Claire"]}]}},)"
           R"({"request":{"method":"PUT","url":"PractitionerRole/mp-role"},"resource":{"resourceType":"PractitionerRole",)"
           R"("id":"mp-role","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur"]},)"
           R"("contained":[{"resourceType":"Location","id":"mp-location","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur"]},)"
           R"("address":{"line":["8 rue de Rivoli"],"city":"PARIS","postalCode":"75001"}}],)"
           R"("practitioner":{"reference":"Practitioner/mp-practitioner"},"location":[{"reference":"#mp-location"}]}},)"
           R"({"request":{"method":"PUT","url":"Schedule/mp-schedule"},"resource":{"resourceType":"Schedule","id":"mp-schedule",)"
           R"("meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur"]},)"
           R"("actor":[{"reference":"Practitioner/mp-practitioner"},{"reference":"PractitionerRole/mp-role"}]}},)" +
           medplumSlot("mp-slot-1", "free", medplumDay, "08:00", "08:20", "https://medplum.example/rdv/mp-slot-1") + "," +
           medplumSlot("mp-slot-2", "free", medplumDay, "13:30", "13:50", "") + "," +
           medplumSlot("mp-slot-busy", "busy", medplumDay, "09:00", "09:20", "https://medplum.example/rdv/mp-slot-busy") +
           "," + medplumSlot("mp-slot-later", "free", laterDay, "08:00", "08:20", "https://medplum.example/rdv/mp-slot-later") +
           "]}";
}

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
        medplum = new MedplumVendor();
        medplum->batch(medplumSeed());

        const std::string pki = sas::test::pkiDirectory();
        std::string registry = "vendors = good, slow, broken, medplum\n";
        const std::vector<std::pair<std::string, std::string>> vendors = {
            {"good", good->baseUrl()}, {"slow", slow->baseUrl()}, {"broken", broken->baseUrl()},
            {"medplum", medplum->baseUrl()}};
        for (const auto& [id, baseUrl] : vendors)
        {
            const std::string p = "vendor." + id + ".";
            // Medplum's in-memory search has no INT_R04 (CPTS) parameters: it serves individual practitioners only.
            registry += p + "flows = " + (id == "medplum" ? "ps" : "ps, cpts") + "\n" + p + "baseUrl.test = " +
                        baseUrl + "\n" + p + "tls.certificate = " + pki + "/gateway-client.pem\n" + p +
                        "tls.privateKey = " + pki + "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n";
        }
        const std::string file = sas::test::makeWorkDirectory("vendor-search") + "/vendors.properties";
        std::ofstream(file) << registry;

        issuer = new sas::test::DevIssuer(); // the regulator's page needs a signed-in browser
        std::vector<std::string> settings{"vendors.registryFile=" + file, "vendors.environment=test",
                                          "vendors.deadlineMs=2000", "vendors.cacheFreshnessMs=0",
                                          // Every search here must reach the slow and broken vendors (their
                                          // statuses are asserted): the breaker is not what this suite tests.
                                          "vendors.breaker.failures=1000"};
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
        delete medplum;
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
        practitioner(std::string("8") + MEDPLUM_RPPS, "Plum", withVendor + R"(medplum"]})");
        // Refuses vendor slots: its vendor is never asked, its agenda SAS is searched.
        practitioner("810002909371", "Refus",
                     R"({"participates":true,"via":1,"hasSoftware":true,"editorDisabled":true,"hoursDeclared":true,
                         "vendors":["good"]})");
        place("pv-good", "810100050075", 48.861);
        place("pv-slow", "810002673899", 48.862);
        place("pv-broken", "810000000031", 48.863);
        place("pv-medplum", std::string("8") + MEDPLUM_RPPS, 48.865);
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

    /// The Medplum vendor's card holds exactly its two free slots of tomorrow, at the instants it was seeded with.
    static void expectMedplumSlots(const JsonObject& result)
    {
        auto medplumCard = card(result, "pv-medplum");
        ASSERT_FALSE(medplumCard.isNull()) << "the Medplum vendor's practitioner has a card";
        auto slots = medplumCard->getArray("slots");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < slots->size(); ++i)
        {
            auto slot = slots->getObject(i);
            EXPECT_EQ(slot->getValue<std::string>("source"), "vendor");
            EXPECT_EQ(slot->getValue<std::string>("vendor"), "medplum");
            seen.insert(slot->getValue<std::string>("vendorSlotId") + " " +
                        std::to_string(epochSeconds(slot->getValue<std::string>("start"))) + " " +
                        std::to_string(epochSeconds(slot->getValue<std::string>("end"))) + " " +
                        slot->getValue<std::string>("bookingLink"));
        }
        auto at = [](const std::string& time) { return std::to_string(epochSeconds(medplumDay + "T" + time + ":00Z")); };
        EXPECT_EQ(seen, (std::set<std::string>{
                            "mp-slot-1 " + at("08:00") + " " + at("08:20") + " https://medplum.example/rdv/mp-slot-1?origin=sas",
                            "mp-slot-2 " + at("13:30") + " " + at("13:50") + " "}))
            << "the busy slot and the one after the window are not offered";
    }

    static GatewayProcess* gateway;
    static sas::test::DevIssuer* issuer;
    static VendorSimulator* good;
    static VendorSimulator* slow;
    static VendorSimulator* broken;
    static MedplumVendor* medplum;
};

GatewayProcess* VendorSearchTest::gateway = nullptr;
sas::test::DevIssuer* VendorSearchTest::issuer = nullptr;
VendorSimulator* VendorSearchTest::good = nullptr;
VendorSimulator* VendorSearchTest::slow = nullptr;
VendorSimulator* VendorSearchTest::broken = nullptr;
MedplumVendor* VendorSearchTest::medplum = nullptr;

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
              (std::map<std::string, std::string>{{"good", "ok"}, {"slow", "timeout"}, {"broken", "error"}, {"medplum", "ok"}}));
    expectGoodVendorSlots(result);
    expectMedplumSlots(result);

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
              (std::map<std::string, std::string>{{"good", "ok"}, {"slow", "timeout"}, {"broken", "error"}, {"medplum", "ok"}}));
    expectGoodVendorSlots(result);
    expectMedplumSlots(result);
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

    // One linked anchor per vendor slot with a Slot.comment: ExampleSlotPSIndiv1 (good) and mp-slot-1 (medplum);
    // ExampleSlotPSIndiv2 and mp-slot-2 have none: shown, not linked.
    std::set<std::string> hrefs;
    std::size_t anchors = 0;
    for (auto at = page.body.find("<a class=\"slot vendor"); at != std::string::npos;
         at = page.body.find("<a class=\"slot vendor", at + 1))
    {
        ++anchors;
        const std::string anchor = page.body.substr(at, page.body.find('>', at) - at);
        EXPECT_NE(anchor.find("target=\"_blank\""), std::string::npos) << anchor;
        const auto href = anchor.find("href=\"");
        ASSERT_NE(href, std::string::npos) << anchor;
        hrefs.insert(anchor.substr(href + 6, anchor.find('"', href + 6) - href - 6));
    }
    EXPECT_EQ(anchors, 2u) << page.body;
    EXPECT_EQ(hrefs, (std::set<std::string>{"https://exemple.com/rdv/com/?origin=sas",
                                            "https://medplum.example/rdv/mp-slot-1?origin=sas"}))
        << page.body;
    EXPECT_NE(page.body.find("<span class=\"slot\""), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("<a class=\"slot sas"), std::string::npos) << "pv-refus's agenda SAS slot";

    const auto notices = page.body.find("id=\"vendor-notices\"");
    ASSERT_NE(notices, std::string::npos) << page.body;
    const std::string list = page.body.substr(notices, page.body.find("</div>", notices) - notices);
    EXPECT_NE(list.find("slow : pas de réponse dans le délai"), std::string::npos) << list;
    EXPECT_NE(list.find("broken : indisponible"), std::string::npos) << list;
    EXPECT_EQ(list.find("good"), std::string::npos) << list;
    EXPECT_EQ(list.find("medplum"), std::string::npos) << list;
}

// `sas-gateway vendor-check` against the independent FHIR server, as an integrator would run it before switching the
// vendor on (default window: now to 48 h). Everything the IG asks of the search answer holds — mutual TLS, searchset
// Bundle with total, self link, fullUrls, search modes, profiles, prefixed RPPS, contained Location, instants,
// only free slots in the window, valid R4 — except one genuine defect: Medplum is a general FHIR server and runs
// any search it can parse, so the IG's search without its window and identifiers is answered 200 with every free
// Slot it holds, where the IG's vendor refuses a search it cannot run with 4xx + OperationOutcome (sas-ig.md §1.2).
// The checker names exactly that.
TEST_F(VendorSearchTest, VendorCheckOnTheMedplumVendorNamesItsOneDefect)
{
    const std::string pki = sas::test::pkiDirectory();
    Poco::Pipe out;
    auto handle = Poco::Process::launch(SAS_GATEWAY_BINARY,
                                        {"vendor-check", medplum->baseUrl(), "--cert", pki + "/gateway-client.pem",
                                         "--key", pki + "/gateway-client.key", "--ca", pki + "/ca.pem", "--rpps",
                                         MEDPLUM_RPPS},
                                        nullptr, &out, &out);
    Poco::PipeInputStream stream(out);
    std::string output;
    Poco::StreamCopier::copyToString(stream, output);
    std::cout << output;
    EXPECT_EQ(handle.wait(), 1) << output;

    std::vector<std::string> failures;
    for (auto at = output.find("\nFAIL "); at != std::string::npos; at = output.find("\nFAIL ", at + 1))
        failures.push_back(output.substr(at + 6, output.find(' ', at + 6) - at - 6));
    EXPECT_EQ(failures, std::vector<std::string>{"errors.operation-outcome"}) << output;
    EXPECT_NE(output.find("RESULT: FAIL (21/22 checks passed)"), std::string::npos) << output;
    EXPECT_NE(output.find("[HTTP 200 without an OperationOutcome]"), std::string::npos) << output;
    for (const char* check : {"PASS mtls.without-certificate", "PASS ps.mtls.with-certificate", "PASS ps.bundle.searchset",
                              "PASS ps.bundle.total", "PASS ps.bundle.full-url", "PASS ps.bundle.search-mode",
                              "PASS ps.resources.meta-profile", "PASS ps.practitionerrole.contained-location",
                              "PASS ps.slots.free-in-window", "PASS ps.slots.found", "PASS ps.fhir.r4-valid",
                              "PASS empty.total-zero"})
        EXPECT_NE(output.find(check), std::string::npos) << check << "\n" << output;
}

// The façade's own INT_R01 search (issue 5 point 3): a Slot search an LRM or the platform sends to the gateway as
// to any vendor also returns the named practitioners' free slots their booking vendors hold, pulled at search time.
namespace
{

constexpr const char* IDNPS = "urn:oid:1.2.250.1.71.4.2.1%7C";

std::string utc(std::chrono::system_clock::time_point at)
{
    const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{seconds - day};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(time.hours().count()), int(time.minutes().count()),
                  int(time.seconds().count()));
    return buffer;
}

/// The IG's INT_R01 request for these prefixed RPPS, window now → now + 72 h (Medplum's later slot stays outside).
std::string fhirSlotSearch(const std::vector<std::string>& practitioners, const std::string& extra = {})
{
    const auto now = std::chrono::system_clock::now();
    std::string identifiers;
    for (const auto& practitioner : practitioners)
        identifiers += (identifiers.empty() ? "" : ",") + std::string(IDNPS) + practitioner;
    return "/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge" + utc(now) +
           "&start=le" + utc(now + 72h) + "&schedule.actor:Practitioner.identifier=" + identifiers + "&status=free" +
           extra;
}

struct Entry
{
    std::string fullUrl;
    std::string mode;
    JsonObject resource;
};

std::vector<Entry> entries(const JsonObject& bundle)
{
    std::vector<Entry> out;
    if (!bundle->has("entry"))
        return out;
    auto list = bundle->getArray("entry");
    for (std::size_t i = 0; i < list->size(); ++i)
    {
        auto entry = list->getObject(i);
        out.push_back({entry->getValue<std::string>("fullUrl"),
                       entry->getObject("search")->getValue<std::string>("mode"), entry->getObject("resource")});
    }
    return out;
}

std::vector<Entry> withMode(const std::vector<Entry>& all, const std::string& mode)
{
    std::vector<Entry> out;
    for (const auto& entry : all)
        if (entry.mode == mode)
            out.push_back(entry);
    return out;
}

/// The base of a fullUrl ("https://v/fhir/Slot/1" → "https://v/fhir").
std::string baseOf(const std::string& fullUrl)
{
    const auto idSlash = fullUrl.rfind('/');
    return fullUrl.substr(0, fullUrl.rfind('/', idSlash - 1));
}

std::string link(const JsonObject& bundle, const std::string& relation)
{
    auto links = bundle->getArray("link");
    for (std::size_t i = 0; i < links->size(); ++i)
        if (links->getObject(i)->getValue<std::string>("relation") == relation)
            return links->getObject(i)->getValue<std::string>("url");
    return {};
}

/// Every error the three offline R4 validators (tests/e2e/node/validators.js) find in a Bundle and its entries.
std::string offlineValidation(const std::string& body, int& exitCode)
{
    const std::string file = sas::test::makeWorkDirectory("vendor-search-bundle") + "/bundle.json";
    std::ofstream(file) << body;
    const std::string command = "cd '" + std::string(SAS_SOURCE_DIR) + "/tests/e2e/node' && node validateFile.mjs '" +
                                file + "' 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (pipe && fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    const int status = pipe ? pclose(pipe) : -1;
    exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return output;
}

} // namespace

TEST_F(VendorSearchTest, FhirSlotSearchAddsTheNamedPractitionersVendorSlotsAtTheVendorsBase)
{
    const std::size_t askedBefore = good->requests().size();
    // 810002909371 refuses vendor slots: its vendor (good) is never asked for it; its agenda SAS slot, published
    // as a FHIR Slot by the gateway, is the one local match.
    const std::string target = fhirSlotSearch({"810100050075", std::string("8") + MEDPLUM_RPPS, "810002909371"});
    auto response = call("lrm-demo", "GET", target);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto bundle = parse(response.body);
    const std::string self = link(bundle, "self");
    EXPECT_EQ(self.substr(self.find("/fhir/")), target) << "the self link is the request's";
    EXPECT_EQ(bundle->getValue<int>("total"), 5) << response.body;
    const auto all = entries(bundle);
    EXPECT_TRUE(withMode(all, "outcome").empty()) << "every vendor answered";
    const auto matches = withMode(all, "match");
    ASSERT_EQ(matches.size(), 5u) << response.body;
    EXPECT_EQ(baseOf(matches[0].fullUrl), link(bundle, "self").substr(0, link(bundle, "self").find("/Slot?")))
        << "the local match first, at the gateway's base";
    std::map<std::string, JsonObject> included;
    for (const auto& entry : withMode(all, "include"))
        included[entry.fullUrl] = entry.resource;

    std::set<std::string> urls;
    std::map<std::string, std::string> comments;
    std::int64_t previousStart = 0;
    for (std::size_t m = 1; m < matches.size(); ++m)
    {
        const auto& match = matches[m];
        urls.insert(match.fullUrl);
        ASSERT_EQ(match.resource->getValue<std::string>("resourceType"), "Slot");
        EXPECT_EQ(match.resource->getValue<std::string>("status"), "free");
        const std::int64_t start = epochSeconds(match.resource->getValue<std::string>("start"));
        EXPECT_GE(start, previousStart) << "vendor slots in start order";
        previousStart = start;
        comments[match.resource->getValue<std::string>("id")] =
            match.resource->has("comment") ? match.resource->getValue<std::string>("comment") : "";
        // Relative references resolve against the entry's base, the vendor's: Slot → Schedule → Practitioner and
        // PractitionerRole are all in the Bundle as includes.
        const std::string base = baseOf(match.fullUrl);
        const std::string schedule = base + "/" + match.resource->getObject("schedule")->getValue<std::string>("reference");
        ASSERT_TRUE(included.count(schedule)) << schedule << "\n" << response.body;
        auto actors = included[schedule]->getArray("actor");
        std::set<std::string> actorTypes;
        for (std::size_t i = 0; i < actors->size(); ++i)
        {
            const std::string actor = base + "/" + actors->getObject(i)->getValue<std::string>("reference");
            ASSERT_TRUE(included.count(actor)) << actor << "\n" << response.body;
            actorTypes.insert(included[actor]->getValue<std::string>("resourceType"));
        }
        EXPECT_EQ(actorTypes, (std::set<std::string>{"Practitioner", "PractitionerRole"}));
    }
    EXPECT_EQ(urls, (std::set<std::string>{good->baseUrl() + "/Slot/ExampleSlotPSIndiv1",
                                           good->baseUrl() + "/Slot/ExampleSlotPSIndiv2",
                                           medplum->baseUrl() + "/Slot/mp-slot-1",
                                           medplum->baseUrl() + "/Slot/mp-slot-2"}))
        << response.body;
    EXPECT_EQ(comments, (std::map<std::string, std::string>{
                            {"ExampleSlotPSIndiv1", "https://exemple.com/rdv/com/?origin=sas"},
                            {"ExampleSlotPSIndiv2", ""},
                            {"mp-slot-1", "https://medplum.example/rdv/mp-slot-1?origin=sas"},
                            {"mp-slot-2", ""}}))
        << "Slot.comment is the INT_SSO booking link";
    // The local slot's Schedule and Practitioner; good's two Schedules and PractitionerRoles (two places in the IG
    // example) and one Practitioner; Medplum's Schedule, Practitioner and PractitionerRole.
    EXPECT_EQ(included.size(), 2u + 5u + 3u) << response.body;

    const auto requests = good->requests();
    bool askedForGood = false;
    for (std::size_t i = askedBefore; i < requests.size(); ++i)
    {
        EXPECT_EQ(requests[i].uri.find("810002909371"), std::string::npos) << requests[i].uri;
        askedForGood = askedForGood || requests[i].uri.find("810100050075") != std::string::npos;
    }
    EXPECT_TRUE(askedForGood);

    // Every entry against the gateway's own SAS profiles ($validate), the Bundle and its entries against the three
    // offline R4 validators.
    for (const auto& entry : all)
    {
        std::ostringstream body;
        entry.resource->stringify(body);
        auto validated =
            call("admin", "POST", "/fhir/" + entry.resource->getValue<std::string>("resourceType") + "/$validate",
                 body.str());
        ASSERT_EQ(validated.status, 200) << validated.body;
        EXPECT_EQ(validated.body.find("\"error\""), std::string::npos) << entry.fullUrl << "\n" << validated.body;
    }
    int exitCode = -1;
    const std::string output = offlineValidation(response.body, exitCode);
    EXPECT_EQ(exitCode, 0) << output;
}

TEST_F(VendorSearchTest, FhirSlotSearchPagesCountsAndRendersVendorSlotsLikeLocalOnes)
{
    // One local match (810002909371's agenda SAS slot) and four vendor slots, two to a page: the local one first,
    // then the vendors' from position max(_offset, local total), in start order across pages.
    const std::vector<std::string> practitioners{"810100050075", std::string("8") + MEDPLUM_RPPS, "810002909371"};
    std::string target = fhirSlotSearch(practitioners, "&_count=2");
    std::vector<std::size_t> sizes;
    std::vector<Entry> matches;
    for (int page = 0; page < 5 && !target.empty(); ++page)
    {
        auto response = call("lrm-demo", "GET", target);
        ASSERT_EQ(response.status, 200) << response.body;
        const auto bundle = parse(response.body);
        EXPECT_EQ(bundle->getValue<int>("total"), 5);
        const auto pageMatches = withMode(entries(bundle), "match");
        sizes.push_back(pageMatches.size());
        matches.insert(matches.end(), pageMatches.begin(), pageMatches.end());
        const std::string next = link(bundle, "next");
        target = next.empty() ? std::string() : next.substr(next.find("/fhir/"));
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2, 1}));
    ASSERT_EQ(matches.size(), 5u);
    EXPECT_NE(matches[0].fullUrl.find("/Slot/sas-agenda-pv-refus"), std::string::npos) << matches[0].fullUrl;
    std::set<std::string> urls;
    for (std::size_t i = 1; i < matches.size(); ++i)
    {
        urls.insert(matches[i].fullUrl);
        if (i > 1)
        {
            EXPECT_LE(epochSeconds(matches[i - 1].resource->getValue<std::string>("start")),
                      epochSeconds(matches[i].resource->getValue<std::string>("start")));
        }
    }
    EXPECT_EQ(urls, (std::set<std::string>{good->baseUrl() + "/Slot/ExampleSlotPSIndiv1",
                                           good->baseUrl() + "/Slot/ExampleSlotPSIndiv2",
                                           medplum->baseUrl() + "/Slot/mp-slot-1",
                                           medplum->baseUrl() + "/Slot/mp-slot-2"}))
        << "each vendor slot once across the pages";

    auto count = call("lrm-demo", "GET", fhirSlotSearch(practitioners, "&_summary=count"));
    ASSERT_EQ(count.status, 200) << count.body;
    EXPECT_EQ(parse(count.body)->getValue<int>("total"), 5);
    EXPECT_FALSE(parse(count.body)->has("entry")) << count.body;

    auto elements = call("lrm-demo", "GET", fhirSlotSearch(practitioners, "&_elements=start"));
    ASSERT_EQ(elements.status, 200) << elements.body;
    for (const auto& match : withMode(entries(parse(elements.body)), "match"))
    {
        EXPECT_TRUE(match.resource->has("start"));
        EXPECT_FALSE(match.resource->has("comment")) << match.fullUrl;
    }

    auto xml = call("lrm-demo", "GET", fhirSlotSearch(practitioners, "&_format=xml&_pretty=true"));
    ASSERT_EQ(xml.status, 200) << xml.body;
    EXPECT_NE(xml.body.find("<total value=\"5\"/>"), std::string::npos) << xml.body;
    EXPECT_NE(xml.body.find("<fullUrl value=\"" + good->baseUrl() + "/Slot/ExampleSlotPSIndiv1\"/>"), std::string::npos)
        << xml.body;
}

TEST_F(VendorSearchTest, FhirSlotSearchAnswersByTheDeadlineAndNamesTheVendorsThatFailed)
{
    const auto started = std::chrono::steady_clock::now();
    auto response = call("lrm-demo", "GET", fhirSlotSearch({"810100050075", "810002673899", "810000000031"}));
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_LT(took, 8s) << "the slow vendor answers after 10 s; the deadline is 2 s here";
    const auto bundle = parse(response.body);
    EXPECT_EQ(bundle->getValue<int>("total"), 2) << "the good vendor's two slots";
    const auto outcomes = withMode(entries(bundle), "outcome");
    ASSERT_EQ(outcomes.size(), 1u) << response.body;
    std::map<std::string, std::string> statusOf; // vendor → status, from "booking vendor 'x' … (status)"
    auto issues = outcomes[0].resource->getArray("issue");
    for (std::size_t i = 0; i < issues->size(); ++i)
    {
        EXPECT_EQ(issues->getObject(i)->getValue<std::string>("severity"), "warning");
        const std::string text = issues->getObject(i)->getValue<std::string>("diagnostics");
        EXPECT_NE(text.find("did not answer; its slots are missing"), std::string::npos) << text;
        const auto quote = text.find('\'');
        const auto paren = text.rfind('(');
        statusOf[text.substr(quote + 1, text.find('\'', quote + 1) - quote - 1)] =
            text.substr(paren + 1, text.size() - paren - 2);
    }
    ASSERT_EQ(statusOf.size(), 2u) << response.body;
    EXPECT_EQ(statusOf["slow"], "timeout");
    EXPECT_EQ(statusOf["broken"], "error");
}

TEST_F(VendorSearchTest, AVendorsFhirSlotSearchDoesNotFanOut)
{
    const std::size_t askedBefore = good->requests().size();
    auto response = call("vendor-demo", "GET", fhirSlotSearch({"810100050075"}));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(parse(response.body)->getValue<int>("total"), 0) << "a vendor sees only the slots it wrote";
    EXPECT_EQ(good->requests().size(), askedBefore) << "no vendor was asked";
}
