#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"
#include "fhir/search/selfLinkQuery.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace sas::fhir::search;

namespace
{

/// The query part of the self link of an IG example Bundle.
std::string selfLinkOf(const std::string& bundle)
{
    std::ifstream in(std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/ig" / bundle, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    const std::size_t url = json.find("\"url\":\"", json.find("\"relation\":\"self\""));
    const std::size_t start = json.find('?', url) + 1;
    return json.substr(start, json.find('"', start) - start);
}

} // namespace

TEST(FhirSearchSelfLinkTest, IgSelfLinksRoundTrip)
{
    const std::pair<const char*, const char*> bundles[] = {
        {"Bundle-ExampleBundlePSIndiv.json", "Slot"},
        {"Bundle-ExampleBundleCPTS.json", "Slot"},
        {"Bundle-ExampleBundleAgregateurSOS.json", "Schedule"},
    };
    for (const auto& [bundle, type] : bundles)
    {
        const std::string raw = selfLinkOf(bundle);
        const QueryParameters decoded = decodeQueryString(raw);
        ASSERT_GE(decoded.size(), 6u) << bundle;
        EXPECT_TRUE(parseSearch(type, decoded, Handling::Strict).has_value()) << bundle;
        const std::string self = selfLinkQuery(decoded);
        EXPECT_EQ(decodeQueryString(self), decoded) << bundle;
        EXPECT_EQ(selfLinkQuery(decodeQueryString(self)), self) << bundle;
    }
}

TEST(FhirSearchSelfLinkTest, EncodesLikeTheIg)
{
    // With '+' sent as %2B the self link is the IG's text, '|' as %7C.
    const std::string sent = "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free"
                             "&start=ge2021-11-04T14:19:35.760%2B00:00&schedule.actor:Practitioner.identifier="
                             "urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075"
                             "&_count=1000";
    EXPECT_EQ(selfLinkQuery(decodeQueryString(sent)), sent);
    EXPECT_EQ(selfLinkQuery({{"name", "a b&c=d#e%f\\g+h"}, {"é", "ü"}}),
              "name=a%20b%26c%3Dd%23e%25f%5Cg%2Bh&%C3%A9=%C3%BC");
    EXPECT_EQ(selfLinkQuery({}), "");
    // Nothing added or dropped: repeated and ignored parameters stay, in order.
    const QueryParameters parameters = {{"_format", "json"}, {"start", "ge2026"}, {"start", "le2027"}, {"x", ""}};
    EXPECT_EQ(decodeQueryString(selfLinkQuery(parameters)), parameters);
}

TEST(FhirSearchSelfLinkTest, DecodeQueryString)
{
    const QueryParameters decoded = decodeQueryString("a=1+2&&b=%7c%7C&c&d=%zz&=e&f=x=y");
    const QueryParameters expected = {{"a", "1 2"}, {"b", "||"}, {"c", ""}, {"d", "%zz"}, {"", "e"}, {"f", "x=y"}};
    EXPECT_EQ(decoded, expected);
}
