// Slot times as the IG writes them: milliseconds and a numeric offset, UTC turned into Paris time.
#include "fhir/search/canonicalInstant.h"

#include <gtest/gtest.h>

using sas::fhir::search::canonicalInstant;

TEST(FhirCanonicalInstant, NumericOffsetIsKeptAndMillisecondsAdded)
{
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00+02:00"), "2024-06-12T16:20:00.000+02:00");
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00.5-03:00"), "2024-06-12T16:20:00.500-03:00");
    EXPECT_EQ(canonicalInstant("2021-11-05T09:00:00.000+00:00"), "2021-11-05T09:00:00.000+00:00");
    // More precision than milliseconds is kept as written, never rounded away.
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00.123456+02:00"), "2024-06-12T16:20:00.123456+02:00");
}

TEST(FhirCanonicalInstant, UtcBecomesParisTimeOnBothSidesOfEachChange)
{
    EXPECT_EQ(canonicalInstant("2024-01-15T08:00:00Z"), "2024-01-15T09:00:00.000+01:00");
    EXPECT_EQ(canonicalInstant("2024-07-15T08:00:00.25Z"), "2024-07-15T10:00:00.250+02:00");
    // Spring forward: 01:00 UTC on 2024-03-31.
    EXPECT_EQ(canonicalInstant("2024-03-31T00:59:59Z"), "2024-03-31T01:59:59.000+01:00");
    EXPECT_EQ(canonicalInstant("2024-03-31T01:00:00Z"), "2024-03-31T03:00:00.000+02:00");
    // Fall back: 01:00 UTC on 2024-10-27; 02:30 local happens twice, told apart by the offset.
    EXPECT_EQ(canonicalInstant("2024-10-27T00:30:00Z"), "2024-10-27T02:30:00.000+02:00");
    EXPECT_EQ(canonicalInstant("2024-10-27T01:30:00Z"), "2024-10-27T02:30:00.000+01:00");
    // Day, month and year roll over; 29 February.
    EXPECT_EQ(canonicalInstant("2030-12-31T23:30:00Z"), "2031-01-01T00:30:00.000+01:00");
    EXPECT_EQ(canonicalInstant("2024-02-28T23:30:00Z"), "2024-02-29T00:30:00.000+01:00");
}

TEST(FhirCanonicalInstant, NotAnInstantIsLeftToTheValidator)
{
    EXPECT_EQ(canonicalInstant("2024-06-12"), std::nullopt);
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00"), std::nullopt);
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00.+02:00"), std::nullopt);
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00+0200"), std::nullopt);
    EXPECT_EQ(canonicalInstant("2024-06-12T16:20:00Y"), std::nullopt);
    EXPECT_EQ(canonicalInstant(""), std::nullopt);
}
