#include "adapters/vendors/prefixedIdentifier.h"
#include "adapters/vendors/searchRequestTarget.h"

#include <gtest/gtest.h>

using namespace sas::adapters::vendors;
using sas::core::VendorFlow;

namespace
{

std::chrono::system_clock::time_point at(long long unixMillis)
{
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(unixMillis));
}

// 2021-11-04T14:19:35.760Z and 2021-11-06T23:59:59.999Z: the window of ExampleBundlePSIndiv's self link.
const auto START = at(1636035575760);
const auto END = at(1636243199999);

} // namespace

TEST(VendorSearchRequest, PractitionerIdsArePrefixedOnce)
{
    EXPECT_EQ(prefixedPractitionerId("10100050075"), "810100050075");
    EXPECT_EQ(prefixedPractitionerId("810100050075"), "810100050075");
    EXPECT_EQ(prefixedPractitionerId("751234567"), "0751234567");
    EXPECT_EQ(prefixedPractitionerId("2A1234567"), "02A1234567");
    EXPECT_EQ(prefixedPractitionerId("0751234567"), "0751234567");
    EXPECT_FALSE(prefixedPractitionerId(""));
    EXPECT_FALSE(prefixedPractitionerId("8101000500"));
    EXPECT_FALSE(prefixedPractitionerId("81010005007x"));
    EXPECT_EQ(prefixedSiret("34173748400020"), "334173748400020");
    EXPECT_EQ(prefixedSiret("334173748400020"), "334173748400020");
    EXPECT_FALSE(prefixedSiret("434173748400020"));
}

TEST(VendorSearchRequest, InstantsAreUtcWithMillisecondsAndNumericOffset)
{
    EXPECT_EQ(formatRequestInstant(START), "2021-11-04T14:19:35.760+00:00");
    EXPECT_EQ(formatRequestInstant(END), "2021-11-06T23:59:59.999+00:00");
}

// sas-ig.md §1.2 and §8.A #1, #2, #4, #5: the request the SAS really sends.
TEST(VendorSearchRequest, IntR01IsTheIgRequest)
{
    EXPECT_EQ(searchRequestTarget(VendorFlow::PractitionerIndividual, {"810002673899", "810100050075"}, START, END),
              "/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor"
              "&start=ge2021-11-04T14:19:35.760%2B00:00&start=le2021-11-06T23:59:59.999%2B00:00"
              "&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,"
              "urn:oid:1.2.250.1.71.4.2.1%7C810100050075&status=free&_count=1000");
}

TEST(VendorSearchRequest, IntR04AddsTheCptsIncludes)
{
    const auto target = searchRequestTarget(VendorFlow::Cpts, {"810002909371"}, START, END);
    EXPECT_EQ(target.rfind("/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor"
                           "&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&start=",
                           0),
              0u);
    EXPECT_NE(target.find("identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002909371&status=free"), std::string::npos);
}

TEST(VendorSearchRequest, SosSearchesSchedulesBySiret)
{
    EXPECT_EQ(searchRequestTarget(VendorFlow::Sos, {"334173748400020", "392080466300010"}, START, END),
              "/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location"
              "&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2021-11-04T14:19:35.760%2B00:00"
              "&_has:Slot:schedule:start=le2021-11-06T23:59:59.999%2B00:00&_has:Slot:schedule:status=free"
              "&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,"
              "urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000");
    EXPECT_EQ(maxIdentifiersPerRequest(VendorFlow::Sos), 10u);
    EXPECT_EQ(maxIdentifiersPerRequest(VendorFlow::PractitionerIndividual), 25u);
}
