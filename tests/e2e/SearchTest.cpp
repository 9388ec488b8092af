// FHIR search against the real binary: the IG's three searches (INT_R01, INT_R04, SOS) with the query strings of
// sas-ig.md §1.2–1.4 over the IG's example resources (the demo data every test gateway loads), plus a data set
// loaded through a transaction Bundle for paging; limits, handling, empty results, XML, self links, metadata.
#include "fhir/search/decodeQueryString.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using JsonObject = Poco::JSON::Object::Ptr;

namespace
{

const std::string RPPS = "urn:oid:1.2.250.1.71.4.2.1%7C";
const std::string SIRET = "urn:oid:1.2.250.1.71.4.2.2%7C";

/// sas-ig.md §1.2: the request as the SAS sends it (self link of ExampleBundlePSIndiv), on the demo data.
const std::string INT_R01 = "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free"
                            "&start=ge2021-11-04T14:19:35.760%2B00:00&start=le2021-11-06T23:59:59.999%2B00:00"
                            "&schedule.actor:Practitioner.identifier=" +
                            RPPS + "810002673899," + RPPS + "810100050075&_count=1000";
/// sas-ig.md §1.3: the IG page's INT_R04 example.
const std::string INT_R04 =
    "_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference"
    "&_include:iterate=HealthcareService:organization&start=ge2024-06-12T16:20:00.000%2B02:00"
    "&start=le2024-06-15T16:20:00.000%2B02:00&schedule.actor:Practitioner.identifier=" +
    RPPS + "810002909371," + RPPS + "810001288385&status=free";
/// sas-ig.md §1.4: the self link of the SOS example Bundle.
const std::string SOS = "_revinclude=Slot:schedule&_include=Schedule:actor:Location"
                        "&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00%2B02:00"
                        "&_has:Slot:schedule:start=le2023-08-20T08:00:00%2B02:00&_has:Slot:schedule:status=free"
                        "&actor:Location.organization.identifier=" +
                        SIRET + "334173748400020," + SIRET + "392080466300010&_count=1000";

class SearchTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        gateway = new GatewayProcess();
        gateway->start();
        loadDataSet();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        gateway = nullptr;
    }

    static HttpResponse get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {},
                            const std::string& certificate = "lrm-demo")
    {
        return HttpsClient(gateway->port(), ClientTls{certificate, false}).get(target, headers);
    }
    static JsonObject json(const std::string& body)
    {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<JsonObject>();
    }
    /// A search that must succeed, as JSON.
    static JsonObject search(const std::string& type, const std::string& query)
    {
        auto response = get("/fhir/" + type + "?" + query);
        EXPECT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.header("content-type").rfind("application/fhir+json", 0), 0u);
        return json(response.body);
    }

    /// "Type/id" of the entries with that search mode, in order.
    static std::vector<std::string> entries(const JsonObject& bundle, const std::string& mode)
    {
        std::vector<std::string> out;
        auto list = bundle->getArray("entry");
        for (unsigned i = 0; list && i < list->size(); ++i)
        {
            auto entry = list->getObject(i);
            if (entry->getObject("search")->getValue<std::string>("mode") != mode)
                continue;
            auto resource = entry->getObject("resource");
            out.push_back(resource->getValue<std::string>("resourceType") + "/" +
                          resource->getValue<std::string>("id"));
        }
        return out;
    }

    static std::string link(const JsonObject& bundle, const std::string& relation)
    {
        auto links = bundle->getArray("link");
        for (unsigned i = 0; links && i < links->size(); ++i)
            if (links->getObject(i)->getValue<std::string>("relation") == relation)
                return links->getObject(i)->getValue<std::string>("url");
        return {};
    }

    /// Every entry has fullUrl base/Type/id, every resource a meta.profile, and no resource appears twice.
    static void expectIgEntryShape(const JsonObject& bundle)
    {
        const std::string self = link(bundle, "self");
        const std::string base = self.substr(0, self.find("/fhir/") + 5);
        std::set<std::string> seen;
        auto list = bundle->getArray("entry");
        ASSERT_TRUE(list);
        for (unsigned i = 0; i < list->size(); ++i)
        {
            auto entry = list->getObject(i);
            auto resource = entry->getObject("resource");
            const std::string key =
                resource->getValue<std::string>("resourceType") + "/" + resource->getValue<std::string>("id");
            EXPECT_EQ(entry->getValue<std::string>("fullUrl"), base + "/" + key);
            EXPECT_TRUE(seen.insert(key).second) << key << " appears twice";
            auto meta = resource->getObject("meta");
            ASSERT_TRUE(meta) << key;
            EXPECT_EQ(meta->getArray("profile")->size(), 1u) << key;
        }
    }

    static void loadDataSet();

    static GatewayProcess* gateway;
};

GatewayProcess* SearchTest::gateway = nullptr;

/// A practitioner at one place with three free slots on 2030-01-15, shaped like the IG's examples.
void SearchTest::loadDataSet()
{
    auto slot = [](const std::string& uuid, const std::string& time)
    {
        return R"({"fullUrl":"urn:uuid:5e4c0000-0000-4000-8000-0000000000)" + uuid +
               R"(","resource":{"resourceType":"Slot","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"],)"
               R"("security":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau","code":"PUBLIC"}]},)"
               R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]}],)"
               R"("appointmentType":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0276","code":"ROUTINE"}]},)"
               R"("schedule":{"reference":"urn:uuid:5e4c0000-0000-4000-8000-000000000003"},"status":"free",)"
               R"("start":"2030-01-15T)" +
               time + R"(:00.000+01:00","end":"2030-01-15T)" + time.substr(0, 3) + "30" +
               R"(:00.000+01:00","comment":"https://exemple.com/rdv/com/"},"request":{"method":"POST","url":"Slot"}})";
    };
    const std::string body =
        R"({"resourceType":"Bundle","type":"transaction","entry":[)"
        R"({"fullUrl":"urn:uuid:5e4c0000-0000-4000-8000-000000000001","resource":{"resourceType":"Practitioner",)"
        R"("meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur"]},)"
        R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},)"
        R"("system":"urn:oid:1.2.250.1.71.4.2.1","value":"810000009991"}],"name":[{"family":"Lefebvre","given":["Anne"]}]},)"
        R"("request":{"method":"POST","url":"Practitioner"}},)"
        R"({"fullUrl":"urn:uuid:5e4c0000-0000-4000-8000-000000000002","resource":{"resourceType":"PractitionerRole",)"
        R"("meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur"]},)"
        R"("contained":[{"resourceType":"Location","id":"place","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur"]},)"
        R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type","code":"INTRN"}]},)"
        R"("system":"https://editeur.com","value":"place-1"}],"address":{"line":["1 rue de la Paix"],"city":"Rennes","postalCode":"35000"}}],)"
        R"("practitioner":{"reference":"urn:uuid:5e4c0000-0000-4000-8000-000000000001"},"location":[{"reference":"#place"}]},)"
        R"("request":{"method":"POST","url":"PractitionerRole"}},)"
        R"({"fullUrl":"urn:uuid:5e4c0000-0000-4000-8000-000000000003","resource":{"resourceType":"Schedule",)"
        R"("meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur"]},)"
        R"("actor":[{"reference":"urn:uuid:5e4c0000-0000-4000-8000-000000000001"},{"reference":"urn:uuid:5e4c0000-0000-4000-8000-000000000002"}]},)"
        R"("request":{"method":"POST","url":"Schedule"}},)" +
        slot("11", "09:00") + "," + slot("12", "10:00") + "," + slot("13", "11:00") + "]}";
    auto response = HttpsClient(gateway->port(), ClientTls{"admin", false})
                        .send(HttpRequest{"POST", "/fhir", {}, body, "application/fhir+json"});
    ASSERT_EQ(response.status, 200) << response.body;
}

std::string text(const Poco::JSON::Array::Ptr& array)
{
    std::ostringstream out;
    if (array)
        array->stringify(out);
    return out.str();
}

} // namespace

TEST_F(SearchTest, IntR01AnswersInTheIgShape)
{
    auto bundle = search("Slot", INT_R01);
    EXPECT_EQ(bundle->getValue<std::string>("type"), "searchset");
    EXPECT_EQ(bundle->getValue<int>("total"), 4);
    EXPECT_EQ(bundle->getObject("meta")->getArray("profile")->getElement<std::string>(0),
              "http://sas.fr/fhir/StructureDefinition/BundleAgregateur");
    ASSERT_EQ(bundle->getArray("link")->size(), 1u);
    const std::string self = link(bundle, "self");
    EXPECT_EQ(self.substr(self.find("/fhir/Slot?") + 11), INT_R01);
    EXPECT_EQ(entries(bundle, "match"),
              (std::vector<std::string>{"Slot/ExampleSlotPSIndiv1", "Slot/ExampleSlotPSIndiv2",
                                        "Slot/ExampleSlotPSIndiv3", "Slot/ExampleSlotPSIndiv4"}));
    EXPECT_EQ(
        entries(bundle, "include"),
        (std::vector<std::string>{"Schedule/ExampleSchedule1", "Schedule/ExampleSchedule2", "Schedule/ExampleSchedule3",
                                  "Practitioner/ExamplePractitioner2", "Practitioner/ExamplePractitioner3",
                                  "PractitionerRole/ExamplePractitionerRoleAgregateur2",
                                  "PractitionerRole/ExamplePractitionerRoleAgregateur3",
                                  "PractitionerRole/ExamplePractitionerRoleAgregateur4"}));
    expectIgEntryShape(bundle);
    // Slots keep their stored start: milliseconds and a numeric offset.
    auto first = bundle->getArray("entry")->getObject(0)->getObject("resource");
    EXPECT_EQ(first->getValue<std::string>("start"), "2021-11-05T09:00:00.000+00:00");
}

TEST_F(SearchTest, IntR04AddsTheCptsServicesAndOrganizations)
{
    auto bundle = search("Slot", INT_R04);
    EXPECT_EQ(bundle->getValue<int>("total"), 2);
    EXPECT_EQ(bundle->getObject("meta")->getArray("profile")->getElement<std::string>(0),
              "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-bundle-aggregator");
    EXPECT_EQ(entries(bundle, "match"), (std::vector<std::string>{"Slot/ExampleSlotCPTS1", "Slot/ExampleSlotCPTS2"}));
    EXPECT_EQ(entries(bundle, "include"),
              (std::vector<std::string>{
                  "HealthcareService/ExampleHealthcareServiceCPTS1", "HealthcareService/ExampleHealthcareServiceCPTS2",
                  "Schedule/ExampleSchedule", "Organization/ExampleOrgaCPTS1", "Organization/ExampleOrgaCPTS2",
                  "Practitioner/ExamplePractitioner", "PractitionerRole/ExamplePractitionerRoleAgregateur"}));
    expectIgEntryShape(bundle);
}

TEST_F(SearchTest, SosReturnsSchedulesWithTheirFreeSlotsLocationsAndOrganizations)
{
    auto bundle = search("Schedule", SOS);
    EXPECT_EQ(bundle->getValue<int>("total"), 3);
    EXPECT_EQ(bundle->getObject("meta")->getArray("profile")->getElement<std::string>(0),
              "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-bundle-aggregator");
    EXPECT_EQ(entries(bundle, "match"),
              (std::vector<std::string>{"Schedule/ExampleScheduleSOS1", "Schedule/ExampleScheduleSOS2",
                                        "Schedule/ExampleScheduleSOS3"}));
    EXPECT_EQ(entries(bundle, "include"),
              (std::vector<std::string>{"Location/1111111111", "Location/2222222222", "Location/3333333333",
                                        "Slot/ExampleSlotSOS1", "Slot/ExampleSlotSOS2", "Slot/ExampleSlotSOS3",
                                        "Slot/ExampleSlotSOS4", "Organization/ExampleOrgaSOS1",
                                        "Organization/ExampleOrgaSOS2"}));
    expectIgEntryShape(bundle);
    const std::string self = link(bundle, "self");
    EXPECT_EQ(self.substr(self.find("/fhir/Schedule?") + 15), SOS);
}

TEST_F(SearchTest, SelfLinkCarriesTheRequestsDecodedParameters)
{
    const std::string query = "status=free&start=ge2021-11-04T14:19:35.760+00:00&_id=ExampleSlotPSIndiv1,x&_count=5";
    auto bundle = search("Slot", query);
    const std::string self = link(bundle, "self");
    EXPECT_EQ(sas::fhir::search::decodeQueryString(self.substr(self.find('?') + 1)),
              sas::fhir::search::decodeQueryString(query));
    EXPECT_EQ(bundle->getValue<int>("total"), 1);
}

TEST_F(SearchTest, IdentifierListsAreLimitedAsTheIgSays)
{
    std::string identifiers;
    for (int i = 0; i < 26; ++i)
        identifiers += (i ? "," : "") + RPPS + "8100000100" + (i < 10 ? "0" : "") + std::to_string(i);
    auto tooMany = get("/fhir/Slot?status=free&schedule.actor:Practitioner.identifier=" + identifiers);
    EXPECT_EQ(tooMany.status, 400) << tooMany.body;
    auto outcome = json(tooMany.body);
    EXPECT_EQ(outcome->getValue<std::string>("resourceType"), "OperationOutcome");
    EXPECT_NE(tooMany.body.find("schedule.actor:Practitioner.identifier"), std::string::npos) << tooMany.body;
    EXPECT_NE(tooMany.body.find("At most 25"), std::string::npos) << tooMany.body;

    const std::string twentyFive = identifiers.substr(0, identifiers.rfind(','));
    EXPECT_EQ(get("/fhir/Slot?status=free&schedule.actor:Practitioner.identifier=" + twentyFive).status, 200);

    std::string sirets;
    for (int i = 0; i < 11; ++i)
        sirets += (i ? "," : "") + SIRET + "3341737484000" + (i < 10 ? "0" : "") + std::to_string(i);
    auto tooManySirets = get("/fhir/Schedule?actor:Location.organization.identifier=" + sirets);
    EXPECT_EQ(tooManySirets.status, 400) << tooManySirets.body;
}

TEST_F(SearchTest, UnknownParametersFollowPreferHandling)
{
    auto strict = get("/fhir/Slot?status=free&colour=blue");
    EXPECT_EQ(strict.status, 400) << strict.body;
    auto outcome = json(strict.body);
    EXPECT_EQ(outcome->getArray("issue")->getObject(0)->getArray("expression")->getElement<std::string>(0), "colour");

    auto lenient = get("/fhir/Slot?_id=ExampleSlotPSIndiv1&colour=blue", {{"Prefer", "handling=lenient"}});
    ASSERT_EQ(lenient.status, 200) << lenient.body;
    auto bundle = json(lenient.body);
    EXPECT_EQ(bundle->getValue<int>("total"), 1);
    auto first = bundle->getArray("entry")->getObject(0);
    EXPECT_EQ(first->getObject("search")->getValue<std::string>("mode"), "outcome");
    auto issue = first->getObject("resource")->getArray("issue")->getObject(0);
    EXPECT_EQ(issue->getValue<std::string>("severity"), "warning");
    EXPECT_EQ(issue->getArray("expression")->getElement<std::string>(0), "colour");
    EXPECT_EQ(entries(bundle, "match"), std::vector<std::string>{"Slot/ExampleSlotPSIndiv1"});
}

TEST_F(SearchTest, NoMatchIsTotalZeroWithTheSelfLinkAndNoEntry)
{
    auto bundle = search("Slot", "schedule.actor:Practitioner.identifier=" + RPPS + "899999999999&status=free");
    EXPECT_EQ(bundle->getValue<int>("total"), 0);
    EXPECT_EQ(bundle->getArray("link")->size(), 1u);
    EXPECT_FALSE(link(bundle, "self").empty());
    EXPECT_FALSE(bundle->has("entry"));
}

TEST_F(SearchTest, XmlOutputParses)
{
    auto response = get("/fhir/Slot?" + INT_R01 + "&_format=xml");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.header("content-type").find("xml"), std::string::npos);
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(response.body);
    EXPECT_EQ(document->documentElement()->localName(), "Bundle");
    Poco::AutoPtr<Poco::XML::NodeList> totals = document->getElementsByTagName("total");
    ASSERT_EQ(totals->length(), 1u);
    EXPECT_EQ(static_cast<Poco::XML::Element*>(totals->item(0))->getAttribute("value"), "4");
    Poco::AutoPtr<Poco::XML::NodeList> slots = document->getElementsByTagName("Slot");
    EXPECT_EQ(slots->length(), 4u);
}

TEST_F(SearchTest, PagesLinkToEachOther)
{
    const std::string query = "schedule.actor:Practitioner.identifier=" + RPPS + "810000009991&_sort=-start&_count=2";
    auto first = search("Slot", query);
    EXPECT_EQ(first->getValue<int>("total"), 3);
    EXPECT_EQ(first->getArray("entry")->size(), 2u);
    EXPECT_TRUE(link(first, "previous").empty());
    const std::string next = link(first, "next");
    ASSERT_FALSE(next.empty());
    auto second = json(get(next.substr(next.find("/fhir/"))).body);
    EXPECT_EQ(second->getValue<int>("total"), 3);
    ASSERT_EQ(second->getArray("entry")->size(), 1u);
    EXPECT_EQ(second->getArray("entry")->getObject(0)->getObject("resource")->getValue<std::string>("start"),
              "2030-01-15T09:00:00.000+01:00");
    EXPECT_TRUE(link(second, "next").empty());
    EXPECT_NE(link(second, "previous").find("_offset=0"), std::string::npos);
}

TEST_F(SearchTest, PostSearchTakesAFormForEveryReader)
{
    auto response = HttpsClient(gateway->port(), ClientTls{"lrm-demo", false})
                        .send(HttpRequest{"POST",
                                          "/fhir/Slot/_search",
                                          {},
                                          "_id=ExampleSlotPSIndiv1&status=free",
                                          "application/x-www-form-urlencoded"});
    ASSERT_EQ(response.status, 200) << response.body;
    auto bundle = json(response.body);
    EXPECT_EQ(bundle->getValue<int>("total"), 1);
    EXPECT_NE(link(bundle, "self").find("/fhir/Slot?_id=ExampleSlotPSIndiv1&status=free"), std::string::npos);
}

TEST_F(SearchTest, SummaryCountAndElements)
{
    auto count = search("Slot", "status=free&_summary=count");
    EXPECT_GE(count->getValue<int>("total"), 13);
    EXPECT_FALSE(count->has("entry"));

    auto subset = search("Slot", "_id=ExampleSlotPSIndiv1&_elements=start");
    auto slot = subset->getArray("entry")->getObject(0)->getObject("resource");
    EXPECT_TRUE(slot->has("start"));
    EXPECT_TRUE(slot->has("schedule")); // required by Slot
    EXPECT_FALSE(slot->has("comment"));
    EXPECT_EQ(slot->getObject("meta")->getArray("tag")->getObject(0)->getValue<std::string>("code"), "SUBSETTED");
}

TEST_F(SearchTest, SummaryTrueKeepsTheSummaryElementsAndTotalNoneHidesTheCount)
{
    auto summary = search("Slot", "_id=ExampleSlotPSIndiv1&_summary=true");
    auto slot = summary->getArray("entry")->getObject(0)->getObject("resource");
    EXPECT_TRUE(slot->has("start"));
    EXPECT_TRUE(slot->has("status"));
    EXPECT_TRUE(slot->has("schedule"));
    EXPECT_FALSE(slot->has("comment")); // not a summary element of Slot
    EXPECT_EQ(slot->getObject("meta")->getArray("tag")->getObject(0)->getValue<std::string>("code"), "SUBSETTED");

    auto practitioner = search("Practitioner", "_id=ExamplePractitioner2&_summary=true")
                            ->getArray("entry")
                            ->getObject(0)
                            ->getObject("resource");
    EXPECT_TRUE(practitioner->has("identifier"));
    EXPECT_TRUE(practitioner->has("name"));

    auto noTotal = search("Slot", "_id=ExampleSlotPSIndiv1&_total=none");
    EXPECT_FALSE(noTotal->has("total"));
    EXPECT_EQ(noTotal->getArray("entry")->size(), 1u);
    EXPECT_EQ(search("Slot", "_id=ExampleSlotPSIndiv1&_total=accurate")->getValue<int>("total"), 1);
}

TEST_F(SearchTest, IgSearchesNeedBothWindowBoundsAndTheirIdentifierList)
{
    const std::string includes = "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free";
    const std::string identifiers = "&schedule.actor:Practitioner.identifier=" + RPPS + "810002673899";
    auto expectRefused = [](const HttpResponse& response, const std::string& expression)
    {
        EXPECT_EQ(response.status, 400) << response.body;
        EXPECT_NE(response.body.find("\"expression\":[\"" + expression + "\"]"), std::string::npos) << response.body;
    };
    expectRefused(get("/fhir/Slot?" + includes + "&start=le2021-11-06T23:59:59%2B00:00" + identifiers), "start");
    expectRefused(get("/fhir/Slot?" + includes + "&start=ge2021-11-04T00:00:00%2B00:00" + identifiers), "start");
    expectRefused(get("/fhir/Slot?" + includes + "&start=ge2021-11-04T00:00:00%2B00:00&start=le2021-11-06"),
                  "schedule.actor:Practitioner.identifier");
    expectRefused(get("/fhir/Schedule?_revinclude=Slot:schedule&_has:Slot:schedule:start=le2023-08-20"
                      "&actor:Location.organization.identifier=" +
                      SIRET + "334173748400020"),
                  "_has:Slot:schedule:start");
    // The same criteria without the IG's includes are an ordinary search.
    EXPECT_EQ(get("/fhir/Slot?status=free&start=le2021-11-06" + identifiers).status, 200);
}

TEST_F(SearchTest, SlotTimesAreStoredWithMillisecondsAndANumericOffset)
{
    auto post = [](const std::string& start, const std::string& end)
    {
        const std::string body =
            R"({"resourceType":"Slot","meta":{"profile":["http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"],)"
            R"("security":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau","code":"PUBLIC"}]},)"
            R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]}],)"
            R"("schedule":{"reference":"Schedule/ExampleSchedule1"},"status":"free",)"
            R"("start":")" +
            start + R"(","end":")" + end + R"("})";
        auto response = HttpsClient(gateway->port(), ClientTls{"admin", false})
                            .send(HttpRequest{"POST", "/fhir/Slot", {{"Prefer", "return=representation"}}, body,
                                              "application/fhir+json"});
        EXPECT_EQ(response.status, 201) << response.body;
        return json(response.body);
    };
    // UTC becomes the Paris offset of that instant (summer, then winter), milliseconds added.
    auto summer = post("2030-07-01T08:00:00Z", "2030-07-01T08:20:00.5Z");
    EXPECT_EQ(summer->getValue<std::string>("start"), "2030-07-01T10:00:00.000+02:00");
    EXPECT_EQ(summer->getValue<std::string>("end"), "2030-07-01T10:20:00.500+02:00");
    auto winter = post("2030-12-31T23:30:00Z", "2030-12-31T23:50:00Z");
    EXPECT_EQ(winter->getValue<std::string>("start"), "2031-01-01T00:30:00.000+01:00");
    // A numeric offset (an overseas place) is kept.
    auto reunion = post("2030-07-01T09:00:00+04:00", "2030-07-01T09:20:00.000+04:00");
    EXPECT_EQ(reunion->getValue<std::string>("start"), "2030-07-01T09:00:00.000+04:00");
    // What a read returns is what was stored.
    auto read = json(get("/fhir/Slot/" + summer->getValue<std::string>("id")).body);
    EXPECT_EQ(read->getValue<std::string>("start"), "2030-07-01T10:00:00.000+02:00");
}

TEST_F(SearchTest, CapabilityStatementListsSearch)
{
    auto statement = json(get("/fhir/metadata").body);
    auto resources = statement->getArray("rest")->getObject(0)->getArray("resource");
    int slots = 0;
    for (unsigned i = 0; i < resources->size(); ++i)
    {
        auto resource = resources->getObject(i);
        if (resource->getValue<std::string>("type") != "Slot")
            continue;
        ++slots;
        EXPECT_NE(text(resource->getArray("interaction")).find("search-type"), std::string::npos);
        const std::string parameters = text(resource->getArray("searchParam"));
        EXPECT_NE(parameters.find("https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start"),
                  std::string::npos);
        EXPECT_NE(parameters.find("service-type-reference"), std::string::npos);
        EXPECT_NE(text(resource->getArray("searchInclude")).find("Slot:schedule"), std::string::npos);
    }
    EXPECT_EQ(slots, 1);
}
