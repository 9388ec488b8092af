#include "core/model/ClientIdentity.h"

#include <gtest/gtest.h>

using sas::core::IdentityKind;

TEST(ClientIdentity, ParsesEveryKindItsNameRoundTrips)
{
    for (IdentityKind kind : {IdentityKind::Vendor, IdentityKind::Lrm, IdentityKind::Admin, IdentityKind::Practitioner,
                              IdentityKind::StructureManager})
    {
        const auto parsed = sas::core::parseIdentityKind(sas::core::toString(kind));
        ASSERT_TRUE(parsed) << sas::core::toString(kind);
        EXPECT_EQ(*parsed, kind);
    }
}

TEST(ClientIdentity, RejectsUnknownKindsCaseAndPadding)
{
    EXPECT_FALSE(sas::core::parseIdentityKind("robot"));
    EXPECT_FALSE(sas::core::parseIdentityKind(""));
    EXPECT_FALSE(sas::core::parseIdentityKind("Admin"));
    EXPECT_FALSE(sas::core::parseIdentityKind(" admin"));
}
