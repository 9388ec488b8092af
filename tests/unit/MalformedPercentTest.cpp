// The request-target checks of the pipeline (fhir/rest/malformedPercent): what is a malformed escape, which parameter
// holds it, how parameters are counted against server.maxQueryParameters.
#include "fhir/rest/malformedPercent.h"

#include <gtest/gtest.h>

using namespace sas::fhir::rest;

TEST(MalformedPercent, AnEscapeIsPercentAndTwoHexDigits)
{
    EXPECT_FALSE(hasMalformedPercent("/fhir/Slot/a%2Fb%c3%A9"));
    EXPECT_FALSE(hasMalformedPercent(""));
    EXPECT_TRUE(hasMalformedPercent("/fhir/Slot/a%G1"));
    EXPECT_TRUE(hasMalformedPercent("/fhir/Slot/%"));
    EXPECT_TRUE(hasMalformedPercent("/fhir/Slot/%4"));
    EXPECT_TRUE(hasMalformedPercent("%%41"));
}

TEST(MalformedPercent, TheFirstOffendingParameterIsNamedAsSent)
{
    EXPECT_EQ(firstMalformedParameter("status=free&start=ge2026%zz&x=%"), "start");
    EXPECT_EQ(firstMalformedParameter("na%me=1"), "na%me");
    EXPECT_EQ(firstMalformedParameter("a=%4"), "a");
    EXPECT_EQ(firstMalformedParameter("a=%41&b=%c3%a9"), std::nullopt);
}

TEST(MalformedPercent, ParametersAreTheNonEmptyPairs)
{
    EXPECT_EQ(countQueryParameters(""), 0u);
    EXPECT_EQ(countQueryParameters("a=1&&b&"), 2u);
    EXPECT_EQ(countQueryParameters("&&&"), 0u);
    EXPECT_EQ(countQueryParameters("a=1&b=2&a=3"), 3u);
}
