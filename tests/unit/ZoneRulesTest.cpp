// Time zones: the system zoneinfo through the adapter, and the POSIX rule used past its table.

#include "adapters/geo/ZoneinfoTimeZones.h"
#include "core/time/ZoneRules.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using sas::core::ZoneRules;

namespace
{

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0)
{
    return sys_seconds{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

local_seconds wall(int y, unsigned m, unsigned d, int h, int min = 0)
{
    return local_seconds{local_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

std::shared_ptr<const ZoneRules> paris()
{
    static sas::adapters::geo::ZoneinfoTimeZones zones;
    auto zone = zones.zone("Europe/Paris");
    EXPECT_TRUE(zone.has_value());
    return *zone;
}

} // namespace

TEST(ZoneRules, ParisIsOneHourAheadInWinterAndTwoInSummer)
{
    EXPECT_EQ(paris()->offsetAt(utc(2026, 1, 15, 12)), hours{1});
    EXPECT_EQ(paris()->offsetAt(utc(2026, 7, 15, 12)), hours{2});
    // The change happens at 01:00 UTC on the last Sunday of March and October.
    EXPECT_EQ(paris()->offsetAt(utc(2026, 3, 29, 0, 59)), hours{1});
    EXPECT_EQ(paris()->offsetAt(utc(2026, 3, 29, 1, 0)), hours{2});
    EXPECT_EQ(paris()->offsetAt(utc(2026, 10, 25, 0, 59)), hours{2});
    EXPECT_EQ(paris()->offsetAt(utc(2026, 10, 25, 1, 0)), hours{1});
}

TEST(ZoneRules, WallClockInTheSpringGapMovesForwardAndTheAutumnOverlapTakesTheEarlierInstant)
{
    EXPECT_EQ(paris()->toSys(wall(2026, 3, 29, 2, 30)), utc(2026, 3, 29, 1, 30)); // reads 03:30 CEST
    EXPECT_EQ(paris()->toSys(wall(2026, 10, 25, 2, 30)), utc(2026, 10, 25, 0, 30)); // the first 02:30 (CEST)
    EXPECT_EQ(paris()->toSys(wall(2026, 3, 30, 9)), utc(2026, 3, 30, 7));
    EXPECT_EQ(paris()->toLocal(utc(2026, 3, 30, 7)), wall(2026, 3, 30, 9));
}

TEST(ZoneRules, PosixRuleAgreesWithTheZoneinfoTable)
{
    auto rule = sas::core::parsePosixZoneRule("CET-1CEST,M3.5.0,M10.5.0/3");
    ASSERT_TRUE(rule.has_value()) << rule.error().message;
    const ZoneRules ruleOnly("Europe/Paris", 3600, {}, *rule);
    for (auto instant : {utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1), utc(2026, 10, 25, 0, 59), utc(2026, 10, 25, 1),
                         utc(2031, 6, 1, 0), utc(2035, 12, 24, 18)})
        EXPECT_EQ(ruleOnly.offsetAt(instant), paris()->offsetAt(instant));
    // Past the table's last year the file's own POSIX footer takes over.
    EXPECT_EQ(paris()->offsetAt(utc(2045, 7, 1, 12)), hours{2});
    EXPECT_EQ(paris()->offsetAt(utc(2045, 12, 1, 12)), hours{1});
}

TEST(ZoneRules, OverseasZonesHaveTheirOwnFixedOffsets)
{
    sas::adapters::geo::ZoneinfoTimeZones zones;
    auto cayenne = zones.zone("America/Cayenne");
    auto reunion = zones.zone("Indian/Reunion");
    ASSERT_TRUE(cayenne && reunion);
    EXPECT_EQ((*cayenne)->offsetAt(utc(2026, 7, 1, 12)), hours{-3});
    EXPECT_EQ((*reunion)->offsetAt(utc(2026, 1, 1, 12)), hours{4});
    auto rule = sas::core::parsePosixZoneRule("<-03>3");
    ASSERT_TRUE(rule.has_value());
    EXPECT_EQ(rule->standardOffset, -3 * 3600);
    EXPECT_FALSE(rule->daylightOffset.has_value());
}

TEST(ZoneRules, UnknownOrHostileZoneNamesAreRefused)
{
    sas::adapters::geo::ZoneinfoTimeZones zones;
    EXPECT_EQ(zones.zone("Europe/Atlantis").error().code, sas::core::ErrorCode::Invalid);
    EXPECT_EQ(zones.zone("../../etc/passwd").error().code, sas::core::ErrorCode::Invalid);
    EXPECT_EQ(zones.zone("/etc/passwd").error().code, sas::core::ErrorCode::Invalid);
    EXPECT_FALSE(sas::core::parseTzif("x", "not a tzif file at all, clearly not").has_value());
    EXPECT_FALSE(sas::core::parsePosixZoneRule("CET-1CEST,J60,J300").has_value());
}
