#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/xml/XmlReader.h"
#include "fhir/xml/XmlWriter.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <thread>
#include <vector>

using sas::core::ErrorCode;
using sas::fhir::Node;
using sas::fhir::readJson;
using sas::fhir::ReadOptions;
using sas::fhir::readXml;
using sas::fhir::writeJson;
using sas::fhir::writeXml;

namespace
{

std::string dump(const sas::core::Error& error)
{
    std::string text = error.message;
    for (const auto& issue : error.issues)
        text += "\n  " + issue.expression + ": " + issue.diagnostics;
    return text;
}

bool hasExpression(const sas::core::Error& error, const std::string& expression)
{
    return std::any_of(error.issues.begin(), error.issues.end(),
                       [&](const auto& issue) { return issue.expression == expression; });
}

std::string xmlOf(const std::string& json)
{
    auto parsed = readJson(json);
    EXPECT_TRUE(parsed) << dump(parsed.error());
    return parsed ? writeXml(parsed->resource) : std::string();
}

std::string jsonOf(const std::string& xml, const ReadOptions& options = {})
{
    auto parsed = readXml(xml, options);
    EXPECT_TRUE(parsed) << dump(parsed.error()) << "\n" << xml;
    return parsed ? writeJson(parsed->resource) : std::string();
}

const std::string DECLARATION = R"(<?xml version="1.0" encoding="UTF-8"?>)";

} // namespace

TEST(FhirXmlReader, DoctypeIsRejected)
{
    const auto result = readXml(DECLARATION + R"(<!DOCTYPE Organization><Organization xmlns="http://hl7.org/fhir">)"
                                              R"(<name value="a"/></Organization>)");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Invalid);
}

TEST(FhirXmlReader, ExternalEntityIsRejected)
{
    const auto result =
        readXml(DECLARATION + R"(<!DOCTYPE Organization [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"
                              R"(<Organization xmlns="http://hl7.org/fhir"><name value="&xxe;"/></Organization>)");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message.find("root:"), std::string::npos);
}

TEST(FhirXmlReader, BillionLaughsIsRejected)
{
    std::string xml = DECLARATION + "<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    for (int i = 1; i < 10; ++i)
    {
        xml += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k)
            xml += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        xml += "\">";
    }
    xml += R"(]><Organization xmlns="http://hl7.org/fhir"><name value="&lol9;"/></Organization>)";
    const auto result = readXml(xml);
    ASSERT_FALSE(result);
}

TEST(FhirXmlReader, UndeclaredEntityAndInvalidUtf8AreRejected)
{
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><name value="&nbsp;"/></Organization>)"));
    EXPECT_FALSE(readXml(std::string(R"(<Organization xmlns="http://hl7.org/fhir"><name value=")") + "\xC3\x28" +
                         R"("/></Organization>)"));
    EXPECT_FALSE(readXml("not xml"));
    EXPECT_FALSE(readXml(""));
}

TEST(FhirXmlReader, DeepNestingIsRejectedWithoutCrashing)
{
    std::string xml = R"(<Parameters xmlns="http://hl7.org/fhir">)";
    for (int i = 0; i < 10000; ++i)
        xml += "<parameter><name value=\"p\"/><part>";
    const auto unclosed = readXml(xml);
    ASSERT_FALSE(unclosed);
    for (int i = 0; i < 10000; ++i)
        xml += "</part></parameter>";
    xml += "</Parameters>";
    const auto deep = readXml(xml);
    ASSERT_FALSE(deep);
    EXPECT_EQ(deep.error().code, ErrorCode::Invalid);
}

TEST(FhirXmlReader, ElementOrderFollowsDefinitionsWhateverTheJsonOrder)
{
    const std::string shuffled =
        R"({"status":"free","end":"2024-06-12T17:00:00+02:00","comment":"c",)"
        R"("start":"2024-06-12T16:40:00+02:00","schedule":{"display":"d","reference":"Schedule/s"},)"
        R"("id":"s1","resourceType":"Slot"})";
    const std::string xml = xmlOf(shuffled);
    EXPECT_EQ(xml, DECLARATION +
                       R"(<Slot xmlns="http://hl7.org/fhir"><id value="s1"/><schedule>)"
                       R"(<reference value="Schedule/s"/><display value="d"/></schedule><status value="free"/>)"
                       R"(<start value="2024-06-12T16:40:00+02:00"/><end value="2024-06-12T17:00:00+02:00"/>)"
                       R"(<comment value="c"/></Slot>)");
}

TEST(FhirXmlReader, WriterOrdersMembersBuiltOutOfOrder)
{
    Node slot = Node::resource("Slot");
    slot.set("status", Node::string("free"));
    slot.set("id", Node::string("s1"));
    EXPECT_EQ(writeXml(slot),
              DECLARATION + R"(<Slot xmlns="http://hl7.org/fhir"><id value="s1"/><status value="free"/></Slot>)");
}

TEST(FhirXmlReader, OutOfOrderElementsAreAnErrorWhenStrictAndAWarningWhenLenient)
{
    const std::string xml =
        R"(<Organization xmlns="http://hl7.org/fhir"><name value="a"/><id value="o1"/></Organization>)";
    const auto strict = readXml(xml);
    ASSERT_FALSE(strict);
    EXPECT_TRUE(hasExpression(strict.error(), "Organization.id")) << dump(strict.error());
    const auto lenient = readXml(xml, ReadOptions{false});
    ASSERT_TRUE(lenient);
    ASSERT_EQ(lenient->warnings.size(), 1u);
    EXPECT_EQ(writeJson(lenient->resource), R"({"resourceType":"Organization","id":"o1","name":"a"})");

    const auto split = readXml(R"(<Organization xmlns="http://hl7.org/fhir"><alias value="a"/><name value="n"/>)"
                               R"(<alias value="b"/></Organization>)");
    ASSERT_FALSE(split) << "repetitions must be contiguous";
}

TEST(FhirXmlReader, UnknownElementsAttributesAndBadShapesAreReportedWithPaths)
{
    const auto result = readXml(
        R"(<Appointment xmlns="http://hl7.org/fhir"><status value="booked"/><participant><status value="accepted"/>)"
        R"(</participant><participant colour="x"><actor><nickname value="x"/></actor><status value="accepted"/>)"
        R"(</participant><start value="2024-06-12T16:40:00"/>text<end value="2024-06-12T17:00:00+02:00"/>)"
        R"(<end value="2024-06-12T17:00:00+02:00"/></Appointment>)");
    ASSERT_FALSE(result);
    EXPECT_TRUE(hasExpression(result.error(), "Appointment.participant[1].@colour")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Appointment.participant[1].actor.nickname")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Appointment.start")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Appointment")) << "text content\n" << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Appointment.end")) << "repeated single element\n"
                                                                  << dump(result.error());

    const auto lenient = readXml(R"(<Organization xmlns="http://hl7.org/fhir"><name value="a"/><colour value="b"/>)"
                                 R"(</Organization>)",
                                 ReadOptions{false});
    ASSERT_TRUE(lenient);
    EXPECT_EQ(lenient->warnings.at(0).expression, "Organization.colour");
}

TEST(FhirXmlReader, PrimitivesNeedValuesAndTypedValues)
{
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><name/></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><name value=""/></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><active value="yes"/></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><name>text</name></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><identifier/></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://example.org"><name value="a"/></Organization>)"));
    EXPECT_FALSE(readXml(R"(<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>)"));
    EXPECT_EQ(jsonOf(R"(<Organization xmlns="http://hl7.org/fhir"><active value="true"/></Organization>)"),
              R"({"resourceType":"Organization","active":true})");
}

TEST(FhirXmlReader, DecimalsKeepTheirLexicalFormThroughXml)
{
    const std::string json = R"({"resourceType":"Parameters","parameter":[{"name":"a","valueDecimal":12.50},)"
                             R"({"name":"b","valueDecimal":1e305},{"name":"c","valueDecimal":0.000001},)"
                             R"({"name":"d","valueDecimal":9.)" +
                             std::string(400, '9') + "}]}";
    const std::string xml = xmlOf(json);
    EXPECT_NE(xml.find(R"(<valueDecimal value="12.50"/>)"), std::string::npos) << xml;
    EXPECT_EQ(jsonOf(xml), json);
}

TEST(FhirXmlReader, PrimitiveExtensionsRoundTripThroughXml)
{
    const std::string json =
        R"({"resourceType":"Practitioner","name":[{"family":"Durand","_family":{"id":"f1"},"given":["Anne",null],)"
        R"("_given":[null,{"extension":[{"url":"http://example.org/initial","valueString":"J"}]}]}],)"
        R"("_birthDate":{"id":"b","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason",)"
        R"("valueCode":"unknown"}]}})";
    const std::string xml = xmlOf(json);
    EXPECT_NE(xml.find(R"(<family id="f1" value="Durand"/>)"), std::string::npos) << xml;
    EXPECT_NE(xml.find(R"(<given value="Anne"/><given><extension url="http://example.org/initial">)"
                       R"(<valueString value="J"/></extension></given>)"),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find(R"(<birthDate id="b"><extension url=)"), std::string::npos) << xml;
    EXPECT_EQ(jsonOf(xml), json);
}

TEST(FhirXmlReader, ContainedLocationInPractitionerRoleRoundTrips)
{
    const std::string json =
        R"({"resourceType":"PractitionerRole","id":"pr","contained":[{"resourceType":"Location","id":"loc",)"
        R"("address":{"line":["25 CHEMIN DE MOUNESTIE"],"city":"Aussonne","postalCode":"31840"}}],)"
        R"("practitioner":{"reference":"Practitioner/p"},"location":[{"reference":"#loc"}]})";
    const std::string xml = xmlOf(json);
    EXPECT_NE(xml.find(R"(<contained><Location><id value="loc"/><address>)"), std::string::npos) << xml;
    EXPECT_EQ(jsonOf(xml), json);
    EXPECT_FALSE(readXml(R"(<PractitionerRole xmlns="http://hl7.org/fhir"><contained><Location><id value="a"/>)"
                         R"(</Location><Location><id value="b"/></Location></contained></PractitionerRole>)"));
}

TEST(FhirXmlReader, NarrativeDivIsKeptAsMarkup)
{
    const std::string json = R"({"resourceType":"Organization","text":{"status":"generated",)"
                             R"("div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">)"
                             R"(<p class=\"x\">a &amp; b &lt; c</p><br/><a name=\"n\"> </a></div>"},"name":"o"})";
    const std::string xml = xmlOf(json);
    EXPECT_EQ(jsonOf(xml), json);
    EXPECT_FALSE(readXml(R"(<Organization xmlns="http://hl7.org/fhir"><text><status value="generated"/>)"
                         R"(<div><p>FHIR namespace</p></div></text></Organization>)"));
}

TEST(FhirXmlReader, EscapedValuesRoundTrip)
{
    const std::string json = R"({"resourceType":"Organization","name":"a & b < c > d \"e\" 'f'\nline\ttab"})";
    EXPECT_EQ(jsonOf(xmlOf(json)), json);
}

TEST(FhirXmlReader, ReadersAreThreadSafe)
{
    const std::string xml = xmlOf(R"({"resourceType":"Organization","id":"o","name":"n","alias":["a","b"]})");
    std::vector<std::thread> threads;
    std::vector<int> ok(8, 0);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back(
            [&, t]
            {
                for (int i = 0; i < 50; ++i)
                    ok[static_cast<std::size_t>(t)] +=
                        readXml(xml) && readJson(writeJson(readXml(xml)->resource)) ? 1 : 0;
            });
    for (auto& thread : threads)
        thread.join();
    for (int count : ok)
        EXPECT_EQ(count, 50);
}
