#include "fhir/rest/Format.h"

#include <gtest/gtest.h>

using sas::core::ErrorCode;
using sas::fhir::rest::bodyFormat;
using sas::fhir::rest::Format;
using sas::fhir::rest::isAcceptedBodyMediaType;
using sas::fhir::rest::negotiateRepresentation;

namespace
{

/// The media type of a Content-Type value, without parameters ("application/fhir+json").
std::string mediaType(const std::string& contentType)
{
    return contentType.substr(0, contentType.find(';'));
}

} // namespace

TEST(NegotiateRepresentation, NoPreferenceGivesFhirJson)
{
    const auto chosen = negotiateRepresentation("", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Json);
    EXPECT_EQ(mediaType(chosen->contentType), "application/fhir+json");
    EXPECT_NE(chosen->contentType.find("utf-8"), std::string::npos);
    EXPECT_FALSE(chosen->pretty);

    const auto blank = negotiateRepresentation("   ", "", "");
    ASSERT_TRUE(blank);
    EXPECT_EQ(blank->format, Format::Json);
}

TEST(NegotiateRepresentation, FormatParameterOverridesAccept)
{
    const auto xml = negotiateRepresentation("application/fhir+json", "xml", "");
    ASSERT_TRUE(xml);
    EXPECT_EQ(xml->format, Format::Xml);
    EXPECT_EQ(mediaType(xml->contentType), "application/fhir+xml");

    const auto json = negotiateRepresentation("application/fhir+xml", "json", "");
    ASSERT_TRUE(json);
    EXPECT_EQ(json->format, Format::Json);

    const auto mime = negotiateRepresentation("", "application/fhir+xml", "");
    ASSERT_TRUE(mime);
    EXPECT_EQ(mime->format, Format::Xml);
}

TEST(NegotiateRepresentation, FhirXmlAcceptGivesXml)
{
    for (const char* accept : {"application/fhir+xml", "application/xml", "text/xml", "Application/FHIR+XML"})
    {
        const auto chosen = negotiateRepresentation(accept, "", "");
        ASSERT_TRUE(chosen) << accept;
        EXPECT_EQ(chosen->format, Format::Xml) << accept;
        EXPECT_EQ(mediaType(chosen->contentType), "application/fhir+xml") << accept;
    }
}

TEST(NegotiateRepresentation, HigherQualityWins)
{
    const auto chosen = negotiateRepresentation("application/fhir+json;q=0.1, application/fhir+xml", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Xml);

    const auto reversed = negotiateRepresentation("application/fhir+xml; q=0.5, application/fhir+json; q=0.9", "", "");
    ASSERT_TRUE(reversed);
    EXPECT_EQ(reversed->format, Format::Json);
}

TEST(NegotiateRepresentation, EqualQualityKeepsTheClientsOrder)
{
    const auto chosen = negotiateRepresentation("application/fhir+xml, application/fhir+json", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Xml);
}

TEST(NegotiateRepresentation, ZeroQualityExcludesAType)
{
    const auto chosen = negotiateRepresentation("application/fhir+xml;q=0, */*;q=0.1", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Json);

    const auto none = negotiateRepresentation("application/fhir+json;q=0", "", "");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::NotAcceptable);
}

TEST(NegotiateRepresentation, BrowserAcceptGivesJson)
{
    const auto chosen = negotiateRepresentation("text/html,application/xhtml+xml,*/*;q=0.8", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Json);
    EXPECT_EQ(mediaType(chosen->contentType), "application/fhir+json");
}

TEST(NegotiateRepresentation, WildcardGivesJson)
{
    const auto chosen = negotiateRepresentation("*/*", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Json);
}

TEST(NegotiateRepresentation, LegacyJsonFhirTypeIsEchoed)
{
    const auto chosen = negotiateRepresentation("application/json+fhir", "", "");
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->format, Format::Json);
    EXPECT_EQ(mediaType(chosen->contentType), "application/json+fhir");
}

TEST(NegotiateRepresentation, UnproducibleAcceptIsNotAcceptable)
{
    const auto chosen = negotiateRepresentation("text/plain", "", "");
    ASSERT_FALSE(chosen);
    EXPECT_EQ(chosen.error().code, ErrorCode::NotAcceptable);
}

TEST(NegotiateRepresentation, UnknownFormatParameterIsNotAcceptableAtFormat)
{
    const auto chosen = negotiateRepresentation("application/fhir+json", "bogus", "");
    ASSERT_FALSE(chosen);
    EXPECT_EQ(chosen.error().code, ErrorCode::NotAcceptable);
    ASSERT_FALSE(chosen.error().issues.empty());
    EXPECT_EQ(chosen.error().issues[0].expression, "_format");
}

TEST(NegotiateRepresentation, PrettyOnlyWhenTrue)
{
    const auto pretty = negotiateRepresentation("", "", "true");
    ASSERT_TRUE(pretty);
    EXPECT_TRUE(pretty->pretty);

    const auto prettyXml = negotiateRepresentation("", "xml", "true");
    ASSERT_TRUE(prettyXml);
    EXPECT_TRUE(prettyXml->pretty);
    EXPECT_EQ(prettyXml->format, Format::Xml);

    const auto notPretty = negotiateRepresentation("", "", "false");
    ASSERT_TRUE(notPretty);
    EXPECT_FALSE(notPretty->pretty);
}

TEST(BodyFormat, JsonVariantsAreJson)
{
    for (const char* type : {"application/fhir+json", "application/json+fhir", "application/json",
                             "application/fhir+json; charset=utf-8", "application/fhir+json;charset=UTF-8",
                             "application/fhir+json; charset=\"utf-8\"", "APPLICATION/FHIR+JSON"})
    {
        const auto format = bodyFormat(type);
        ASSERT_TRUE(format) << type;
        EXPECT_EQ(*format, Format::Json) << type;
        EXPECT_TRUE(isAcceptedBodyMediaType(type)) << type;
    }
}

TEST(BodyFormat, XmlVariantsAreXml)
{
    for (const char* type : {"application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml",
                             "application/fhir+xml; charset=utf-8"})
    {
        const auto format = bodyFormat(type);
        ASSERT_TRUE(format) << type;
        EXPECT_EQ(*format, Format::Xml) << type;
        EXPECT_TRUE(isAcceptedBodyMediaType(type)) << type;
    }
}

TEST(BodyFormat, OtherCharsetIsUnsupportedMediaType)
{
    const auto format = bodyFormat("application/fhir+json; charset=iso-8859-1");
    ASSERT_FALSE(format);
    EXPECT_EQ(format.error().code, ErrorCode::UnsupportedMediaType);
    EXPECT_FALSE(isAcceptedBodyMediaType("application/fhir+json; charset=iso-8859-1"));
}

TEST(BodyFormat, NonFhirTypesAreUnsupportedMediaType)
{
    for (const char* type : {"text/plain", "", "application/octet-stream", "multipart/form-data; boundary=x"})
    {
        const auto format = bodyFormat(type);
        ASSERT_FALSE(format) << type;
        EXPECT_EQ(format.error().code, ErrorCode::UnsupportedMediaType) << type;
        EXPECT_FALSE(isAcceptedBodyMediaType(type)) << type;
    }
}

TEST(BodyFormat, FormBodiesAreAcceptedOnlyAsMediaType)
{
    EXPECT_FALSE(bodyFormat("application/x-www-form-urlencoded"));
    EXPECT_TRUE(isAcceptedBodyMediaType("application/x-www-form-urlencoded"));
    EXPECT_TRUE(isAcceptedBodyMediaType("application/x-www-form-urlencoded; charset=utf-8"));
    EXPECT_FALSE(isAcceptedBodyMediaType("application/x-www-form-urlencoded; charset=iso-8859-1"));
}
