#include "adapters/vendors/bookingLink.h"

#include <gtest/gtest.h>

using sas::adapters::vendors::bookingLink;

// INT_SSO (sas-ig.md §8.G #61): origin=sas after '?' or '&', query and fragment kept.
TEST(VendorBookingLink, AppendsWithQuestionMarkWhenNoQuery)
{
    EXPECT_EQ(bookingLink("https://exemple.com/rdv/com/"), "https://exemple.com/rdv/com/?origin=sas");
}

TEST(VendorBookingLink, AppendsWithAmpersandAfterAQuery)
{
    EXPECT_EQ(bookingLink("https://v.fr/agenda?ps=810100050075&motif=1"),
              "https://v.fr/agenda?ps=810100050075&motif=1&origin=sas");
}

TEST(VendorBookingLink, KeepsTheFragmentAfterTheQuery)
{
    EXPECT_EQ(bookingLink("https://v.fr/agenda?ps=1#slot-12"), "https://v.fr/agenda?ps=1&origin=sas#slot-12");
    EXPECT_EQ(bookingLink("https://v.fr/agenda#slot-12"), "https://v.fr/agenda?origin=sas#slot-12");
    EXPECT_EQ(bookingLink("https://v.fr/agenda#/a?b=c"), "https://v.fr/agenda?origin=sas#/a?b=c");
}

TEST(VendorBookingLink, EmptyQueryOrTrailingAmpersandGetsNoDoubleSeparator)
{
    EXPECT_EQ(bookingLink("https://v.fr/agenda?"), "https://v.fr/agenda?origin=sas");
    EXPECT_EQ(bookingLink("https://v.fr/agenda?a=1&"), "https://v.fr/agenda?a=1&origin=sas");
}

TEST(VendorBookingLink, AlreadyTaggedUrlIsUnchanged)
{
    EXPECT_EQ(bookingLink("https://v.fr/a?origin=sas&x=1"), "https://v.fr/a?origin=sas&x=1");
    // A different origin value is not ours: ours is still added.
    EXPECT_EQ(bookingLink("https://v.fr/a?origin=sasx"), "https://v.fr/a?origin=sasx&origin=sas");
}

TEST(VendorBookingLink, TrimsSurroundingSpaces)
{
    EXPECT_EQ(bookingLink("  https://v.fr/a \n"), "https://v.fr/a?origin=sas");
}

TEST(VendorBookingLink, NonUrlCommentsGiveNoLink)
{
    EXPECT_EQ(bookingLink(""), "");
    EXPECT_EQ(bookingLink("Créneau sans rendez-vous"), "");
    EXPECT_EQ(bookingLink("javascript:alert(1)"), "");
    EXPECT_EQ(bookingLink("https://v.fr/a b"), "");
    EXPECT_EQ(bookingLink("HTTPS://V.FR/a"), "HTTPS://V.FR/a?origin=sas");
}
