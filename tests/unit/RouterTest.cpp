#include "fhir/rest/Router.h"

#include <gtest/gtest.h>

using sas::core::IdentityKind;
using sas::fhir::rest::Access;
using sas::fhir::rest::Exchange;
using sas::fhir::rest::Router;

namespace
{

sas::core::Status noop(Exchange&)
{
    return {};
}

} // namespace

TEST(Router, LiteralSegmentBeatsParameter)
{
    for (bool literalFirst : {true, false})
    {
        SCOPED_TRACE(literalFirst ? "literal registered first" : "parameter registered first");
        Router router;
        if (literalFirst)
            router.add("GET", "/fhir/metadata", Access::publicRoute(), noop);
        router.add("GET", "/fhir/{type}", Access::forKinds({IdentityKind::Vendor}), noop);
        if (!literalFirst)
            router.add("GET", "/fhir/metadata", Access::publicRoute(), noop);

        const auto metadata = router.match("/fhir/metadata");
        ASSERT_TRUE(metadata);
        EXPECT_EQ(metadata->route->pathTemplate, "/fhir/metadata");
        EXPECT_TRUE(metadata->pathParameters.empty());

        const auto slot = router.match("/fhir/Slot");
        ASSERT_TRUE(slot);
        EXPECT_EQ(slot->route->pathTemplate, "/fhir/{type}");
    }
}

TEST(Router, MoreLiteralSegmentsWin)
{
    Router router;
    router.add("GET", "/fhir/{type}/{id}", Access::publicRoute(), noop);
    router.add("GET", "/fhir/Slot/{id}", Access::publicRoute(), noop);

    const auto match = router.match("/fhir/Slot/42");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->pathTemplate, "/fhir/Slot/{id}");
    EXPECT_EQ(match->pathParameters.at("id"), "42");
    EXPECT_EQ(match->pathParameters.count("type"), 0u);
}

TEST(Router, ExtractsPathParameters)
{
    Router router;
    router.add("GET", "/fhir/{type}/{id}/_history/{vid}", Access::publicRoute(), noop);

    const auto match = router.match("/fhir/Appointment/a-1/_history/3");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->pathParameters.size(), 3u);
    EXPECT_EQ(match->pathParameters.at("type"), "Appointment");
    EXPECT_EQ(match->pathParameters.at("id"), "a-1");
    EXPECT_EQ(match->pathParameters.at("vid"), "3");
}

TEST(Router, ToleratesATrailingSlash)
{
    Router router;
    router.add("GET", "/fhir/metadata", Access::publicRoute(), noop);
    router.add("GET", "/fhir/{type}/{id}", Access::publicRoute(), noop);

    const auto metadata = router.match("/fhir/metadata/");
    ASSERT_TRUE(metadata);
    EXPECT_EQ(metadata->route->pathTemplate, "/fhir/metadata");

    const auto slot = router.match("/fhir/Slot/1/");
    ASSERT_TRUE(slot);
    EXPECT_EQ(slot->pathParameters.at("id"), "1");
}

TEST(Router, NoMatchIsNullopt)
{
    Router router;
    router.add("GET", "/fhir/metadata", Access::publicRoute(), noop);

    EXPECT_FALSE(router.match("/fhir/other"));
    EXPECT_FALSE(router.match("/other/metadata"));
    EXPECT_FALSE(router.match(""));
    EXPECT_FALSE(Router().match("/fhir/metadata"));
}

TEST(Router, SegmentCountMustBeEqual)
{
    Router router;
    router.add("GET", "/fhir/{type}", Access::publicRoute(), noop);

    EXPECT_FALSE(router.match("/fhir"));
    EXPECT_FALSE(router.match("/fhir/Slot/1"));
    EXPECT_TRUE(router.match("/fhir/Slot"));
}

TEST(Router, EmptySegmentDoesNotMatchAParameter)
{
    Router router;
    router.add("GET", "/fhir/{type}/{id}", Access::publicRoute(), noop);

    EXPECT_FALSE(router.match("/fhir//1"));
    EXPECT_FALSE(router.match("/fhir/Slot//"));
    EXPECT_TRUE(router.match("/fhir/Slot/1"));
}

TEST(Router, MethodsOfOneTemplateShareTheRoute)
{
    Router router;
    router.add("GET", "/fhir/{type}/{id}", Access::forKinds({IdentityKind::Vendor}), noop);
    router.add("PUT", "/fhir/{type}/{id}", Access::forKinds({IdentityKind::Admin}), noop);

    ASSERT_EQ(router.routes().size(), 1u);
    const auto match = router.match("/fhir/Slot/1");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->handlers.size(), 2u);
    EXPECT_TRUE(match->route->handlers.contains("GET"));
    EXPECT_TRUE(match->route->handlers.contains("PUT"));
    // Each method keeps its own access rule.
    EXPECT_TRUE(match->route->handlers.at("GET").access.kinds.contains(IdentityKind::Vendor));
    EXPECT_FALSE(match->route->handlers.at("GET").access.kinds.contains(IdentityKind::Admin));
    EXPECT_TRUE(match->route->handlers.at("PUT").access.kinds.contains(IdentityKind::Admin));
}

TEST(Router, RootPathMatchesOnlyRoot)
{
    Router router;
    router.add("GET", "/", Access::publicRoute(), noop);
    router.add("GET", "/{page}", Access::publicRoute(), noop);

    const auto root = router.match("/");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->route->pathTemplate, "/");

    const auto page = router.match("/health");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->pathParameters.at("page"), "health");
}

TEST(Router, LiteralMatchIsCaseSensitive)
{
    Router router;
    router.add("GET", "/fhir/metadata", Access::publicRoute(), noop);
    EXPECT_FALSE(router.match("/fhir/Metadata"));
}
