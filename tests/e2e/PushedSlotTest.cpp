// Pushed vendor slots (issue 4 point 3, issue 5): Slots a booking vendor writes through the FHIR façade — a
// transaction Bundle, PUT, DELETE — become vendor slots of the regulator search for the directory place their
// Schedule's practitioner (national identifier) names, against the real binary over mutual TLS; moved out of the
// window or deleted, they leave the search; another vendor can neither change nor delete them (403).
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

using sas::test::ClientTls;
using sas::test::GatewayOptions;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using JsonObject = Poco::JSON::Object::Ptr;
using namespace std::chrono_literals;

namespace
{

constexpr const char* PRACTITIONER_ID = "810001112223";

JsonObject parse(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<JsonObject>();
}

/// A FHIR instant `offset` from now, whole minutes, UTC.
std::string instantIn(std::chrono::minutes offset)
{
    const auto at = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now() + offset);
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{at - day};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:00.000+00:00", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(time.hours().count()), int(time.minutes().count()));
    return buffer;
}

std::string slotBody(const std::string& id, const std::string& schedule, std::chrono::minutes from)
{
    return std::string(R"({"resourceType":"Slot",)") + (id.empty() ? "" : R"("id":")" + id + R"(",)") +
           R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"VR"}]}],)"
           R"("schedule":{"reference":")" + schedule + R"("},"status":"free","start":")" + instantIn(from) +
           R"(","end":")" + instantIn(from + 20min) + R"(","comment":"https://rdv.vendor.example/book?slot=42"})";
}

class PushedSlotTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        // A second booking vendor: the dev PKI's "stranger" certificate, known here as the vendor other-vendor.
        gateway = new GatewayProcess(GatewayOptions{
            {"auth.identities=vendor-demo, lrm-demo, admin, practitioner-demo, structure-demo, other-vendor",
             "auth.identity.other-vendor.kind=vendor", "auth.identity.other-vendor.cn=stranger",
             "auth.identity.other-vendor.ou=unknown"},
            ""});
        gateway->start();
        put("admin", "/sas/api/directory/practitioners/" + std::string(PRACTITIONER_ID),
            R"({"idKind":"rpps","nationalId":")" + std::string(PRACTITIONER_ID).substr(1) +
                R"(","familyName":"Pousse","givenName":"Dr","specialties":["SM54"],
                "settings":{"participates":true,"via":1,"hasSoftware":true}})",
            200);
        // Two places: without a Location naming a postcode, the smallest place id takes the practitioner's slots.
        for (const auto& [id, lat] : {std::pair<std::string, double>{"pp-push-a", 48.861}, {"pp-push-b", 48.862}})
            put("admin", "/sas/api/directory/places/" + id,
                R"({"practitionerId":")" + std::string(PRACTITIONER_ID) + R"(","address":"rue de Rivoli",
                    "inseeCode":"75101","postcode":"75001","latitude":)" + std::to_string(lat) +
                    R"(,"longitude":2.34,"timeZone":"Europe/Paris"})",
                200);
    }
    static void TearDownTestSuite() { delete gateway; }

    static HttpResponse call(const std::string& who, const std::string& method, const std::string& target,
                             const std::string& body = {}, const std::string& contentType = "application/fhir+json")
    {
        HttpsClient client(gateway->port(), ClientTls{who});
        HttpRequest request;
        request.method = method;
        request.target = target;
        request.body = body;
        if (!body.empty())
            request.contentType = contentType;
        return client.send(request);
    }

    static void put(const std::string& who, const std::string& target, const std::string& body, int status)
    {
        auto response = call(who, "PUT", target, body, target.rfind("/fhir/", 0) == 0 ? "application/fhir+json"
                                                                                       : "application/json");
        ASSERT_EQ(response.status, status) << target << ": " << response.body;
    }

    /// The vendor slots of a place's card in a regulator search around it (none when it has no card).
    static Poco::JSON::Array::Ptr searchedSlots(const std::string& placeId)
    {
        auto response = call("lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=75101&lat=48.86&lon=2.34");
        EXPECT_EQ(response.status, 200) << response.body;
        auto cards = parse(response.body)->getArray("cards");
        for (std::size_t i = 0; i < cards->size(); ++i)
            if (cards->getObject(i)->getValue<std::string>("placeId") == placeId)
                return cards->getObject(i)->getArray("slots");
        return new Poco::JSON::Array;
    }

    /// A practitioner on the agenda SAS only (vendor slots refused) with one place in Paris 1er.
    static void agendaPractitioner(const std::string& rpps, const std::string& family, const std::string& given,
                                   const std::string& placeId, double latitude)
    {
        put("admin", "/sas/api/directory/practitioners/" + rpps,
            R"({"idKind":"rpps","nationalId":")" + rpps.substr(1) + R"(","familyName":")" + family +
                R"(","givenName":")" + given + R"(","specialties":["SM54"],
                "settings":{"participates":true,"via":1,"hasSoftware":true,"editorDisabled":true,"hoursDeclared":true}})",
            200);
        put("admin", "/sas/api/directory/places/" + placeId,
            R"({"practitionerId":")" + rpps + R"(","address":"rue de Rivoli","inseeCode":"75101","postcode":"75001",
                "latitude":)" + std::to_string(latitude) + R"(,"longitude":2.34,"timeZone":"Europe/Paris"})",
            200);
    }

    /// The id of the (first) rule an agenda POST created.
    static std::int64_t ruleIdOf(const HttpResponse& created)
    {
        const auto rule = parse(created.body);
        const auto rules = rule->has("rules") ? rule->getArray("rules") : nullptr;
        return rules ? rules->getObject(0)->getValue<std::int64_t>("id") : rule->getValue<std::int64_t>("id");
    }

    /// INT_R01 as the SAS sends it (sas-ig.md §1.2), by a practitioner's prefixed RPPS, over the next four days.
    static std::string int01Search(const std::string& rpps)
    {
        return "/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&status=free&start=ge" +
               instantIn(0min).substr(0, 10) + "&start=le" + instantIn(96h).substr(0, 10) +
               "&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C" + rpps + "&_count=1000";
    }

    static GatewayProcess* gateway;
};

GatewayProcess* PushedSlotTest::gateway = nullptr;

} // namespace

TEST_F(PushedSlotTest, APushedFreeSlotIsSearchedUntilMovedOutOrDeletedAndOnlyItsVendorChangesIt)
{
    // The vendor's usual push: Practitioner, Schedule and Slot in one transaction, linked by urn:uuid.
    const std::string bundle =
        R"({"resourceType":"Bundle","type":"transaction","entry":[)"
        R"({"fullUrl":"urn:uuid:6b1a0c1e-0000-4000-8000-000000000001","resource":{"resourceType":"Practitioner",)"
        R"("identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},)"
        R"("system":"urn:oid:1.2.250.1.71.4.2.1","value":")" + std::string(PRACTITIONER_ID) +
        R"("}],"name":[{"family":"Pousse"}]},"request":{"method":"POST","url":"Practitioner"}},)"
        R"({"fullUrl":"urn:uuid:6b1a0c1e-0000-4000-8000-000000000002","resource":{"resourceType":"Schedule",)"
        R"("actor":[{"reference":"urn:uuid:6b1a0c1e-0000-4000-8000-000000000001"}]},"request":{"method":"POST","url":"Schedule"}},)"
        R"({"fullUrl":"urn:uuid:6b1a0c1e-0000-4000-8000-000000000003","resource":)" +
        slotBody("", "urn:uuid:6b1a0c1e-0000-4000-8000-000000000002", 120min) +
        R"(,"request":{"method":"POST","url":"Slot"}}]})";
    auto pushed = call("vendor-demo", "POST", "/fhir", bundle);
    ASSERT_EQ(pushed.status, 200) << pushed.body;
    const auto entries = parse(pushed.body)->getArray("entry");
    ASSERT_EQ(entries->size(), 3u);
    const std::string location = entries->getObject(2)->getObject("response")->getValue<std::string>("location");
    const std::string slotId = location.substr(location.find("Slot/") + 5, location.find("/_history") - location.find("Slot/") - 5);
    const std::string scheduleLocation = entries->getObject(1)->getObject("response")->getValue<std::string>("location");
    const std::string schedule = scheduleLocation.substr(scheduleLocation.find("Schedule/"),
                                                         scheduleLocation.find("/_history") - scheduleLocation.find("Schedule/"));

    auto slots = searchedSlots("pp-push-a");
    ASSERT_EQ(slots->size(), 1u) << "the pushed slot is offered at the practitioner's first place";
    auto slot = slots->getObject(0);
    EXPECT_EQ(slot->getValue<std::string>("source"), "vendor");
    EXPECT_EQ(slot->getValue<std::string>("vendor"), "vendor-demo");
    EXPECT_EQ(slot->getValue<std::string>("vendorSlotId"), slotId);
    EXPECT_EQ(slot->getValue<std::string>("bookingLink"), "https://rdv.vendor.example/book?slot=42&origin=sas");
    EXPECT_EQ(slot->getArray("modalities")->getElement<std::string>(0), "VR");
    EXPECT_EQ(searchedSlots("pp-push-b")->size(), 0u) << "one place per slot";

    // Another vendor can neither change nor delete it, and it stays.
    put("stranger", "/fhir/Slot/" + slotId, slotBody(slotId, schedule, 60min), 403);
    EXPECT_EQ(call("stranger", "DELETE", "/fhir/Slot/" + slotId).status, 403);
    EXPECT_EQ(searchedSlots("pp-push-a")->size(), 1u);

    // FrSlotAgregateur fixes Slot.status to free: a vendor cannot store a busy Slot (422, nothing changes).
    std::string busy = slotBody(slotId, schedule, 120min);
    busy.replace(busy.find(R"("status":"free")"), 15, R"("status":"busy")");
    put("vendor-demo", "/fhir/Slot/" + slotId, busy, 422);
    EXPECT_EQ(searchedSlots("pp-push-a")->size(), 1u);

    // Moved beyond the window (end of day J+2): gone from the search; moved back: there again.
    put("vendor-demo", "/fhir/Slot/" + slotId, slotBody(slotId, schedule, 5 * 24 * 60min), 200);
    EXPECT_EQ(searchedSlots("pp-push-a")->size(), 0u);
    put("vendor-demo", "/fhir/Slot/" + slotId, slotBody(slotId, schedule, 180min), 200);
    ASSERT_EQ(searchedSlots("pp-push-a")->size(), 1u);

    // Deleted (the vendor's way of saying taken): gone.
    EXPECT_EQ(call("vendor-demo", "DELETE", "/fhir/Slot/" + slotId).status, 204);
    EXPECT_EQ(searchedSlots("pp-push-a")->size(), 0u);
}

TEST_F(PushedSlotTest, ASlotPushedBeforeItsScheduleNamesThePractitionerIsAttributedWhenItDoes)
{
    // A Schedule naming nobody the directory knows: its Slot is stored but offered nowhere.
    put("vendor-demo", "/fhir/Schedule/push-late", R"({"resourceType":"Schedule","id":"push-late","actor":[{"display":"inconnu"}]})", 201);
    put("vendor-demo", "/fhir/Slot/push-late-1", slotBody("push-late-1", "Schedule/push-late", 90min), 201);
    EXPECT_EQ(searchedSlots("pp-push-a")->size(), 0u);
    // The Schedule now names the practitioner (by a Practitioner carrying their RPPS): the Slot follows.
    put("vendor-demo", "/fhir/Practitioner/push-late-pr",
        R"({"resourceType":"Practitioner","id":"push-late-pr","identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},"system":"urn:oid:1.2.250.1.71.4.2.1","value":")" +
            std::string(PRACTITIONER_ID) + R"("}],"name":[{"family":"Pousse"}]})",
        201);
    put("vendor-demo", "/fhir/Schedule/push-late",
        R"({"resourceType":"Schedule","id":"push-late","actor":[{"reference":"Practitioner/push-late-pr"}]})", 200);
    auto slots = searchedSlots("pp-push-a");
    ASSERT_EQ(slots->size(), 1u);
    EXPECT_EQ(slots->getObject(0)->getValue<std::string>("vendorSlotId"), "push-late-1");
    EXPECT_EQ(call("vendor-demo", "DELETE", "/fhir/Slot/push-late-1").status, 204);
}

TEST_F(PushedSlotTest, PushedSlotsFollowTheDirectoryWhenPlacesAreCreatedLater)
{
    // A vendor pushes the Slot of a practitioner the directory does not know yet: stored, offered nowhere.
    const std::string rpps = "810001112299";
    put("vendor-demo", "/fhir/Practitioner/follow-pr",
        R"({"resourceType":"Practitioner","id":"follow-pr","identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"IDNPS"}]},"system":"urn:oid:1.2.250.1.71.4.2.1","value":")" +
            rpps + R"("}],"name":[{"family":"Suivi"}]})",
        201);
    put("vendor-demo", "/fhir/Schedule/follow",
        R"({"resourceType":"Schedule","id":"follow","actor":[{"reference":"Practitioner/follow-pr"}]})", 201);
    put("vendor-demo", "/fhir/Slot/follow-1", slotBody("follow-1", "Schedule/follow", 100min), 201);
    put("admin", "/sas/api/directory/practitioners/" + rpps,
        R"({"idKind":"rpps","nationalId":")" + rpps.substr(1) +
            R"(","familyName":"Suivi","givenName":"Dr","specialties":["SM54"],
            "settings":{"participates":true,"via":1,"hasSoftware":true}})",
        200);
    auto place = [&rpps](const std::string& id) {
        put("admin", "/sas/api/directory/places/" + id,
            R"({"practitionerId":")" + rpps + R"(","address":"rue de Rivoli","inseeCode":"75101","postcode":"75001",
                "latitude":48.863,"longitude":2.341,"timeZone":"Europe/Paris"})",
            200);
    };
    // Another node's index, or this one's for a place the write did not name, follows through NOTIFY: wait for it.
    auto slotsOf = [](const std::string& placeId, std::size_t expected) {
        auto slots = searchedSlots(placeId);
        for (int i = 0; i < 40 && slots->size() != expected; ++i)
        {
            std::this_thread::sleep_for(50ms);
            slots = searchedSlots(placeId);
        }
        return slots;
    };

    // The practitioner's first place is created by the directory: the Slot is attributed to it, in the same
    // transaction.
    place("pp-follow-c");
    auto slots = slotsOf("pp-follow-c", 1);
    ASSERT_EQ(slots->size(), 1u);
    EXPECT_EQ(slots->getObject(0)->getValue<std::string>("vendorSlotId"), "follow-1");

    // A second place with a smaller id takes precedence (the rule without a Location postcode): the Slot moves,
    // and the first place no longer offers it.
    place("pp-follow-b");
    EXPECT_EQ(slotsOf("pp-follow-b", 1)->size(), 1u);
    EXPECT_EQ(slotsOf("pp-follow-c", 0)->size(), 0u);
    EXPECT_EQ(call("vendor-demo", "DELETE", "/fhir/Slot/follow-1").status, 204);
    EXPECT_EQ(slotsOf("pp-follow-b", 0)->size(), 0u);
}

TEST_F(PushedSlotTest, AgendaSasSlotsAreServedByTheFacadesIgSearchUntilBookedFull)
{
    // A practitioner on the agenda SAS (vendor slots refused), one créneau tomorrow at 10:00 (AMB and VR).
    agendaPractitioner("810001112224", "Agenda", "Anne", "pa-agenda", 48.863);
    const std::string tomorrow = instantIn(26h).substr(0, 10);
    auto created = call("admin", "POST", "/sas/api/places/pa-agenda/slots",
                        R"({"date":")" + tomorrow + R"(","start":"10:00","end":"10:20","modalities":["AMB","VR"]})",
                        "application/json");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::int64_t ruleId = ruleIdOf(created);

    const std::string search = int01Search("810001112224");
    auto found = call("lrm-demo", "GET", search);
    ASSERT_EQ(found.status, 200) << found.body;
    auto bundle = parse(found.body);
    EXPECT_EQ(bundle->getValue<int>("total"), 1) << found.body;
    std::string date = tomorrow;
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    const std::string slotId = "sas-agenda-pa-agenda-" + std::to_string(ruleId) + "-" + date;
    EXPECT_NE(found.body.find(R"("id":")" + slotId + R"(")"), std::string::npos) << found.body;
    EXPECT_NE(found.body.find(R"("reference":"Schedule/sas-agenda-pa-agenda")"), std::string::npos);
    EXPECT_NE(found.body.find(R"("code":"VR")"), std::string::npos);
    EXPECT_NE(found.body.find(R"("resourceType":"Schedule")"), std::string::npos) << "Slot:schedule included";
    EXPECT_NE(found.body.find(R"("value":"810001112224")"), std::string::npos) << "Schedule:actor included";

    // The agenda's own Slots are not a vendor's to change.
    put("vendor-demo", "/fhir/Slot/" + slotId, slotBody(slotId, "Schedule/sas-agenda-pa-agenda", 60min), 403);

    // Booked by a regulator, the créneau is full: gone from the façade too.
    auto booked = call("lrm-demo", "POST", "/sas/api/orientations",
                       R"({"type":"slot","placeId":"pa-agenda","ruleId":)" + std::to_string(ruleId) + R"(,"date":")" +
                           tomorrow + R"("})",
                       "application/json");
    ASSERT_EQ(booked.status, 201) << booked.body;
    auto after = call("lrm-demo", "GET", search);
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(parse(after.body)->getValue<int>("total"), 0) << after.body;
}

TEST_F(PushedSlotTest, APlageIsOneFacadeSlotPerPlaceLeft)
{
    // A plage of 3 patients tomorrow 14:00–16:00: a FHIR Slot is one appointment, so the façade offers 3 Slots.
    agendaPractitioner("810001112225", "Plage", "Paul", "pa-plage", 48.864);
    const std::string tomorrow = instantIn(26h).substr(0, 10);
    auto created = call("admin", "POST", "/sas/api/places/pa-plage/slots",
                        R"({"date":")" + tomorrow +
                            R"(","start":"14:00","end":"16:00","plage":true,"capacity":3,"modalities":["AMB"]})",
                        "application/json");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::int64_t ruleId = ruleIdOf(created);
    std::string date = tomorrow;
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    const std::string base = "sas-agenda-pa-plage-" + std::to_string(ruleId) + "-" + date + "-";

    const std::string search = int01Search("810001112225");
    auto ids = [&search] {
        auto found = call("lrm-demo", "GET", search);
        EXPECT_EQ(found.status, 200) << found.body;
        std::vector<std::string> slots;
        auto entries = parse(found.body)->getArray("entry");
        for (std::size_t i = 0; entries && i < entries->size(); ++i)
        {
            auto resource = entries->getObject(i)->getObject("resource");
            if (resource->getValue<std::string>("resourceType") == "Slot")
                slots.push_back(resource->getValue<std::string>("id"));
        }
        std::sort(slots.begin(), slots.end());
        return slots;
    };
    EXPECT_EQ(ids(), (std::vector<std::string>{base + "1", base + "2", base + "3"}));

    // Each booking takes one place: one Slot fewer, until none.
    for (std::size_t left = 2;; --left)
    {
        auto booked = call("lrm-demo", "POST", "/sas/api/orientations",
                           R"({"type":"slot","placeId":"pa-plage","ruleId":)" + std::to_string(ruleId) +
                               R"(,"date":")" + tomorrow + R"("})",
                           "application/json");
        ASSERT_EQ(booked.status, 201) << booked.body;
        std::vector<std::string> expected;
        for (std::size_t place = 1; place <= left; ++place)
            expected.push_back(base + std::to_string(place));
        EXPECT_EQ(ids(), expected) << left << " places left";
        if (left == 0)
            break;
    }
}
