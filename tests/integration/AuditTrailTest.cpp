// The audit trail in PostgreSQL: a write records its AuditEvent in its own transaction (a write rolled back leaves
// none), the search filters by date, agent, entity type and outcome, and the table refuses UPDATE, DELETE and
// TRUNCATE (append-only, whoever asks).
#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgAuditTrail.h"
#include "adapters/postgres/PgPool.h"
#include "adapters/postgres/PgResourceStore.h"
#include "tests/support/TestPostgres.h"

#include <gtest/gtest.h>

using namespace sas::adapters::postgres;
using sas::core::AuditAgent;
using sas::core::ErrorCode;
using sas::fhir::store::ResourceDelete;
using sas::fhir::store::ResourceWrite;

namespace
{

class AuditTrailTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        postgres = new sas::test::TestPostgres();
        dsn = postgres->createDatabase("audit");
        auto connection = postgres->connect(dsn);
        auto migrated = Migrator(builtInMigrations()).migrate(*connection);
        ASSERT_TRUE(migrated) << migrated.error().message;
    }
    static void TearDownTestSuite()
    {
        delete postgres;
        postgres = nullptr;
    }

    void SetUp() override
    {
        pool = std::make_unique<PgPool>(
            PgPoolConfig{dsn, 2, std::chrono::milliseconds(2000), std::chrono::seconds(5), std::chrono::milliseconds(5000)});
        store = std::make_unique<PgResourceStore>(*pool);
        trail = std::make_unique<PgAuditTrail>(*pool);
    }

    static ResourceWrite write(const std::string& id, const std::string& owner, bool ownerOnly)
    {
        ResourceWrite write;
        write.type = "Slot";
        write.id = id;
        write.owner = owner;
        write.ownerOnly = ownerOnly;
        write.agent = AuditAgent{"vendor", owner, "rid-" + id};
        write.render = [](const std::string& renderedId, int version, const std::string& lastUpdated) {
            return R"({"resourceType":"Slot","id":")" + renderedId + R"(","meta":{"versionId":")" + std::to_string(version) +
                   R"(","lastUpdated":")" + lastUpdated + R"("},"status":"free"})";
        };
        return write;
    }

    std::vector<AuditEventRow> eventsOf(const std::string& agent)
    {
        AuditQuery query;
        query.agentId = agent;
        auto events = trail->search(query);
        EXPECT_TRUE(events) << (events ? "" : events.error().message);
        return events ? *events : std::vector<AuditEventRow>{};
    }

    static sas::test::TestPostgres* postgres;
    static std::string dsn;
    std::unique_ptr<PgPool> pool;
    std::unique_ptr<PgResourceStore> store;
    std::unique_ptr<PgAuditTrail> trail;
};

sas::test::TestPostgres* AuditTrailTest::postgres = nullptr;
std::string AuditTrailTest::dsn;

} // namespace

TEST_F(AuditTrailTest, EachWriteRecordsOneEventWithItAndARefusedWriteNone)
{
    ASSERT_TRUE(store->write(write("a1", "vendor-a", true)));
    ASSERT_TRUE(store->write(write("a1", "vendor-a", true)));
    ASSERT_TRUE(store->remove(ResourceDelete{"Slot", "a1", "vendor-a", std::nullopt, true, AuditAgent{"vendor", "vendor-a", "rid-d"}}));
    // Refused (another owner): rolled back with its event.
    auto refused = store->write(write("a1", "vendor-b", true));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Forbidden);
    // Not audited: an operator's load carries no agent.
    auto unaudited = write("a2", "", false);
    unaudited.agent = {};
    ASSERT_TRUE(store->write(unaudited));

    auto events = eventsOf("vendor-a");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].record.subtype, "delete");
    EXPECT_EQ(events[0].record.action, "D");
    EXPECT_EQ(events[1].record.subtype, "update");
    EXPECT_EQ(events[1].record.entityVersion, 2);
    EXPECT_EQ(events[2].record.subtype, "create");
    EXPECT_EQ(events[2].record.entityType, "Slot");
    EXPECT_EQ(events[2].record.entityId, "a1");
    EXPECT_EQ(events[2].record.agent.kind, "vendor");
    EXPECT_EQ(events[2].record.agent.requestId, "rid-a1");
    EXPECT_EQ(events[2].record.outcome, "0");
    EXPECT_TRUE(eventsOf("vendor-b").empty());

    AuditQuery byType;
    byType.entityType = "Practitioner";
    EXPECT_TRUE(trail->search(byType)->empty());
    AuditQuery future;
    future.recorded.push_back(AuditDateBound{">=", "2999-01-01", false});
    EXPECT_TRUE(trail->search(future)->empty());
    AuditQuery today;
    today.recorded.push_back(AuditDateBound{">=", "2000-01-01T00:00:00Z", false});
    today.agentId = "vendor-a";
    today.outcome = "0";
    EXPECT_EQ(trail->search(today)->size(), 3u);
    auto found = trail->find(events[0].id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->record.subtype, "delete");
    EXPECT_EQ(trail->find("not-an-id").error().code, ErrorCode::NotFound);
}

TEST_F(AuditTrailTest, TheTableIsAppendOnly)
{
    ASSERT_TRUE(trail->append(sas::core::AuditRecord{AuditAgent{"regulator", "sub-1", "rid"}, "E", "search-type", "Slot",
                                                     "", std::nullopt, "kind=contextual-call;territory=33", "0"}));
    auto connection = postgres->connect(dsn);
    for (const char* sql : {"UPDATE audit_event SET outcome = '8'", "DELETE FROM audit_event", "TRUNCATE audit_event"})
    {
        SCOPED_TRACE(sql);
        auto changed = connection->exec(sql);
        ASSERT_FALSE(changed);
        EXPECT_NE(changed.error().message.find("append-only"), std::string::npos) << changed.error().message;
    }
    EXPECT_EQ(eventsOf("sub-1").size(), 1u);
}
