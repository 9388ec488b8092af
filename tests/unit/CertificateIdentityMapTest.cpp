#include "fhir/rest/CertificateIdentityMap.h"

#include <gtest/gtest.h>

using sas::core::IdentityKind;
using sas::fhir::rest::CertificateIdentityMap;
using sas::fhir::rest::CertificateRule;

TEST(CertificateIdentityMap, CommonNameMatchGivesTheIdentity)
{
    const CertificateIdentityMap map({CertificateRule{"lrm-demo", IdentityKind::Lrm, "lrm-demo", std::nullopt}});

    const auto identity = map.identify("lrm-demo", "");
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->name, "lrm-demo");
    EXPECT_EQ(identity->kind, IdentityKind::Lrm);
}

TEST(CertificateIdentityMap, CommonNameMustMatchExactly)
{
    const CertificateIdentityMap map({CertificateRule{"vendor-demo", IdentityKind::Vendor, "vendor-demo", std::nullopt}});

    EXPECT_FALSE(map.identify("vendor-demo2", ""));
    EXPECT_FALSE(map.identify("vendor", ""));
    EXPECT_FALSE(map.identify("Vendor-Demo", ""));
    EXPECT_FALSE(map.identify("vendor-demo ", ""));
    EXPECT_FALSE(map.identify("", ""));
}

TEST(CertificateIdentityMap, OrganizationalUnitIsRequiredWhenConfigured)
{
    const CertificateIdentityMap map({CertificateRule{"vendor-demo", IdentityKind::Vendor, "vendor-demo", "vendor"}});

    EXPECT_TRUE(map.identify("vendor-demo", "vendor"));
    EXPECT_FALSE(map.identify("vendor-demo", "lrm"));
    EXPECT_FALSE(map.identify("vendor-demo", "")) << "a certificate without OU does not satisfy an OU rule";
}

TEST(CertificateIdentityMap, OrganizationalUnitIsIgnoredWhenNotConfigured)
{
    const CertificateIdentityMap map({CertificateRule{"admin", IdentityKind::Admin, "admin", std::nullopt}});

    EXPECT_TRUE(map.identify("admin", ""));
    EXPECT_TRUE(map.identify("admin", "anything"));
}

TEST(CertificateIdentityMap, UnknownSubjectIsNullopt)
{
    const CertificateIdentityMap map({CertificateRule{"admin", IdentityKind::Admin, "admin", "admin"}});
    EXPECT_FALSE(map.identify("stranger", "admin"));
    EXPECT_FALSE(CertificateIdentityMap({}).identify("admin", "admin"));
}

TEST(CertificateIdentityMap, FirstMatchingRuleWins)
{
    const CertificateIdentityMap map({
        CertificateRule{"vendor-a", IdentityKind::Vendor, "shared-cn", "a"},
        CertificateRule{"catch-all", IdentityKind::Lrm, "shared-cn", std::nullopt},
        CertificateRule{"vendor-b", IdentityKind::Vendor, "shared-cn", "b"},
    });

    EXPECT_EQ(map.identify("shared-cn", "a")->name, "vendor-a");
    EXPECT_EQ(map.identify("shared-cn", "b")->name, "catch-all");
    EXPECT_EQ(map.identify("shared-cn", "")->name, "catch-all");
}
