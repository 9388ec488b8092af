#include "fhir/json/JsonReader.h"
#include "fhir/search/daysFromCivil.h"
#include "fhir/search/extractSearchIndex.h"
#include "fhir/search/matchesCriterion.h"
#include "fhir/search/nationalIdentifierVariant.h"
#include "fhir/search/normalizeString.h"
#include "fhir/search/parseSearch.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace sas::fhir::search;
using sas::fhir::Node;

namespace
{

const std::filesystem::path FIXTURES = std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/ig";

Node load(const std::string& name)
{
    std::ifstream in(FIXTURES / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = sas::fhir::readJson(text.str());
    EXPECT_TRUE(parsed.has_value()) << name;
    return parsed ? parsed->resource : Node::object();
}

std::vector<SearchIndexEntry> entriesOf(const SearchIndex& index, const std::string& parameter)
{
    std::vector<SearchIndexEntry> out;
    std::copy_if(index.begin(), index.end(), std::back_inserter(out),
                 [&](const SearchIndexEntry& e) { return e.parameter == parameter; });
    return out;
}

bool hasToken(const SearchIndex& index, const std::string& parameter, const std::string& system,
              const std::string& code)
{
    return std::any_of(index.begin(), index.end(),
                       [&](const SearchIndexEntry& e) {
                           return e.parameter == parameter && e.type == ParamType::Token && e.system == system &&
                                  e.code == code;
                       });
}

Micros utc(int year, int month, int day, int hour = 0, int minute = 0)
{
    return daysFromCivil(year, month, day) * MICROS_PER_DAY + (hour * 3600LL + minute * 60LL) * MICROS_PER_SECOND;
}

/// Whether the resource matches every criterion of a one-type query, via matchesCriterion.
bool matches(const Node& resource, const QueryParameters& parameters)
{
    const auto query = parseSearch(resource.resourceType(), parameters, Handling::Strict);
    EXPECT_TRUE(query.has_value()) << (query ? "" : query.error().message);
    if (!query)
        return false;
    const SearchIndex index = extractSearchIndex(resource);
    return std::all_of(query->criteria.begin(), query->criteria.end(),
                       [&](const Criterion& c) { return matchesCriterion(c, index, utc(2026, 11, 1)); });
}

const std::string ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const std::string R38 = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";

} // namespace

TEST(FhirSearchExtractTest, SlotPsIndiv)
{
    const SearchIndex index = extractSearchIndex(load("Slot-ExampleSlotPSIndiv1.json"));
    const auto start = entriesOf(index, "start");
    ASSERT_EQ(start.size(), 1u);
    EXPECT_EQ(start[0].type, ParamType::Date);
    EXPECT_EQ(start[0].low, utc(2021, 11, 5, 9));
    EXPECT_EQ(start[0].high, utc(2021, 11, 5, 9) + 1000);
    EXPECT_TRUE(hasToken(index, "status", "", "free"));
    const auto schedule = entriesOf(index, "schedule");
    ASSERT_EQ(schedule.size(), 1u);
    EXPECT_EQ(schedule[0].type, ParamType::Reference);
    EXPECT_EQ(schedule[0].targetType, "Schedule");
    EXPECT_EQ(schedule[0].targetId, "ExampleSchedule1");
    EXPECT_TRUE(schedule[0].code.empty());
    EXPECT_TRUE(hasToken(index, "service-type", ACT_CODE, "AMB"));
    EXPECT_TRUE(hasToken(index, "service-type", ACT_CODE, "VR"));
    EXPECT_EQ(entriesOf(index, "service-type").size(), 2u); // the text-only entry gives nothing
    EXPECT_TRUE(hasToken(index, "specialty", R38, "SM54"));
    EXPECT_TRUE(hasToken(index, "specialty", R38, "SM05"));
    EXPECT_TRUE(hasToken(index, "appointment-type", "http://terminology.hl7.org/CodeSystem/v2-0276", "ROUTINE"));
    EXPECT_TRUE(hasToken(index, "_id", "", "ExampleSlotPSIndiv1"));
    EXPECT_TRUE(hasToken(index, "_security",
                         "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "PUBLIC"));
    const auto profile = entriesOf(index, "_profile");
    ASSERT_EQ(profile.size(), 1u);
    EXPECT_EQ(profile[0].code, "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur");
    EXPECT_TRUE(entriesOf(index, "service-type-reference").empty());
    EXPECT_TRUE(entriesOf(index, "_lastUpdated").empty());
}

TEST(FhirSearchExtractTest, SlotCptsServiceTypeReference)
{
    const SearchIndex index = extractSearchIndex(load("Slot-ExampleSlotCPTS1.json"));
    const auto reference = entriesOf(index, "service-type-reference");
    ASSERT_EQ(reference.size(), 1u);
    EXPECT_EQ(reference[0].targetType, "HealthcareService");
    EXPECT_EQ(reference[0].targetId, "ExampleHealthcareServiceCPTS1");
    EXPECT_TRUE(hasToken(
        index, "service-type",
        "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement", "604"));
    const auto start = entriesOf(index, "start");
    ASSERT_EQ(start.size(), 1u);
    EXPECT_EQ(start[0].low, utc(2024, 6, 12, 14, 40));
}

TEST(FhirSearchExtractTest, PractitionerIdentifierWithAndWithoutPrefix)
{
    const SearchIndex index = extractSearchIndex(load("Practitioner-ExamplePractitioner.json"));
    EXPECT_TRUE(hasToken(index, "identifier", std::string(IDNPS_SYSTEM), "810002909371"));
    EXPECT_TRUE(hasToken(index, "identifier", std::string(IDNPS_SYSTEM), "10002909371"));
    EXPECT_EQ(entriesOf(index, "identifier").size(), 2u);
    const auto family = entriesOf(index, "family");
    ASSERT_EQ(family.size(), 1u);
    EXPECT_EQ(family[0].type, ParamType::String);
    EXPECT_EQ(family[0].code, "foret");
    EXPECT_EQ(family[0].system, "Foret");
    EXPECT_EQ(entriesOf(index, "given").at(0).code, "pierre");
    EXPECT_EQ(entriesOf(index, "name").size(), 2u);

    const Node practitioner = load("Practitioner-ExamplePractitioner.json");
    const std::string system = std::string(IDNPS_SYSTEM);
    EXPECT_TRUE(matches(practitioner, {{"identifier", system + "|810002909371"}}));
    EXPECT_TRUE(matches(practitioner, {{"identifier", system + "|10002909371"}}));
    EXPECT_TRUE(matches(practitioner, {{"identifier", "10002909371"}}));
    EXPECT_FALSE(matches(practitioner, {{"identifier", system + "|810002909372"}}));
    EXPECT_FALSE(matches(practitioner, {{"identifier", "|810002909371"}}));
    EXPECT_TRUE(matches(practitioner, {{"identifier", system + "|"}}));
    EXPECT_TRUE(matches(practitioner, {{"identifier:not", system + "|810002909372"}}));
    EXPECT_FALSE(matches(practitioner, {{"identifier:not", "810002909371"}}));
    EXPECT_TRUE(matches(practitioner, {{"family", "FOR"}}));
    EXPECT_TRUE(matches(practitioner, {{"family", "Forêt"}}));
    EXPECT_TRUE(matches(practitioner, {{"name", "pier"}}));
    EXPECT_FALSE(matches(practitioner, {{"family", "oret"}}));
    EXPECT_TRUE(matches(practitioner, {{"family:contains", "oRe"}}));
    EXPECT_TRUE(matches(practitioner, {{"family:exact", "Foret"}}));
    EXPECT_FALSE(matches(practitioner, {{"family:exact", "foret"}}));
    EXPECT_TRUE(matches(practitioner, {{"active:missing", "true"}}));
    EXPECT_FALSE(matches(practitioner, {{"identifier:missing", "true"}}));
}

TEST(FhirSearchExtractTest, UnprefixedStoredIdentifierIsFoundWithPrefix)
{
    Node practitioner = Node::resource("Practitioner");
    practitioner.set("id", Node::string("p1"));
    Node identifier = Node::object();
    identifier.set("system", Node::string(std::string(IDNPS_SYSTEM)));
    identifier.set("value", Node::string("10101288385"));
    practitioner.append("identifier", std::move(identifier));
    const SearchIndex index = extractSearchIndex(practitioner);
    EXPECT_TRUE(hasToken(index, "identifier", std::string(IDNPS_SYSTEM), "810101288385"));
    EXPECT_TRUE(matches(practitioner, {{"identifier", std::string(IDNPS_SYSTEM) + "|810101288385"}}));
}

TEST(FhirSearchExtractTest, NationalIdentifierVariants)
{
    EXPECT_EQ(nationalIdentifierVariant(IDNPS_SYSTEM, "810002909371"), "10002909371");
    EXPECT_EQ(nationalIdentifierVariant(IDNPS_SYSTEM, "10002909371"), "810002909371");
    EXPECT_EQ(nationalIdentifierVariant(IDNPS_SYSTEM, "0123456789"), "123456789");
    EXPECT_EQ(nationalIdentifierVariant(IDNPS_SYSTEM, "123456789"), "0123456789");
    EXPECT_EQ(nationalIdentifierVariant(IDNST_SYSTEM, "334173748400020"), "34173748400020");
    EXPECT_EQ(nationalIdentifierVariant(IDNST_SYSTEM, "34173748400020"), "334173748400020");
    EXPECT_EQ(nationalIdentifierVariant(IDNST_SYSTEM, "1950047225"), "950047225");
    EXPECT_FALSE(nationalIdentifierVariant(IDNPS_SYSTEM, "3456780581/11242343"));
    EXPECT_FALSE(nationalIdentifierVariant(IDNPS_SYSTEM, "910002909371"));
    EXPECT_FALSE(nationalIdentifierVariant("urn:oid:1.2.250.1.213.3.6", "810002909371"));
}

TEST(FhirSearchExtractTest, LocationAddressNameAndOrganization)
{
    const Node location = load("Location-1111111111.json");
    const SearchIndex index = extractSearchIndex(location);
    const auto city = entriesOf(index, "address-city");
    ASSERT_EQ(city.size(), 1u);
    EXPECT_EQ(city[0].code, "rennes");
    EXPECT_EQ(city[0].system, "RENNES");
    EXPECT_EQ(entriesOf(index, "address-postalcode").at(0).code, "35700");
    const auto address = entriesOf(index, "address");
    EXPECT_EQ(address.size(), 3u); // line, city, postalCode
    EXPECT_EQ(address.at(0).code, "320 avenue general georges patton");
    EXPECT_EQ(entriesOf(index, "name").at(0).code, "centre de consultation rennes nord");
    const auto organization = entriesOf(index, "organization");
    ASSERT_EQ(organization.size(), 1u);
    EXPECT_EQ(organization[0].targetType, "Organization");
    EXPECT_EQ(organization[0].targetId, "ExampleOrgaSOS1");
    EXPECT_TRUE(hasToken(index, "identifier", "https://editeur.com", "1111111111"));
    EXPECT_TRUE(matches(location, {{"address", "320 Avenue Gén"}}));
    EXPECT_FALSE(matches(location, {{"address", "general"}})); // starts-with on each part, as R4 says
    EXPECT_TRUE(matches(location, {{"address:contains", "GÉNÉRAL"}}));
    EXPECT_TRUE(matches(location, {{"address-city", "Rennes"}, {"organization", "Organization/ExampleOrgaSOS1"}}));
    EXPECT_TRUE(matches(location, {{"organization", "ExampleOrgaSOS1"}}));
    EXPECT_FALSE(matches(location, {{"organization", "ExampleOrgaSOS2"}}));
}

TEST(FhirSearchExtractTest, OrganizationSiretWithAndWithoutPrefix)
{
    const SearchIndex index = extractSearchIndex(load("Organization-ExampleOrgaSOS1.json"));
    EXPECT_TRUE(hasToken(index, "identifier", std::string(IDNST_SYSTEM), "334173748400020"));
    EXPECT_TRUE(hasToken(index, "identifier", std::string(IDNST_SYSTEM), "34173748400020"));
    EXPECT_EQ(entriesOf(index, "name").at(0).code, "sos medecins de rennes");
}

TEST(FhirSearchExtractTest, ScheduleActorsAndContainedOrLogicalReferences)
{
    const SearchIndex schedule = extractSearchIndex(load("Schedule-ExampleSchedule.json"));
    const auto actors = entriesOf(schedule, "actor");
    ASSERT_EQ(actors.size(), 2u);
    EXPECT_EQ(actors[0].targetType, "Practitioner");
    EXPECT_EQ(actors[0].targetId, "ExamplePractitioner");
    EXPECT_EQ(actors[1].targetType, "PractitionerRole");

    const SearchIndex role = extractSearchIndex(load("PractitionerRole-ExamplePractitionerRoleAgregateur.json"));
    const auto location = entriesOf(role, "location");
    ASSERT_EQ(location.size(), 1u);
    EXPECT_EQ(location[0].code, "#ExampleLocation");
    EXPECT_TRUE(location[0].targetType.empty());
    EXPECT_TRUE(entriesOf(role, "organization").empty()); // identifier-only reference
    EXPECT_EQ(entriesOf(role, "practitioner").at(0).targetId, "ExamplePractitioner");

    const SearchIndex service = extractSearchIndex(load("HealthcareService-ExampleHealthcareServiceCPTS1.json"));
    EXPECT_EQ(entriesOf(service, "organization").at(0).targetId, "ExampleOrgaCPTS1");
}

TEST(FhirSearchExtractTest, AppointmentDateStatusAndActorsByType)
{
    const Node appointment = load("Appointment-1.json");
    const SearchIndex index = extractSearchIndex(appointment);
    EXPECT_EQ(entriesOf(index, "date").at(0).low, utc(2022, 9, 4, 13));
    EXPECT_TRUE(hasToken(index, "status", "", "booked"));
    EXPECT_TRUE(hasToken(index, "part-status", "", "accepted"));
    EXPECT_TRUE(entriesOf(index, "practitioner").empty()); // the actor is an identifier-only reference

    Node built = Node::resource("Appointment");
    Node participant = Node::object();
    Node actor = Node::object();
    actor.set("reference", Node::string("Practitioner/p1"));
    participant.set("actor", std::move(actor));
    built.append("participant", std::move(participant));
    Node other = Node::object();
    Node place = Node::object();
    place.set("reference", Node::string("Location/l1"));
    other.set("actor", std::move(place));
    built.append("participant", std::move(other));
    const SearchIndex builtIndex = extractSearchIndex(built);
    EXPECT_EQ(entriesOf(builtIndex, "actor").size(), 2u);
    ASSERT_EQ(entriesOf(builtIndex, "practitioner").size(), 1u);
    EXPECT_EQ(entriesOf(builtIndex, "practitioner")[0].targetId, "p1");
    ASSERT_EQ(entriesOf(builtIndex, "location").size(), 1u);
    EXPECT_EQ(entriesOf(builtIndex, "location")[0].targetId, "l1");
}

TEST(FhirSearchExtractTest, PeriodsAndLastUpdated)
{
    Node schedule = Node::resource("Schedule");
    Node meta = Node::object();
    meta.set("lastUpdated", Node::string("2026-11-22T10:00:00.123+01:00"));
    schedule.set("meta", std::move(meta));
    Node horizon = Node::object();
    horizon.set("start", Node::string("2026-11-22"));
    schedule.set("planningHorizon", std::move(horizon));
    const SearchIndex index = extractSearchIndex(schedule);
    const auto date = entriesOf(index, "date");
    ASSERT_EQ(date.size(), 1u);
    EXPECT_EQ(date[0].low, utc(2026, 11, 21, 23));
    EXPECT_EQ(date[0].high, DATE_MAX);
    const auto lastUpdated = entriesOf(index, "_lastUpdated");
    ASSERT_EQ(lastUpdated.size(), 1u);
    EXPECT_EQ(lastUpdated[0].low, utc(2026, 11, 22, 9) + 123'000);
    EXPECT_TRUE(matches(schedule, {{"date", "gt2030-01-01"}, {"_lastUpdated", "ge2026-11-22"}}));
    EXPECT_FALSE(matches(schedule, {{"date", "lt2026-11-22"}}));
}

TEST(FhirSearchExtractTest, SlotDateWindowMatching)
{
    const Node slot = load("Slot-ExampleSlotPSIndiv1.json"); // 2021-11-05T09:00:00.000Z = 10:00 Paris
    EXPECT_TRUE(matches(slot, {{"start", "ge2021-11-04T14:19:35.760+00:00"},
                               {"start", "le2021-11-06T23:59:59.999+00:00"},
                               {"status", "free"}}));
    EXPECT_TRUE(matches(slot, {{"start", "2021-11-05"}}));
    EXPECT_TRUE(matches(slot, {{"start", "2021-11"}}));
    EXPECT_TRUE(matches(slot, {{"start", "eq2021-11-05T10:00"}})); // Paris wall clock, minute precision
    EXPECT_FALSE(matches(slot, {{"start", "gt2021-11-05T10:00"}}));
    EXPECT_TRUE(matches(slot, {{"start", "sa2021-11-04"}, {"start", "eb2021-11-06"}}));
    EXPECT_FALSE(matches(slot, {{"start", "ne2021-11-05"}}));
    EXPECT_TRUE(matches(slot, {{"schedule", "Schedule/ExampleSchedule1"}, {"schedule:Schedule", "ExampleSchedule1"}}));
    EXPECT_TRUE(matches(slot, {{"_id", "ExampleSlotPSIndiv1,other"}}));
    EXPECT_TRUE(matches(slot, {{"_profile", "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"}}));
}

TEST(FhirSearchExtractTest, UnsupportedTypeGivesNoEntries)
{
    EXPECT_TRUE(extractSearchIndex(Node::resource("Patient")).empty());
    EXPECT_TRUE(extractSearchIndex(Node::object()).empty());
}

TEST(FhirSearchExtractTest, NormalizeString)
{
    EXPECT_EQ(normalizeString("Hôpital Sainte-Anne"), "hopital sainte-anne");
    EXPECT_EQ(normalizeString("ÉÈÊËÀÂÄÇÎÏÔÖÙÛÜŸÑ"), "eeeeaaaciioouuuyn");
    EXPECT_EQ(normalizeString("Œuvre cœur Æ ß"), "oeuvre coeur ae ss");
    EXPECT_EQ(normalizeString("e\xCC\x81t\xC3\xA9"), "ete"); // decomposed é, then composed é
    EXPECT_EQ(normalizeString("Straße × 東京"), "strasse × 東京");
    EXPECT_EQ(normalizeString("\xFF\xC3"), "\xFF\xC3"); // invalid UTF-8 kept
}
