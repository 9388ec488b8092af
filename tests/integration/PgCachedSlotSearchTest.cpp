// INT_R01 from memory (PgCachedSlotSearch): for every query shape it takes, the answer is the one PgSearch gives
// from PostgreSQL — same matches in the same order, same includes, same bodies, versions and totals — before and
// after every kind of write, whether the write comes through this node's store (its commit hook) or from another
// writer (the sas_resource NOTIFY of migration 0014).
#include "adapters/postgres/PgCachedSlotSearch.h"

#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgListener.h"
#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/PgResourceStore.h"
#include "adapters/postgres/PgSearch.h"
#include "adapters/postgres/SlotCacheInvalidation.h"
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"
#include "tests/support/TestPostgres.h"
#include "tests/support/resourceWrite.h"

#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace sas::adapters::postgres;
using sas::fhir::store::SearchResult;

namespace
{

constexpr const char* RPPS = "urn:oid:1.2.250.1.71.4.2.1";
constexpr sas::fhir::search::Micros NOW = 1795334400000000; // 2026-11-22T08:00:00Z, for `ap`

std::string practitioner(const std::string& id, const std::string& rpps)
{
    return R"({"resourceType":"Practitioner","id":")" + id + R"(","identifier":[{"system":")" + RPPS +
           R"(","value":")" + rpps + R"("}],"name":[{"family":"Nom )" + id + R"("}]})";
}

std::string role(const std::string& id, const std::string& practitionerId, const std::string& name)
{
    return R"({"resourceType":"PractitionerRole","id":")" + id + R"(","practitioner":{"reference":"Practitioner/)" +
           practitionerId + R"("},"code":[{"text":")" + name + R"("}]})";
}

std::string schedule(const std::string& id, const std::vector<std::string>& actors)
{
    std::string body = R"({"resourceType":"Schedule","id":")" + id + R"(","actor":[)";
    for (std::size_t i = 0; i < actors.size(); ++i)
        body += std::string(i ? "," : "") + R"({"reference":")" + actors[i] + R"("})";
    return body + "]}";
}

std::string slot(const std::string& id, const std::string& scheduleId, const std::string& status,
                 const std::string& start)
{
    return R"({"resourceType":"Slot","id":")" + id + R"(","schedule":{"reference":"Schedule/)" + scheduleId +
           R"("},"status":")" + status + R"(","start":")" + start + R"(","end":")" + start.substr(0, 14) +
           R"(59:00.000+01:00"})";
}

const std::string INT_R01_INCLUDES = "_include=Slot:schedule&_include:iterate=Schedule:actor&";
const std::string WINDOW = "start=ge2026-11-23T00:00:00%2B01:00&start=le2026-11-25T23:59:59%2B01:00&";
const std::string P1_P2 = "schedule.actor:Practitioner.identifier=" + std::string(RPPS) + "|810000000001," +
                          std::string(RPPS) + "|810000000002";

/// Every shape the memory path answers, and a few it hands on (they must still be right).
const std::vector<std::string> QUERIES{
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=free",
    INT_R01_INCLUDES + WINDOW + P1_P2,
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=busy,free",
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=|free",
    INT_R01_INCLUDES + WINDOW + "schedule.actor:Practitioner.identifier=10000000001,810000000003&status=free",
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=free&_count=2",
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=free&_count=2&_offset=2",
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status=free&_summary=count",
    "_include=Slot:schedule&_include:iterate=Schedule:actor:Practitioner&" + WINDOW + P1_P2,
    "_include=Slot:schedule&" + WINDOW + P1_P2,
    WINDOW + P1_P2,
    INT_R01_INCLUDES + "start=gt2026-11-23T09:30:00%2B01:00&start=lt2026-11-24T12:00:00%2B01:00&" + P1_P2,
    INT_R01_INCLUDES + "start=2026-11-23&" + P1_P2,
    INT_R01_INCLUDES + "start=2026-11-23,2026-11-25&" + P1_P2,
    INT_R01_INCLUDES + "start=ne2026-11-23&" + P1_P2,
    INT_R01_INCLUDES + "start=sa2026-11-23&start=eb2026-11-26&" + P1_P2,
    INT_R01_INCLUDES + "start=ap2026-11-23T10:00:00%2B01:00&" + P1_P2,
    INT_R01_INCLUDES + WINDOW + "schedule.actor:PractitionerRole.practitioner.identifier=810000000001",
    INT_R01_INCLUDES + WINDOW + "schedule.actor:Practitioner.identifier=" + std::string(RPPS) + "|899999999999",
    // Handed on: a sort, a plain schedule reference, a modifier.
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&_sort=start",
    INT_R01_INCLUDES + WINDOW + "schedule=Schedule/s1",
    INT_R01_INCLUDES + WINDOW + P1_P2 + "&status:not=busy",
};

class PgCachedSlotSearchTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        postgres = std::make_unique<sas::test::TestPostgres>();
        PgPoolConfig config;
        config.dsn = postgres->createDatabase("cached");
        dsn = config.dsn;
        pool = std::make_unique<PgPool>(config);
        auto connection = pool->acquire();
        ASSERT_TRUE(connection);
        auto migrated = Migrator(builtInMigrations()).migrate(**connection);
        ASSERT_TRUE(migrated) << migrated.error().message;
        cache = std::make_shared<SlotSearchCache>(std::size_t{64} << 20);
        invalidation = std::make_unique<SlotCacheInvalidation>(cache);
        store = std::make_unique<PgResourceStore>(*pool);
        store->setWriteHook(invalidation.get());
        otherNode = std::make_unique<PgResourceStore>(*pool); // no hook: another node's writes
        plain = std::make_shared<PgSearch>(*pool);
        cached = std::make_unique<PgCachedSlotSearch>(*pool, plain, cache);

        put(practitioner("p1", "810000000001"));
        put(practitioner("p2", "810000000002"));
        put(practitioner("p3", "810000000003"));
        put(role("r1", "p1", "Cabinet du centre"));
        put(schedule("s1", {"Practitioner/p1", "PractitionerRole/r1"}));
        put(schedule("s2", {"Practitioner/p2"}));
        put(schedule("s3", {"Practitioner/p3"}));
        put(schedule("s4", {"PractitionerRole/r1"}));
        put(slot("a1", "s1", "free", "2026-11-23T09:00:00.000+01:00"));
        put(slot("a2", "s1", "busy", "2026-11-23T10:00:00.000+01:00"));
        put(slot("a3", "s2", "free", "2026-11-24T09:00:00.000+01:00"));
        put(slot("a4", "s1", "free", "2026-11-25T09:00:00.000+01:00"));
        put(slot("a5", "s3", "free", "2026-11-23T11:00:00.000+01:00"));
        put(slot("a6", "s1", "free", "2026-11-27T09:00:00.000+01:00")); // outside the window
        put(slot("a7", "s4", "free", "2026-11-24T15:00:00.000+01:00"));
        put(slot("a8", "s2", "free", "2026-11-23T16:00:00.000+01:00"));
    }

    void TearDown() override
    {
        if (listener)
            listener->stop();
    }

    static void write(PgResourceStore& target, const std::string& json)
    {
        auto written = target.write(sas::test::resourceWrite(json));
        ASSERT_TRUE(written) << written.error().message;
    }
    void put(const std::string& json) { write(*store, json); }
    void remove(PgResourceStore& target, const std::string& type, const std::string& id)
    {
        auto removed = target.remove(sas::fhir::store::ResourceDelete{type, id, "", std::nullopt, false, {}});
        ASSERT_TRUE(removed) << removed.error().message;
    }

    static sas::fhir::search::SearchQuery parse(const std::string& query)
    {
        auto parsed = sas::fhir::search::parseSearch("Slot", sas::fhir::search::decodeQueryString(query),
                                                     sas::fhir::search::Handling::Strict);
        EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message) << " for " << query;
        return parsed ? *parsed : sas::fhir::search::SearchQuery{};
    }

    /// The answer as text: total, then each resource with its position, version, last update and body.
    static std::string describe(const SearchResult& result)
    {
        std::string text = "total " + std::to_string(result.total) + "\n";
        for (const auto& match : result.matches)
            text += "match " + match.type + "/" + match.id + " v" + std::to_string(match.version) + " " +
                    match.lastUpdated + " " + match.json + "\n";
        for (const auto& resource : result.included)
            text += "include " + resource.type + "/" + resource.id + " v" + std::to_string(resource.version) + " " +
                    resource.lastUpdated + " " + resource.json + "\n";
        return text;
    }

    std::string answer(sas::fhir::store::SearchStore& searches, const std::string& query)
    {
        auto result = searches.search(parse(query), NOW);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? describe(*result) : "error";
    }

    /// Every query, twice through the cache (the second from memory), against PostgreSQL.
    void expectSameAnswers(const std::string& when)
    {
        for (const std::string& query : QUERIES)
        {
            const std::string expected = answer(*plain, query);
            EXPECT_EQ(answer(*cached, query), expected) << when << ", first search: " << query;
            EXPECT_EQ(answer(*cached, query), expected) << when << ", second search: " << query;
        }
    }

    std::unique_ptr<sas::test::TestPostgres> postgres;
    std::string dsn;
    std::unique_ptr<PgPool> pool;
    std::shared_ptr<SlotSearchCache> cache;
    std::unique_ptr<SlotCacheInvalidation> invalidation;
    std::unique_ptr<PgResourceStore> store;
    std::unique_ptr<PgResourceStore> otherNode;
    std::shared_ptr<PgSearch> plain;
    std::unique_ptr<PgCachedSlotSearch> cached;
    std::unique_ptr<PgListener> listener;
};

} // namespace

TEST_F(PgCachedSlotSearchTest, TakesTheIntR01ShapeAndHandsOnTheRest)
{
    EXPECT_TRUE(PgCachedSlotSearch::answersFromMemory(parse(QUERIES[0])));
    EXPECT_TRUE(PgCachedSlotSearch::answersFromMemory(parse(QUERIES[17]))); // a longer chain through schedule
    EXPECT_FALSE(PgCachedSlotSearch::answersFromMemory(parse(INT_R01_INCLUDES + WINDOW + P1_P2 + "&_sort=start")));
    EXPECT_FALSE(PgCachedSlotSearch::answersFromMemory(parse(INT_R01_INCLUDES + WINDOW + "schedule=Schedule/s1")));
    EXPECT_FALSE(PgCachedSlotSearch::answersFromMemory(parse(INT_R01_INCLUDES + WINDOW + P1_P2 + "&status:not=busy")));
    auto scoped = parse(QUERIES[0]);
    scoped.owner = "vendor-demo"; // a vendor sees only its own Slots: PostgreSQL knows the owners
    EXPECT_FALSE(PgCachedSlotSearch::answersFromMemory(scoped));
    // The answer really is kept: a search fills the cache.
    EXPECT_EQ(cache->bytes(), 0u);
    answer(*cached, QUERIES[0]);
    EXPECT_GT(cache->bytes(), 0u);
}

TEST_F(PgCachedSlotSearchTest, AnswersAsPostgresBeforeAndAfterEveryWriteOfThisNode)
{
    expectSameAnswers("initially");
    // The expected answer is not trivially empty: the first query finds p1's and p2's four free Slots in the window.
    EXPECT_NE(answer(*plain, QUERIES[0]).find("total 4\n"), std::string::npos) << answer(*plain, QUERIES[0]);

    put(slot("a9", "s1", "free", "2026-11-24T10:00:00.000+01:00"));
    expectSameAnswers("after a new Slot");
    put(slot("a1", "s1", "busy", "2026-11-23T09:00:00.000+01:00"));
    expectSameAnswers("after a Slot became busy");
    put(slot("a3", "s1", "free", "2026-11-24T09:30:00.000+01:00"));
    expectSameAnswers("after a Slot moved to another Schedule");
    put(slot("a5", "s2", "free", "2026-11-23T11:00:00.000+01:00"));
    expectSameAnswers("after a Slot moved from a Schedule no search named");
    remove(*store, "Slot", "a4");
    expectSameAnswers("after a Slot was deleted");
    put(practitioner("p2", "810000000009"));
    expectSameAnswers("after a Practitioner's identifier changed");
    put(practitioner("p3", "810000000002"));
    expectSameAnswers("after another Practitioner took that identifier");
    put(schedule("s3", {"Practitioner/p1"}));
    expectSameAnswers("after a Schedule's actor changed");
    put(role("r1", "p1", "Cabinet renommé"));
    expectSameAnswers("after an included PractitionerRole changed");
    remove(*store, "PractitionerRole", "r1");
    expectSameAnswers("after an included PractitionerRole was deleted");
    remove(*store, "Schedule", "s2");
    expectSameAnswers("after a Schedule was deleted");
    put(role("r1", "p1", "Cabinet revenu"));
    expectSameAnswers("after a deleted actor came back");
}

TEST_F(PgCachedSlotSearchTest, FollowsOtherWritersThroughTheNotify)
{
    expectSameAnswers("initially");
    const std::string before = answer(*cached, QUERIES[0]);

    // Without the listener another node's write is not seen: proof that the answer comes from memory.
    write(*otherNode, slot("a1", "s1", "busy", "2026-11-23T09:00:00.000+01:00"));
    const std::string fresh = answer(*plain, QUERIES[0]);
    ASSERT_NE(fresh, before);
    EXPECT_EQ(answer(*cached, QUERIES[0]), before);

    // With it, every kind of change arrives. The NOTIFY is asynchronous: wait for it (bounded), then compare all.
    cache->clear();
    listener = std::make_unique<PgListener>(
        dsn, RESOURCE_CHANNEL,
        PgListener::Callbacks{[this](const std::string& payload) { invalidation->onNotify(payload); },
                              [this] { invalidation->onReconnect(); }, [] {}});
    listener->start();
    for (int i = 0; i < 100 && !listener->listening(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(listener->listening());
    auto settle = [&](const std::string& when) {
        const std::string expected = answer(*plain, QUERIES[0]);
        for (int i = 0; i < 200 && answer(*cached, QUERIES[0]) != expected; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        expectSameAnswers(when);
    };
    expectSameAnswers("with the listener");
    write(*otherNode, slot("a1", "s1", "free", "2026-11-23T09:05:00.000+01:00"));
    settle("after another node's Slot write");
    remove(*otherNode, "Slot", "a8");
    settle("after another node's Slot delete");
    write(*otherNode, schedule("s3", {"Practitioner/p2"}));
    settle("after another node's Schedule write");
    write(*otherNode, practitioner("p1", "810000000007"));
    settle("after another node's Practitioner write");
    write(*otherNode, role("r1", "p1", "Cabinet d'un autre nœud"));
    settle("after another node's PractitionerRole write");
}

TEST(SlotSearchCacheTest, RefusesALoadThatRacedWithAnInvalidationAndStaysWithinItsBudget)
{
    SlotSearchCache cache(20000);
    auto entry = [](const std::string& slotId, std::size_t bodyBytes) {
        auto schedule = std::make_shared<SlotSearchCache::Schedule>();
        SlotSearchCache::Slot slot;
        slot.resource.type = "Slot";
        slot.resource.id = slotId;
        slot.resource.json = std::string(bodyBytes, 'x');
        schedule->slots.push_back(slot);
        return schedule;
    };
    // A load that read the database before the Slot changed must not be kept.
    const auto before = cache.generation();
    cache.slotsOfScheduleChanged("s1");
    cache.putSchedule("s1", entry("a1", 100), before);
    EXPECT_EQ(cache.schedule("s1"), nullptr);
    // One that read it after is.
    cache.putSchedule("s1", entry("a1", 100), cache.generation());
    ASSERT_NE(cache.schedule("s1"), nullptr);
    // A Slot moving away drops the Schedule it was cached under.
    cache.slotChanged("a1", "s9");
    EXPECT_EQ(cache.schedule("s1"), nullptr);
    // The budget holds: the least recently used goes first.
    cache.putSchedule("s1", entry("a1", 8000), cache.generation());
    cache.putSchedule("s2", entry("a2", 8000), cache.generation());
    ASSERT_NE(cache.schedule("s1"), nullptr); // s1 is now the most recent
    cache.putSchedule("s3", entry("a3", 8000), cache.generation());
    EXPECT_NE(cache.schedule("s1"), nullptr);
    EXPECT_EQ(cache.schedule("s2"), nullptr);
    EXPECT_NE(cache.schedule("s3"), nullptr);
    EXPECT_LE(cache.bytes(), 20000u);
    // Resolutions go with any write of a resource a chain reads.
    cache.putScheduleIds("k", {"s1"}, cache.generation());
    ASSERT_TRUE(cache.scheduleIds("k"));
    cache.resourceChanged("Practitioner", "p1");
    EXPECT_FALSE(cache.scheduleIds("k"));
}
