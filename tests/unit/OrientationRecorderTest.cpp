// The one orientation code path: creation, status history, what counts as a change for the LRM, unknown regulators.
#include "core/orientation/OrientationRecorder.h"

#include <gtest/gtest.h>

#include <map>

namespace
{

using namespace std::chrono;
using namespace sas::core;
using namespace sas::core::orientation;

/// An in-memory scope: the storage port the recorder writes through (its Postgres twin is tested end to end).
class MemoryScope final : public OrientationScope
{
public:
    Result<std::optional<Orientation>> find(const std::string& source, const std::string& key) override
    {
        auto found = stored.find(source + "|" + key);
        return found == stored.end() ? std::optional<Orientation>() : std::optional<Orientation>(found->second);
    }
    Result<std::optional<OrientationRegulator>> regulator(const RegulatorReference& reference) override
    {
        if (reference.value == "3456780581/11242343")
            return std::optional<OrientationRegulator>(OrientationRegulator{"r1", reference.value, "", "Loridon", "Sébastien", "s@x.fr", "33"});
        return std::optional<OrientationRegulator>();
    }
    std::string newId() override { return "id-" + std::to_string(++ids); }
    Status save(const Orientation& orientation, bool statusChanged) override
    {
        stored[orientation.source + "|" + orientation.sourceKey] = orientation;
        statusRows += statusChanged ? 1 : 0;
        return {};
    }
    Status notify(const Orientation& orientation, OrientationChange change) override
    {
        notices.emplace_back(orientation.revision, change);
        return {};
    }

    std::map<std::string, Orientation> stored;
    std::vector<std::pair<int, OrientationChange>> notices;
    int statusRows = 0;
    int ids = 0;
};

OrientationInput booking()
{
    OrientationInput input;
    input.source = "int-r03";
    input.sourceKey = "appointment-1";
    input.regulator = RegulatorReference{"urn:oid:1.2.250.1.71.4.2.1", "3456780581/11242343"};
    input.practitioner = OrientationPractitioner{"810100050075", "THOMAS", "Sébastien", "", ""};
    input.category = OrientationCategory::Ps;
    input.status = OrientationStatus::Booked;
    input.start = Instant(seconds(1662296400));
    input.end = Instant(seconds(1662297300));
    input.receivedAt = Instant(seconds(1662200000));
    return input;
}

} // namespace

TEST(OrientationRecorder, CreationUsesReceptionTimeWhenCreatedIsAbsent)
{
    MemoryScope scope;
    auto outcome = OrientationRecorder().record(booking(), scope);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->change, OrientationChange::Created);
    EXPECT_EQ(outcome->orientation.id, "id-1");
    EXPECT_EQ(outcome->orientation.created, Instant(seconds(1662200000)));
    EXPECT_EQ(outcome->orientation.revision, 1);
    ASSERT_EQ(outcome->orientation.history.size(), 1u);
    EXPECT_TRUE(outcome->orientation.regulatorKnown());
    ASSERT_EQ(scope.notices.size(), 1u);

    auto withCreated = booking();
    withCreated.sourceKey = "appointment-2";
    withCreated.created = Instant(seconds(1662100000));
    EXPECT_EQ(OrientationRecorder().record(withCreated, scope)->orientation.created, Instant(seconds(1662100000)));
}

TEST(OrientationRecorder, StatusChangesAreHistoryAndUpdates)
{
    MemoryScope scope;
    ASSERT_TRUE(OrientationRecorder().record(booking(), scope));
    auto cancelled = booking();
    cancelled.status = OrientationStatus::Cancelled;
    cancelled.receivedAt = Instant(seconds(1662210000));
    cancelled.created = Instant(seconds(1));
    auto outcome = OrientationRecorder().record(cancelled, scope);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->change, OrientationChange::Updated);
    EXPECT_EQ(outcome->orientation.id, "id-1"); // same appointmentId
    EXPECT_EQ(outcome->orientation.created, Instant(seconds(1662200000))); // never moves
    ASSERT_EQ(outcome->orientation.history.size(), 2u);
    EXPECT_EQ(outcome->orientation.history[1].status, OrientationStatus::Cancelled);
    EXPECT_EQ(outcome->orientation.history[1].at, Instant(seconds(1662210000)));
    EXPECT_EQ(scope.statusRows, 2);
    ASSERT_EQ(scope.notices.size(), 2u);
    EXPECT_EQ(scope.notices[1], std::make_pair(2, OrientationChange::Updated));
}

TEST(OrientationRecorder, TimeAndPractitionerChangesAreUpdatesWithoutStatusHistory)
{
    MemoryScope scope;
    ASSERT_TRUE(OrientationRecorder().record(booking(), scope));
    auto moved = booking();
    moved.start += hours(1);
    moved.end = *moved.end + hours(1);
    EXPECT_EQ(OrientationRecorder().record(moved, scope)->change, OrientationChange::Updated);
    auto replaced = moved;
    replaced.practitioner->nationalId = "810002909371";
    EXPECT_EQ(OrientationRecorder().record(replaced, scope)->change, OrientationChange::Updated);
    EXPECT_EQ(scope.statusRows, 1);
    EXPECT_EQ(scope.notices.size(), 3u);
}

TEST(OrientationRecorder, ARepeatChangesNothing)
{
    MemoryScope scope;
    ASSERT_TRUE(OrientationRecorder().record(booking(), scope));
    auto again = OrientationRecorder().record(booking(), scope);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->change, OrientationChange::Unchanged);
    EXPECT_EQ(again->orientation.revision, 1);
    EXPECT_EQ(scope.notices.size(), 1u);
}

TEST(OrientationRecorder, UnknownRegulatorIsAcceptedAndFlagged)
{
    MemoryScope scope;
    auto input = booking();
    input.regulator.value = "9999999999/00000000";
    auto outcome = OrientationRecorder().record(input, scope);
    ASSERT_TRUE(outcome);
    EXPECT_FALSE(outcome->orientation.regulatorKnown());
    EXPECT_EQ(outcome->orientation.regulatorReference.value, "9999999999/00000000");
    EXPECT_EQ(scope.notices.size(), 1u); // the outbox records why it cannot be sent
}
