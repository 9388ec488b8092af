#include "fhir/search/EuropeParisTime.h"
#include "fhir/search/dateMatches.h"
#include "fhir/search/daysFromCivil.h"
#include "fhir/search/parseDateRange.h"

#include <gtest/gtest.h>

using namespace sas::fhir::search;

namespace
{

constexpr Micros HOUR = 3600 * MICROS_PER_SECOND;

/// An instant given in UTC.
Micros utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0)
{
    return daysFromCivil(year, month, day) * MICROS_PER_DAY +
           (hour * 3600LL + minute * 60LL + second) * MICROS_PER_SECOND;
}

DateRange range(std::string_view text)
{
    const auto parsed = parseDateRange(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(DateRange{});
}

} // namespace

TEST(FhirSearchDateTest, DateIsAParisDay)
{
    EXPECT_EQ(range("2026-11-22"), (DateRange{utc(2026, 11, 21, 23), utc(2026, 11, 22, 23)}));
    EXPECT_EQ(range("2026-07-14"), (DateRange{utc(2026, 7, 13, 22), utc(2026, 7, 14, 22)}));
}

TEST(FhirSearchDateTest, DstDaysAre23And25HoursLong)
{
    const DateRange spring = range("2026-03-29");
    EXPECT_EQ(spring.low, utc(2026, 3, 28, 23));
    EXPECT_EQ(spring.high, utc(2026, 3, 29, 22));
    EXPECT_EQ(spring.high - spring.low, 23 * HOUR);
    const DateRange autumn = range("2026-10-25");
    EXPECT_EQ(autumn.low, utc(2026, 10, 24, 22));
    EXPECT_EQ(autumn.high, utc(2026, 10, 25, 23));
    EXPECT_EQ(autumn.high - autumn.low, 25 * HOUR);
}

TEST(FhirSearchDateTest, MonthAndYearPrecision)
{
    EXPECT_EQ(range("2026-07"), (DateRange{utc(2026, 6, 30, 22), utc(2026, 7, 31, 22)}));
    EXPECT_EQ(range("2026-12"), (DateRange{utc(2026, 11, 30, 23), utc(2026, 12, 31, 23)}));
    EXPECT_EQ(range("2026-03"), (DateRange{utc(2026, 2, 28, 23), utc(2026, 3, 31, 22)}));
    EXPECT_EQ(range("2026"), (DateRange{utc(2025, 12, 31, 23), utc(2026, 12, 31, 23)}));
    EXPECT_EQ(range("2024-02").high, utc(2024, 2, 29, 23)); // leap year
}

TEST(FhirSearchDateTest, DateTimeWithOffsetIsExactAtItsPrecision)
{
    EXPECT_EQ(range("2026-11-22T10:00:00Z"), (DateRange{utc(2026, 11, 22, 10), utc(2026, 11, 22, 10, 0, 1)}));
    EXPECT_EQ(range("2021-11-05T09:00:00.000+00:00"), (DateRange{utc(2021, 11, 5, 9), utc(2021, 11, 5, 9) + 1000}));
    EXPECT_EQ(range("2024-06-12T16:20:00.000+02:00").low, utc(2024, 6, 12, 14, 20));
    EXPECT_EQ(range("2024-06-12T16:20:00-05:30").low, utc(2024, 6, 12, 21, 50));
    EXPECT_EQ(range("2026-11-22T10:00Z"), (DateRange{utc(2026, 11, 22, 10), utc(2026, 11, 22, 10, 1)}));
    const DateRange tenth = range("2026-11-22T10:00:00.5Z");
    EXPECT_EQ(tenth.low, utc(2026, 11, 22, 10) + 500'000);
    EXPECT_EQ(tenth.high - tenth.low, 100'000);
    const DateRange nano = range("2026-11-22T10:00:00.123456789Z");
    EXPECT_EQ(nano.low, utc(2026, 11, 22, 10) + 123'456);
    EXPECT_EQ(nano.high - nano.low, 1);
}

TEST(FhirSearchDateTest, DateTimeWithoutOffsetIsParisTime)
{
    EXPECT_EQ(range("2021-01-02T10:00:00").low, utc(2021, 1, 2, 9));
    EXPECT_EQ(range("2024-06-12T16:20:00").low, utc(2024, 6, 12, 14, 20));
    // 02:30 does not exist on 2026-03-29: read with the winter offset (= 03:30 CEST).
    EXPECT_EQ(range("2026-03-29T02:30:00").low, utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(range("2026-03-29T03:00:00").low, utc(2026, 3, 29, 1));
    // 02:30 happens twice on 2026-10-25: the first (summer time) is taken.
    EXPECT_EQ(range("2026-10-25T02:30:00").low, utc(2026, 10, 25, 0, 30));
    EXPECT_EQ(range("2026-10-25T03:00:00").low, utc(2026, 10, 25, 2));
}

TEST(FhirSearchDateTest, SpaceForPlusInOffsetIsAccepted)
{
    EXPECT_EQ(range("2024-06-12T16:20:00.000 02:00"), range("2024-06-12T16:20:00.000+02:00"));
    EXPECT_EQ(range("2021-11-04T14:19:35.760 00:00").low, utc(2021, 11, 4, 14, 19, 35) + 760'000);
}

TEST(FhirSearchDateTest, InvalidDatesAreRejected)
{
    for (const char* text : {"",
                             "2026-",
                             "2026-13",
                             "2026-00",
                             "2026-02-30",
                             "2025-02-29",
                             "2026-11-22T",
                             "2026-11-22T10",
                             "2026-11-22T24:00:00Z",
                             "2026-11-22T10:60Z",
                             "2026-11-22T10:00:61Z",
                             "2026-11-22T10:00:00+15:00",
                             "2026-11-22T10:00:00+0200",
                             "2026-11-22T10:00:00.Z",
                             "20261122",
                             "0000",
                             "2026-11-22 10:00",
                             "2026-11-22T10:00:00ZZ",
                             "abcd",
                             "2026-1-2"})
        EXPECT_FALSE(parseDateRange(text).has_value()) << text;
}

TEST(FhirSearchDateTest, EuropeParisRules)
{
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 3, 29, 0, 59, 59)), HOUR);
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 3, 29, 1)), 2 * HOUR);
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 10, 25, 0, 59, 59)), 2 * HOUR);
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 10, 25, 1)), HOUR);
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 1, 15)), HOUR);
    EXPECT_EQ(EuropeParisTime::offsetAt(utc(2026, 8, 15)), 2 * HOUR);
    // Last Sundays fall on the 25th..31st: 2027-03-28, 2027-10-31.
    EXPECT_FALSE(EuropeParisTime::isSummerTime(utc(2027, 3, 28, 0, 30)));
    EXPECT_TRUE(EuropeParisTime::isSummerTime(utc(2027, 3, 28, 1)));
    EXPECT_TRUE(EuropeParisTime::isSummerTime(utc(2027, 10, 31, 0, 30)));
    EXPECT_FALSE(EuropeParisTime::isSummerTime(utc(2027, 10, 31, 1)));
    // Before 1996 summer time ended on the last Sunday of September.
    EXPECT_FALSE(EuropeParisTime::isSummerTime(utc(1995, 10, 10)));
    EXPECT_TRUE(EuropeParisTime::isSummerTime(utc(1996, 10, 10)));
}

// ---- prefixes -------------------------------------------------------------------------------------------------

namespace
{

const Micros NOW = utc(2026, 11, 1);

/// A one-millisecond value like a stored Slot.start.
DateRange at(int year, int month, int day, int hour, int minute = 0, int second = 0)
{
    const Micros low = utc(year, month, day, hour, minute, second);
    return DateRange{low, low + 1000};
}

bool matches(Prefix prefix, std::string_view query, DateRange value)
{
    return dateMatches(prefix, range(query), value, NOW);
}

} // namespace

TEST(FhirSearchDateTest, EqAndNeOnAParisDay)
{
    const char* day = "2026-11-22";
    EXPECT_TRUE(matches(Prefix::Eq, day, at(2026, 11, 21, 23)));          // 00:00 Paris
    EXPECT_TRUE(matches(Prefix::Eq, day, at(2026, 11, 22, 22, 59, 59)));  // 23:59:59 Paris
    EXPECT_FALSE(matches(Prefix::Eq, day, at(2026, 11, 22, 23)));         // next day 00:00 Paris
    EXPECT_FALSE(matches(Prefix::Eq, day, at(2026, 11, 21, 22, 59, 59))); // previous day
    EXPECT_FALSE(matches(Prefix::Eq, day, DateRange{utc(2026, 11, 22, 10), utc(2026, 11, 23, 10)})); // overlaps
    EXPECT_FALSE(matches(Prefix::Ne, day, at(2026, 11, 22, 10)));
    EXPECT_TRUE(matches(Prefix::Ne, day, at(2026, 11, 23, 10)));
    EXPECT_TRUE(matches(Prefix::Ne, day, DateRange{utc(2026, 11, 22, 10), utc(2026, 11, 23, 10)}));
    // A day value equals a day query, not a month containing it the other way round.
    EXPECT_TRUE(matches(Prefix::Eq, "2026-11", range("2026-11-22")));
    EXPECT_FALSE(matches(Prefix::Eq, "2026-11-22", range("2026-11")));
}

TEST(FhirSearchDateTest, GtGeLtLeOnBounds)
{
    const char* day = "2026-11-22";
    EXPECT_FALSE(matches(Prefix::Gt, day, at(2026, 11, 22, 22, 59, 59)));
    EXPECT_TRUE(matches(Prefix::Gt, day, at(2026, 11, 22, 23)));
    EXPECT_TRUE(matches(Prefix::Ge, day, at(2026, 11, 21, 23)));
    EXPECT_FALSE(matches(Prefix::Ge, day, at(2026, 11, 21, 22, 59, 59)));
    EXPECT_TRUE(matches(Prefix::Lt, day, at(2026, 11, 21, 22, 59, 59)));
    EXPECT_FALSE(matches(Prefix::Lt, day, at(2026, 11, 21, 23)));
    EXPECT_TRUE(matches(Prefix::Le, day, at(2026, 11, 22, 22, 59, 59)));
    EXPECT_FALSE(matches(Prefix::Le, day, at(2026, 11, 22, 23)));
    // Instant queries, as INT_R01 sends them: ge/le include the bound itself.
    const DateRange slotStart{utc(2021, 11, 4, 14, 19, 35) + 760'000, utc(2021, 11, 4, 14, 19, 35) + 761'000};
    EXPECT_TRUE(matches(Prefix::Ge, "2021-11-04T14:19:35.760+00:00", slotStart));
    EXPECT_FALSE(matches(Prefix::Ge, "2021-11-04T14:19:35.761+00:00", slotStart));
    EXPECT_TRUE(matches(Prefix::Le, "2021-11-04T14:19:35.760+00:00", slotStart));
    EXPECT_FALSE(matches(Prefix::Le, "2021-11-04T14:19:35.759+00:00", slotStart));
    EXPECT_TRUE(matches(Prefix::Le, "2021-11-06T23:59:59.999+00:00",
                        DateRange{utc(2021, 11, 6, 23, 59, 59) + 999'000, utc(2021, 11, 7)}));
    // A period overlapping the query's end is "gt" and "ge" but not "le".
    const DateRange spanning{utc(2026, 11, 22, 10), utc(2026, 11, 23, 10)};
    EXPECT_TRUE(matches(Prefix::Gt, day, spanning));
    EXPECT_TRUE(matches(Prefix::Ge, day, spanning));
    EXPECT_FALSE(matches(Prefix::Le, day, spanning));
    // Open periods.
    EXPECT_TRUE(matches(Prefix::Gt, day, DateRange{utc(2020, 1, 1), DATE_MAX}));
    EXPECT_TRUE(matches(Prefix::Lt, day, DateRange{DATE_MIN, utc(2020, 1, 1)}));
}

TEST(FhirSearchDateTest, SaAndEb)
{
    const char* day = "2026-11-22";
    EXPECT_TRUE(matches(Prefix::Sa, day, at(2026, 11, 22, 23)));
    EXPECT_FALSE(matches(Prefix::Sa, day, at(2026, 11, 22, 22, 59, 59)));
    EXPECT_FALSE(matches(Prefix::Sa, day, DateRange{utc(2026, 11, 22, 22), utc(2026, 11, 23, 5)}));
    EXPECT_TRUE(matches(Prefix::Eb, day, DateRange{utc(2026, 11, 21, 22), utc(2026, 11, 21, 23)}));
    EXPECT_FALSE(matches(Prefix::Eb, day, at(2026, 11, 21, 23)));
}

TEST(FhirSearchDateTest, SaAndEbOnDstDays)
{
    // The Paris day 2026-10-25 lasts 25 hours: 23:30 UTC on the 25th is already the 26th in Paris.
    EXPECT_TRUE(matches(Prefix::Eq, "2026-10-25", at(2026, 10, 25, 22, 30)));
    EXPECT_TRUE(matches(Prefix::Sa, "2026-10-25", at(2026, 10, 25, 23)));
    EXPECT_TRUE(matches(Prefix::Eb, "2026-03-29", at(2026, 3, 28, 22, 59, 59)));
    EXPECT_TRUE(matches(Prefix::Eq, "2026-03-29", at(2026, 3, 29, 21, 59, 59)));
    EXPECT_TRUE(matches(Prefix::Sa, "2026-03-29", at(2026, 3, 29, 22)));
}

TEST(FhirSearchDateTest, ApWidensByTenPercentOfTheDistanceFromNow)
{
    // NOW = 2026-11-01; query day 2026-11-22 starts 20 days 23 h away: margin ≈ 2 days 2.3 h.
    EXPECT_TRUE(matches(Prefix::Ap, "2026-11-22", at(2026, 11, 22, 10)));
    EXPECT_TRUE(matches(Prefix::Ap, "2026-11-22", at(2026, 11, 24, 10)));
    EXPECT_FALSE(matches(Prefix::Ap, "2026-11-22", at(2026, 11, 25, 10)));
    EXPECT_TRUE(matches(Prefix::Ap, "2026-11-22", at(2026, 11, 20, 10)));
    EXPECT_FALSE(matches(Prefix::Ap, "2026-11-22", at(2026, 11, 19, 10)));
    // A query at "now" is plain overlap.
    EXPECT_TRUE(dateMatches(Prefix::Ap, at(2026, 11, 1, 0), at(2026, 11, 1, 0), NOW));
    EXPECT_FALSE(dateMatches(Prefix::Ap, at(2026, 11, 1, 0), at(2026, 11, 1, 1), NOW));
    // The margin is symmetric in the past.
    EXPECT_TRUE(matches(Prefix::Ap, "2026-10-11", at(2026, 10, 9, 10)));
}
