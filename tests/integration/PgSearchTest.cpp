// FHIR search over the PostgreSQL index: every parameter type and prefix, chains, _has, includes, paging, sort,
// summary, against a real cluster; resources written the way the façade writes them (PgResourceStore with
// extractSearchIndex).
#include "adapters/postgres/PgSearch.h"

#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/PgResourceStore.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"
#include "tests/support/TestPostgres.h"
#include "tests/support/resourceWrite.h"

#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <string>
#include <vector>

using sas::adapters::postgres::PgPool;
using sas::adapters::postgres::PgResourceStore;
using sas::adapters::postgres::PgSearch;
using sas::fhir::store::SearchResult;

namespace
{

constexpr const char* RPPS = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* SIRET = "urn:oid:1.2.250.1.71.4.2.2";

std::string practitioner(const std::string& id, const std::string& rpps, const std::string& family)
{
    return R"({"resourceType":"Practitioner","id":")" + id + R"(","identifier":[{"system":")" + RPPS +
           R"(","value":")" + rpps + R"("}],"name":[{"family":")" + family + R"("}]})";
}

std::string schedule(const std::string& id, const std::vector<std::string>& actors)
{
    std::string body = R"({"resourceType":"Schedule","id":")" + id + R"(","actor":[)";
    for (std::size_t i = 0; i < actors.size(); ++i)
        body += std::string(i ? "," : "") + R"({"reference":")" + actors[i] + R"("})";
    return body + "]}";
}

std::string slot(const std::string& id, const std::string& schedule, const std::string& status,
                 const std::string& start, const std::string& extra = "")
{
    return R"({"resourceType":"Slot","id":")" + id + R"(",)" + extra + R"("schedule":{"reference":"Schedule/)" +
           schedule + R"("},"status":")" + status + R"(","start":")" + start + R"(","end":")" + start.substr(0, 11) +
           R"(23:59:00.000+01:00"})";
}

class PgSearchTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        postgres = new sas::test::TestPostgres();
        sas::adapters::postgres::PgPoolConfig config;
        config.dsn = postgres->createDatabase("search");
        pool = new PgPool(config);
        auto connection = pool->acquire();
        ASSERT_TRUE(connection);
        auto migrated =
            sas::adapters::postgres::Migrator(sas::adapters::postgres::builtInMigrations()).migrate(**connection);
        ASSERT_TRUE(migrated) << migrated.error().message;
        store = new PgResourceStore(*pool);
        searches = new PgSearch(*pool);
        loadDataSet();
    }
    static void TearDownTestSuite()
    {
        delete searches;
        delete store;
        delete pool;
        delete postgres;
    }

    static void put(const std::string& json)
    {
        auto written = store->write(sas::test::resourceWrite(json));
        ASSERT_TRUE(written) << written.error().message;
    }

    static void loadDataSet()
    {
        put(practitioner("p1", "810000000001", "Martin"));
        put(practitioner("p2", "810000000002", "Durand"));
        put(practitioner("p3", "810000000003", "Éloïse-Dupont"));
        put(R"({"resourceType":"Organization","id":"org1","identifier":[{"system":")" + std::string(SIRET) +
            R"(","value":"334173748400020"}],"name":"SOS Médecins de Rennes"})");
        put(R"({"resourceType":"Organization","id":"org2","identifier":[{"system":")" + std::string(SIRET) +
            R"(","value":"392080466300010"}],"name":"SOS Médecins de Lorient"})");
        put(R"({"resourceType":"Location","id":"loc1","name":"Centre Rennes Nord","managingOrganization":{"reference":"Organization/org1"}})");
        put(R"({"resourceType":"Location","id":"loc2","name":"Centre Lorient","managingOrganization":{"reference":"Organization/org2"}})");
        put(R"({"resourceType":"PractitionerRole","id":"pr1","practitioner":{"reference":"Practitioner/p1"},"location":[{"reference":"Location/loc1"}]})");
        put(R"({"resourceType":"HealthcareService","id":"hs1","providedBy":{"reference":"Organization/org1"}})");
        put(schedule("s1", {"Practitioner/p1", "PractitionerRole/pr1"}));
        put(schedule("s2", {"Practitioner/p2"}));
        put(schedule("s3", {"Practitioner/p3"}));
        put(schedule("sos1", {"Location/loc1"}));
        put(schedule("sos2", {"Location/loc2"}));
        put(slot("a1", "s1", "free", "2026-11-23T09:00:00.000+01:00"));
        put(slot("a2", "s1", "busy", "2026-11-23T10:00:00.000+01:00"));
        put(slot("a3", "s2", "free", "2026-11-24T09:00:00.000+01:00"));
        put(slot(
            "a4", "s1", "free", "2026-11-25T09:00:00.000+01:00",
            R"("serviceType":[{"extension":[{"url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType",)"
            R"("valueReference":{"reference":"HealthcareService/hs1"}}],"coding":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement","code":"604"}]}],)"));
        put(slot("a5", "s3", "free", "2026-11-23T11:00:00.000+01:00"));
        put(slot("b1", "sos1", "free", "2026-11-23T09:00:00.000+01:00"));
        put(slot("b2", "sos1", "free", "2026-12-23T09:00:00.000+01:00"));
        put(slot("b3", "sos1", "busy", "2026-11-23T12:00:00.000+01:00"));
        put(slot("b4", "sos2", "busy", "2026-11-23T12:00:00.000+01:00"));
        put(slot("b5", "sos2", "free", "2026-12-24T12:00:00.000+01:00"));
        for (int i = 0; i < 8; ++i) // a chain of 8 Locations, each part of the next
            put(R"({"resourceType":"Location","id":"chain)" + std::to_string(i) +
                R"(","partOf":{"reference":"Location/chain)" + std::to_string(i + 1) + R"("}})");
        put(slot("gone", "s1", "free", "2026-11-23T09:30:00.000+01:00"));
        auto removed = store->remove(sas::fhir::store::ResourceDelete{"Slot", "gone", "", std::nullopt, false, {}});
        ASSERT_TRUE(removed) << removed.error().message;
    }

    static SearchResult search(const std::string& type, const std::string& query, sas::fhir::search::Micros now = 0)
    {
        auto parsed = sas::fhir::search::parseSearch(type, sas::fhir::search::decodeQueryString(query),
                                                     sas::fhir::search::Handling::Strict);
        EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().issues.front().diagnostics) << " for " << query;
        if (!parsed)
            return {};
        auto result = searches->search(*parsed, now);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? *result : SearchResult{};
    }

    /// The ids of the matches, in order.
    static std::vector<std::string> ids(const std::string& type, const std::string& query)
    {
        std::vector<std::string> out;
        for (const auto& match : search(type, query).matches)
            out.push_back(match.id);
        return out;
    }

    static std::vector<std::string> included(const SearchResult& result)
    {
        std::vector<std::string> out;
        for (const auto& resource : result.included)
            out.push_back(resource.type + "/" + resource.id);
        return out;
    }

    static sas::test::TestPostgres* postgres;
    static PgPool* pool;
    static PgResourceStore* store;
    static PgSearch* searches;
};

sas::test::TestPostgres* PgSearchTest::postgres = nullptr;
PgPool* PgSearchTest::pool = nullptr;
PgResourceStore* PgSearchTest::store = nullptr;
PgSearch* PgSearchTest::searches = nullptr;

using Ids = std::vector<std::string>;

} // namespace

TEST_F(PgSearchTest, TokenForms)
{
    EXPECT_EQ(ids("Slot", "status=busy"), (Ids{"a2", "b3", "b4"}));
    EXPECT_EQ(ids("Slot", "status=%7Cbusy"), (Ids{"a2", "b3", "b4"})); // |code: values without a system
    EXPECT_EQ(ids("Slot", "status=x%7Cbusy"), Ids{});
    EXPECT_EQ(ids("Slot", "status:not=free"), (Ids{"a2", "b3", "b4"}));
    EXPECT_EQ(ids("Practitioner", "identifier=urn:oid:1.2.250.1.71.4.2.1%7C810000000002"), Ids{"p2"});
    EXPECT_EQ(ids("Practitioner", "identifier=810000000002,810000000003"), (Ids{"p2", "p3"}));
    EXPECT_EQ(ids("Practitioner", "identifier=urn:oid:1.2.250.1.71.4.2.1%7C"), (Ids{"p1", "p2", "p3"}));
    EXPECT_EQ(ids("Practitioner", "identifier=other%7C810000000002"), Ids{});
    // The index also holds each national id's unprefixed form.
    EXPECT_EQ(ids("Practitioner", "identifier=urn:oid:1.2.250.1.71.4.2.1%7C10000000002"), Ids{"p2"});
    EXPECT_EQ(ids("Slot", "service-type:missing=false"), Ids{"a4"});
    EXPECT_EQ(ids("Slot", "service-type:missing=true&schedule=s1"), (Ids{"a1", "a2"}));
    EXPECT_EQ(ids("Slot", "_id=a1,b1,gone"), (Ids{"a1", "b1"}));
    EXPECT_EQ(ids("Slot", "_id:not=a1&schedule=s1"), (Ids{"a2", "a4"}));
}

TEST_F(PgSearchTest, DatePrefixes)
{
    EXPECT_EQ(ids("Slot", "start=2026-11-23&status=free"), (Ids{"a1", "a5", "b1"}));
    EXPECT_EQ(ids("Slot", "start=eq2026-11-23T09:00:00.000%2B01:00"), (Ids{"a1", "b1"}));
    EXPECT_EQ(ids("Slot", "start=ne2026-11-23&schedule=s1"), Ids{"a4"});
    EXPECT_EQ(ids("Slot", "start=gt2026-11-24&schedule=s1"), Ids{"a4"});
    EXPECT_EQ(ids("Slot", "start=lt2026-11-24&schedule=s1"), (Ids{"a1", "a2"}));
    EXPECT_EQ(ids("Slot", "start=ge2026-11-24&schedule=s1,s2"), (Ids{"a3", "a4"}));
    EXPECT_EQ(ids("Slot", "start=le2026-11-24&schedule=s2"), Ids{"a3"});
    EXPECT_EQ(ids("Slot", "start=sa2026-11-24&schedule=s1,s2"), Ids{"a4"});
    EXPECT_EQ(ids("Slot", "start=eb2026-11-24&schedule=s1,s2"), (Ids{"a1", "a2"}));
    // A window in the IG's form: ge and le bounds on one parameter, AND-ed.
    EXPECT_EQ(ids("Slot", "start=ge2026-11-23T09:30:00%2B01:00&start=le2026-11-24T09:00:00.000%2B01:00&status=free"),
              (Ids{"a3", "a5"}));
    // ap: a year away tolerates about 36 days; at the query's instant, only the query's own precision.
    const auto now = sas::fhir::search::Micros{1795424400} * 1000000; // 2026-11-23T08:00:00Z
    auto near = search("Slot", "start=ap2026-11-23T10:00:00%2B01:00", now);
    std::set<std::string> nearIds;
    for (const auto& match : near.matches)
        nearIds.insert(match.id);
    EXPECT_EQ(nearIds, std::set<std::string>{"a2"});
    auto far = search("Slot", "start=ap2026-11-23T10:00:00%2B01:00&schedule=s1,s2", now - 365LL * 86400 * 1000000);
    EXPECT_EQ(far.total, 4u);
}

TEST_F(PgSearchTest, References)
{
    EXPECT_EQ(ids("Slot", "schedule=Schedule/s2"), Ids{"a3"});
    EXPECT_EQ(ids("Slot", "schedule=s2"), Ids{"a3"});
    EXPECT_EQ(ids("Schedule", "actor=Practitioner/p1"), Ids{"s1"});
    EXPECT_EQ(ids("Schedule", "actor:Practitioner=p2"), Ids{"s2"});
    EXPECT_EQ(ids("Schedule", "actor=loc1"), Ids{"sos1"});
    EXPECT_EQ(ids("Schedule", "actor:Location=p1"), Ids{});
    EXPECT_EQ(ids("Slot", "service-type-reference=HealthcareService/hs1"), Ids{"a4"});
}

TEST_F(PgSearchTest, Strings)
{
    EXPECT_EQ(ids("Practitioner", "name=elo"), Ids{"p3"});
    EXPECT_EQ(ids("Practitioner", "family=ELOÏSE"), Ids{"p3"});
    EXPECT_EQ(ids("Practitioner", "name:contains=dup"), Ids{"p3"});
    EXPECT_EQ(ids("Practitioner", "name:contains=%25"), Ids{});
    EXPECT_EQ(ids("Practitioner", "name:exact=%C3%89lo%C3%AFse-Dupont"), Ids{"p3"});
    EXPECT_EQ(ids("Practitioner", "name:exact=eloise-dupont"), Ids{});
    EXPECT_EQ(ids("Organization", "name=sos medecins de r"), Ids{"org1"});
}

TEST_F(PgSearchTest, ForwardChainsAsInIntR01)
{
    const std::string query = "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free"
                              "&start=ge2026-11-23T00:00:00.000%2B01:00&start=le2026-11-24T23:59:59.999%2B01:00"
                              "&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810000000001,"
                              "urn:oid:1.2.250.1.71.4.2.1%7C810000000002&_count=1000";
    auto result = search("Slot", query);
    EXPECT_EQ(result.total, 2u);
    ASSERT_EQ(result.matches.size(), 2u);
    EXPECT_EQ(result.matches[0].id, "a1");
    EXPECT_EQ(result.matches[1].id, "a3");
    EXPECT_NE(result.matches[0].json.find("\"resourceType\":\"Slot\""), std::string::npos);
    EXPECT_EQ(included(result),
              (Ids{"Schedule/s1", "Schedule/s2", "Practitioner/p1", "Practitioner/p2", "PractitionerRole/pr1"}));
    EXPECT_FALSE(result.includesIncomplete);

    // Two links: Schedule → Location → Organization, as the SOS search writes it.
    EXPECT_EQ(ids("Schedule", "actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C392080466300010"),
              Ids{"sos2"});
}

// A chain never goes through a deleted resource, although the SQL skips the liveness probe of intermediate and
// final targets whose own index rows it reads (the index holds live resources only).
TEST_F(PgSearchTest, ChainsSkipDeletedTargets)
{
    auto remove = [](const std::string& type, const std::string& id) {
        auto removed = store->remove(sas::fhir::store::ResourceDelete{type, id, "", std::nullopt, false, {}});
        ASSERT_TRUE(removed) << removed.error().message;
    };
    const std::string byRpps = "schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810000000008";
    put(practitioner("p8", "810000000008", "Lambert"));
    put(schedule("s8", {"Practitioner/p8"}));
    put(slot("a8", "s8", "free", "2027-01-04T09:00:00.000+01:00"));
    EXPECT_EQ(ids("Slot", byRpps), Ids{"a8"});
    EXPECT_EQ(ids("Slot", "schedule.actor=Practitioner/p8"), Ids{"a8"});
    EXPECT_EQ(ids("Slot", "schedule.active:missing=true&_id=a8"), Ids{"a8"});

    remove("Schedule", "s8"); // the intermediate link
    EXPECT_EQ(ids("Slot", byRpps), Ids{});
    EXPECT_EQ(ids("Slot", "schedule.actor=Practitioner/p8"), Ids{});
    EXPECT_EQ(ids("Slot", "schedule.active:missing=true&_id=a8"), Ids{}); // a NOT EXISTS keeps its liveness probe

    put(schedule("s8", {"Practitioner/p8"})); // written again: live again
    EXPECT_EQ(ids("Slot", byRpps), Ids{"a8"});
    remove("Practitioner", "p8"); // the final target
    EXPECT_EQ(ids("Slot", byRpps), Ids{});
    EXPECT_EQ(ids("Slot", "schedule.actor=Practitioner/p8"), Ids{"a8"}); // a plain reference may dangle

    remove("Slot", "a8"); // leave the shared data set as it was
    remove("Schedule", "s8");
}

TEST_F(PgSearchTest, HasAndRevincludeAsInTheSosSearch)
{
    const std::string query =
        "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
        "&_has:Slot:schedule:start=ge2026-11-23T00:00:00%2B01:00&_has:Slot:schedule:start=le2026-11-30T00:00:00%2B01:00"
        "&_has:Slot:schedule:status=free"
        "&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,"
        "urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000";
    auto result = search("Schedule", query);
    // sos2 has a free slot (outside the window) and a slot in the window (busy): one Slot must meet all criteria.
    EXPECT_EQ(result.total, 1u);
    ASSERT_EQ(result.matches.size(), 1u);
    EXPECT_EQ(result.matches[0].id, "sos1");
    // Only the free Slot inside the window is revincluded.
    EXPECT_EQ(included(result), (Ids{"Location/loc1", "Slot/b1", "Organization/org1"}));
}

TEST_F(PgSearchTest, IncludesFollowOnlyWhatIsAsked)
{
    auto plain = search("Slot", "_id=a1&_include=Slot:schedule");
    EXPECT_EQ(included(plain), Ids{"Schedule/s1"});
    // Non-iterate includes apply to the matches only.
    auto noIterate = search("Slot", "_id=a1&_include=Slot:schedule&_include=Schedule:actor");
    EXPECT_EQ(included(noIterate), Ids{"Schedule/s1"});
    auto typed = search("Slot", "_id=a1&_include=Slot:schedule&_include:iterate=Schedule:actor:PractitionerRole"
                                "&_include:iterate=PractitionerRole:location&_include:iterate=Location:organization");
    EXPECT_EQ(included(typed), (Ids{"Schedule/s1", "PractitionerRole/pr1", "Location/loc1", "Organization/org1"}));
    auto cpts = search("Slot", "_id=a4&_include=Slot:service-type-reference"
                               "&_include:iterate=HealthcareService:organization");
    EXPECT_EQ(included(cpts), (Ids{"HealthcareService/hs1", "Organization/org1"}));
    // A plain revinclude returns every referring resource; the deleted Slot is never one.
    auto reverse = search("Schedule", "_id=s1&_revinclude=Slot:schedule");
    EXPECT_EQ(included(reverse), (Ids{"Slot/a1", "Slot/a2", "Slot/a4"}));
    // A match is never repeated as an include.
    auto self = search("Slot", "schedule=s1&_include=Slot:schedule&_revinclude:iterate=Slot:schedule");
    EXPECT_EQ(self.matches.size(), 3u);
    EXPECT_EQ(included(self), Ids{"Schedule/s1"});
}

TEST_F(PgSearchTest, SortAndPaging)
{
    EXPECT_EQ(ids("Slot", "schedule=s1,s2,s3&_sort=start"), (Ids{"a1", "a2", "a5", "a3", "a4"}));
    EXPECT_EQ(ids("Slot", "schedule=s1,s2,s3&_sort=-start"), (Ids{"a4", "a3", "a5", "a2", "a1"}));
    EXPECT_EQ(ids("Slot", "schedule=s1,s2,s3&_sort=start&_count=2&_offset=2"), (Ids{"a5", "a3"}));
    EXPECT_EQ(ids("Slot", "schedule=s1,s2,s3&_sort=-_id&_count=1"), Ids{"a5"});
    EXPECT_EQ(search("Slot", "schedule=s1,s2,s3&_sort=-_lastUpdated,_id").matches.size(), 5u);
    auto page = search("Slot", "schedule=s1,s2,s3&_sort=start&_count=2&_offset=4");
    EXPECT_EQ(page.total, 5u);
    EXPECT_EQ(page.matches.size(), 1u);
    auto past = search("Slot", "schedule=s1&_count=2&_offset=40");
    EXPECT_EQ(past.total, 3u);
    EXPECT_TRUE(past.matches.empty());
}

TEST_F(PgSearchTest, SummaryCountGivesTheTotalOnly)
{
    auto result = search("Slot", "status=free&_summary=count&_include=Slot:schedule");
    EXPECT_EQ(result.total, 7u);
    EXPECT_TRUE(result.matches.empty());
    EXPECT_TRUE(result.included.empty());
    EXPECT_EQ(search("Slot", "status=free&_count=0").matches.size(), 0u);
}

TEST_F(PgSearchTest, LastUpdatedComesFromTheStore)
{
    EXPECT_EQ(search("Practitioner", "_lastUpdated=gt2020-01-01").total, 3u);
    EXPECT_EQ(search("Practitioner", "_lastUpdated=lt2020-01-01").total, 0u);
    EXPECT_EQ(search("Practitioner", "_lastUpdated=ge2020-01-01&_id=p1").matches.front().lastUpdated.size(), 24u);
}

TEST_F(PgSearchTest, NoMatchIsAnEmptyResult)
{
    auto result = search("Slot", "schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C899999999999"
                                 "&_include=Slot:schedule");
    EXPECT_EQ(result.total, 0u);
    EXPECT_TRUE(result.matches.empty());
    EXPECT_TRUE(result.included.empty());
}

TEST_F(PgSearchTest, IterateStopsAtTheDepthBoundAndSaysSo)
{
    auto shallow = search("Location", "_id=chain5&_include:iterate=Location:partof");
    EXPECT_EQ(included(shallow), (Ids{"Location/chain6", "Location/chain7"}));
    EXPECT_FALSE(shallow.includesIncomplete);
    auto deep = search("Location", "_id=chain0&_include:iterate=Location:partof");
    EXPECT_EQ(deep.included.size(), static_cast<std::size_t>(sas::fhir::store::MAX_INCLUDE_DEPTH));
    EXPECT_TRUE(deep.includesIncomplete);
}

// Slot searches read slot_availability (migration 0007), a typed row per live Slot that PgResourceStore keeps in the
// transaction of every Slot write: it must follow updates, deletes, conditional writes and transactions, and a
// Schedule whose actor changes must take its Slots along.
TEST_F(PgSearchTest, TypedSlotRowFollowsEveryWritePath)
{
    auto remove = [](const std::string& type, const std::string& id) {
        auto removed = store->remove(sas::fhir::store::ResourceDelete{type, id, "", std::nullopt, false, {}});
        ASSERT_TRUE(removed) << removed.error().message;
    };
    const std::string window = "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free"
                               "&start=ge2027-02-01T00:00:00.000%2B01:00&start=le2027-02-03T23:59:59.999%2B01:00"
                               "&schedule.actor:Practitioner.identifier=";
    const std::string byP20 = window + "urn:oid:1.2.250.1.71.4.2.1%7C810000000020";
    const std::string byP21 = window + "urn:oid:1.2.250.1.71.4.2.1%7C810000000021";
    put(practitioner("p20", "810000000020", "Perrin"));
    put(practitioner("p21", "810000000021", "Roux"));
    put(schedule("s20", {"Practitioner/p20"}));
    put(slot("w1", "s20", "free", "2027-02-01T09:00:00.000+01:00"));

    // Created: found, with the stored body and version.
    auto found = search("Slot", byP20);
    ASSERT_EQ(found.matches.size(), 1u);
    auto stored = store->read("Slot", "w1");
    ASSERT_TRUE(stored);
    EXPECT_EQ(found.matches[0].json, stored->json);
    EXPECT_EQ(found.matches[0].version, 1);
    EXPECT_EQ(found.matches[0].lastUpdated, stored->lastUpdated);
    EXPECT_EQ(included(found), (Ids{"Schedule/s20", "Practitioner/p20"}));

    // Updated to busy: leaves the search; the new version is what a status search returns.
    put(slot("w1", "s20", "busy", "2027-02-01T09:00:00.000+01:00"));
    EXPECT_EQ(ids("Slot", byP20), Ids{});
    auto busy = search("Slot", "status=busy&schedule=s20");
    ASSERT_EQ(busy.matches.size(), 1u);
    EXPECT_EQ(busy.matches[0].version, 2);
    EXPECT_NE(busy.matches[0].json.find("\"busy\""), std::string::npos);

    // Free again but moved out of the window, then back in.
    put(slot("w1", "s20", "free", "2027-02-05T09:00:00.000+01:00"));
    EXPECT_EQ(ids("Slot", byP20), Ids{});
    put(slot("w1", "s20", "free", "2027-02-02T09:00:00.000+01:00"));
    EXPECT_EQ(ids("Slot", byP20), Ids{"w1"});

    // The Schedule's actor changes: its Slots move to the other practitioner.
    put(schedule("s20", {"Practitioner/p21"}));
    EXPECT_EQ(ids("Slot", byP20), Ids{});
    EXPECT_EQ(ids("Slot", byP21), Ids{"w1"});
    EXPECT_EQ(included(search("Slot", byP21)), (Ids{"Schedule/s20", "Practitioner/p21"}));

    // Deleted: gone from every Slot search; written again (update as create): back.
    remove("Slot", "w1");
    EXPECT_EQ(ids("Slot", byP21), Ids{});
    EXPECT_EQ(ids("Slot", "_id=w1"), Ids{});
    put(slot("w1", "s20", "free", "2027-02-02T09:00:00.000+01:00"));
    EXPECT_EQ(ids("Slot", byP21), Ids{"w1"});

    // Conditional create (If-None-Exist) and conditional update by identifier.
    sas::fhir::store::ConditionalWrite conditional;
    conditional.write = sas::test::resourceWrite(slot("w2", "s20", "free", "2027-02-03T09:00:00.000+01:00",
                                     R"("identifier":[{"system":"urn:test","value":"w-2"}],)"));
    conditional.write.createOnly = true;
    conditional.condition = {"identifier", "urn:test", "w-2"};
    conditional.onMatch = sas::fhir::store::OnMatch::ReturnExisting;
    ASSERT_TRUE(store->writeConditional(conditional));
    EXPECT_EQ(ids("Slot", byP21), (Ids{"w1", "w2"}));
    conditional.write = sas::test::resourceWrite(slot("other-id", "s20", "busy", "2027-02-03T09:00:00.000+01:00",
                                     R"("identifier":[{"system":"urn:test","value":"w-2"}],)"));
    conditional.onMatch = sas::fhir::store::OnMatch::Update;
    ASSERT_TRUE(store->writeConditional(conditional));
    EXPECT_EQ(ids("Slot", byP21), Ids{"w1"});
    EXPECT_EQ(ids("Slot", "identifier=urn:test%7Cw-2&status=busy"), Ids{"w2"});

    // A transaction: nothing is visible before commit, nothing stays after a rollback, all of it after commit.
    {
        auto unit = store->begin();
        ASSERT_TRUE(unit);
        ASSERT_TRUE((*unit)->write(sas::test::resourceWrite(slot("w3", "s20", "free", "2027-02-01T10:00:00.000+01:00"))));
        ASSERT_TRUE((*unit)->remove(sas::fhir::store::ResourceDelete{"Slot", "w1", "", std::nullopt, false, {}}));
        EXPECT_EQ(ids("Slot", byP21), Ids{"w1"});
    } // destroyed without commit: rolled back
    EXPECT_EQ(ids("Slot", byP21), Ids{"w1"});
    {
        auto unit = store->begin();
        ASSERT_TRUE(unit);
        ASSERT_TRUE((*unit)->write(sas::test::resourceWrite(slot("w3", "s20", "free", "2027-02-01T10:00:00.000+01:00"))));
        ASSERT_TRUE((*unit)->remove(sas::fhir::store::ResourceDelete{"Slot", "w1", "", std::nullopt, false, {}}));
        ASSERT_TRUE((*unit)->commit());
    }
    EXPECT_EQ(ids("Slot", byP21), Ids{"w3"});

    // Every live Slot has exactly one typed row holding what the generic index holds.
    auto connection = pool->acquire();
    ASSERT_TRUE(connection);
    auto mismatches = (*connection)->exec(
        "SELECT count(*) FROM (SELECT * FROM resource WHERE type = 'Slot' AND NOT deleted) r "
        "FULL JOIN slot_availability s ON s.id = r.id "
        "WHERE r.id IS NULL OR s.id IS NULL OR s.body IS DISTINCT FROM r.body OR s.version IS DISTINCT FROM r.version "
        "OR s.last_updated IS DISTINCT FROM r.last_updated "
        "OR NOT EXISTS (SELECT 1 FROM search_date d WHERE d.type = 'Slot' AND d.id = s.id AND d.param = 'start' "
        "               AND d.low = s.start_low AND d.high = s.start_high) "
        "OR NOT EXISTS (SELECT 1 FROM search_token t WHERE t.type = 'Slot' AND t.id = s.id AND t.param = 'status' "
        "               AND t.system = s.status_system AND t.code = s.status_code) "
        "OR NOT EXISTS (SELECT 1 FROM search_reference x WHERE x.type = 'Slot' AND x.id = s.id "
        "               AND x.param = 'schedule' AND x.target_type = s.schedule_type AND x.target_id = s.schedule_id)");
    ASSERT_TRUE(mismatches) << mismatches.error().message;
    EXPECT_EQ(mismatches->value(0, 0), "0");

    for (const char* id : {"w2", "w3"}) // leave the shared data set as it was
        remove("Slot", id);
    remove("Schedule", "s20");
}
