#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using sas::core::ErrorCode;
using sas::core::Severity;
using sas::fhir::Node;
using sas::fhir::readJson;
using sas::fhir::ReadOptions;
using sas::fhir::writeJson;

namespace
{

/// The expressions of every issue of a failed read, for readable assertions.
std::vector<std::string> expressions(const sas::core::Error& error)
{
    std::vector<std::string> out;
    for (const auto& issue : error.issues)
        out.push_back(issue.expression);
    return out;
}

bool hasExpression(const sas::core::Error& error, const std::string& expression)
{
    const auto all = expressions(error);
    return std::find(all.begin(), all.end(), expression) != all.end();
}

std::string dump(const sas::core::Error& error)
{
    std::string text = error.message;
    for (const auto& issue : error.issues)
        text += "\n  " + issue.expression + ": " + issue.diagnostics;
    return text;
}

std::string roundTrip(const std::string& json)
{
    auto parsed = readJson(json);
    EXPECT_TRUE(parsed) << dump(parsed.error());
    return parsed ? writeJson(parsed->resource) : std::string();
}

const std::string SLOT_HEAD = R"({"resourceType":"Slot","schedule":{"reference":"Schedule/s"},"status":"free",)"
                              R"("start":"2024-06-12T16:40:00+02:00","end":"2024-06-12T17:00:00+02:00")";

} // namespace

TEST(FhirJsonReader, DecimalsAndIntegersKeepTheirLexicalForm)
{
    const std::string json = R"({"resourceType":"Parameters","parameter":[{"name":"a","valueDecimal":12.50},)"
                             R"({"name":"b","valueDecimal":1e305},{"name":"c","valueDecimal":0.000001},)"
                             R"({"name":"d","valueDecimal":0.010},{"name":"e","valueInteger":-7},)"
                             R"({"name":"f","valueDecimal":0.1000000000000000055511151231257827}]})";
    EXPECT_EQ(roundTrip(json), json);
}

TEST(FhirJsonReader, IntegersOutOfRangeOrWithFractionsAreRejected)
{
    const auto result = readJson(R"({"resourceType":"Parameters","parameter":[{"name":"a","valueInteger":2147483648},)"
                                 R"({"name":"b","valuePositiveInt":0},{"name":"c","valueUnsignedInt":1.0}]})");
    ASSERT_FALSE(result);
    EXPECT_TRUE(hasExpression(result.error(), "Parameters.parameter[0].valueInteger")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Parameters.parameter[1].valuePositiveInt"));
    EXPECT_TRUE(hasExpression(result.error(), "Parameters.parameter[2].valueUnsignedInt"));
}

TEST(FhirJsonReader, InvalidUtf8IsRejected)
{
    for (const std::string& bad :
         {std::string("\xC3\x28"), std::string("\xED\xA0\x80"), std::string("\xF8\x88\x80\x80"), std::string("ok\xFF")})
    {
        const auto result = readJson(SLOT_HEAD + R"(,"comment":")" + bad + "\"}");
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, ErrorCode::Invalid);
    }
    EXPECT_TRUE(readJson(SLOT_HEAD + R"(,"comment":"Élodie 日本 🚑"})"));
}

TEST(FhirJsonReader, UnknownElementIsAnErrorWithItsPathWhenStrict)
{
    const auto result = readJson(SLOT_HEAD + R"(,"colour":"blue"})");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Invalid);
    ASSERT_EQ(result.error().issues.size(), 1u) << dump(result.error());
    EXPECT_EQ(result.error().issues[0].expression, "Slot.colour");
    EXPECT_EQ(result.error().issues[0].severity, Severity::Error);
}

TEST(FhirJsonReader, UnknownElementIsDroppedWithAWarningWhenLenient)
{
    const auto result = readJson(SLOT_HEAD + R"(,"colour":"blue","schedule2":{"x":1}})", ReadOptions{false});
    ASSERT_TRUE(result) << dump(result.error());
    ASSERT_EQ(result->warnings.size(), 2u);
    EXPECT_EQ(result->warnings[0].expression, "Slot.colour");
    EXPECT_EQ(result->warnings[0].severity, Severity::Warning);
    EXPECT_EQ(result->resource.find("colour"), nullptr);
    EXPECT_EQ(writeJson(result->resource), SLOT_HEAD + "}");
}

TEST(FhirJsonReader, NestedPathsIndexRepeatsAndNameNestedResourceTypes)
{
    const std::string json =
        R"({"resourceType":"Bundle","type":"searchset",)"
        R"("entry":[{"fullUrl":"urn:uuid:b6e39355-8a61-4556-b340-36f7b95fec6a"},)"
        R"({"resource":{"resourceType":"Appointment","status":"booked","participant":[{"status":"accepted"},)"
        R"({"status":"accepted","actor":{"reference":"Practitioner/1","nickname":"x"}}]}},)"
        R"({"resource":{"resourceType":"Slot","schedule":{"reference":"Schedule/s"},"status":" free",)"
        R"("start":"2024-06-12T16:40:00+02:00","end":"2024-06-12T17:00:00+02:00"}}]})";
    const auto result = readJson(json);
    ASSERT_FALSE(result);
    EXPECT_TRUE(
        hasExpression(result.error(), "Bundle.entry[1].resource.ofType(Appointment).participant[1].actor.nickname"))
        << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Bundle.entry[2].resource.ofType(Slot).status")) << dump(result.error());
}

TEST(FhirJsonReader, WrongJsonTypesAreRejected)
{
    const auto result = readJson(R"({"resourceType":"Slot","schedule":[{"reference":"Schedule/s"}],"status":"free",)"
                                 R"("start":20240612,"end":"2024-06-12T17:00:00+02:00","overbooked":"true",)"
                                 R"("serviceType":{"text":"x"},"comment":true})");
    ASSERT_FALSE(result);
    for (const char* path : {"Slot.schedule", "Slot.start", "Slot.overbooked", "Slot.serviceType", "Slot.comment"})
        EXPECT_TRUE(hasExpression(result.error(), path)) << path << "\n" << dump(result.error());
}

TEST(FhirJsonReader, SeveralIssuesAreCollectedInOneError)
{
    const auto result = readJson(R"({"resourceType":"Slot","schedule":{"reference":""},"status":"free",)"
                                 R"("start":"2024-06-12T16:40:00","end":"2024-06-12T17:00:00+02:00",)"
                                 R"("identifier":[],"meta":{},"colour":1,"id":"bad id!"})");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Invalid);
    for (const char* path :
         {"Slot.schedule.reference", "Slot.start", "Slot.identifier", "Slot.meta", "Slot.colour", "Slot.id"})
        EXPECT_TRUE(hasExpression(result.error(), path)) << path << "\n" << dump(result.error());
    EXPECT_GE(result.error().issues.size(), 6u);
}

TEST(FhirJsonReader, MissingRequiredElementsAndDoubleChoicesAreRejected)
{
    const auto result =
        readJson(R"({"resourceType":"Slot","schedule":{"reference":"Schedule/s"},)"
                 R"("start":"2024-06-12T16:40:00+02:00","end":"2024-06-12T17:00:00+02:00",)"
                 R"("extension":[{"url":"http://x","valueString":"a","valueCode":"b"},{"valueCode":"c"}]})");
    ASSERT_FALSE(result);
    EXPECT_TRUE(hasExpression(result.error(), "Slot.status")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Slot.extension[0]")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Slot.extension[1].url")) << dump(result.error());
}

TEST(FhirJsonReader, ResourceTypeMissingUnknownOrNotAnObject)
{
    EXPECT_FALSE(readJson(R"({"id":"x"})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Patient","id":"x"})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"DomainResource","id":"x"})"));
    EXPECT_FALSE(readJson(R"([{"resourceType":"Slot"}])"));
    EXPECT_FALSE(readJson(R"("Slot")"));
    EXPECT_FALSE(readJson(""));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","name":"a"} trailing)"));
    EXPECT_FALSE(readJson(std::string(R"({"resourceType":"Organization","name":"a"})") + '\0'));
    const auto result = readJson(R"({"resourceType":"Organization","name":"a","name":"b"})");
    ASSERT_FALSE(result) << "duplicate keys";
}

TEST(FhirJsonReader, EmptyValuesAndMisplacedNullsAreRejected)
{
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","name":""})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","identifier":[{}]})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","alias":[]})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","name":null})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","alias":["a",null]})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","identifier":[null]})"));
    EXPECT_FALSE(readJson(R"({"resourceType":"Organization","alias":["a"],"_alias":[null,{"id":"x"}]})"));
}

TEST(FhirJsonReader, DeepNestingIsRejectedWithoutCrashing)
{
    const auto arrays = readJson(std::string(10000, '[') + std::string(10000, ']'));
    ASSERT_FALSE(arrays);
    EXPECT_EQ(arrays.error().code, ErrorCode::Invalid);

    std::string objects = R"({"resourceType":"Parameters","parameter":[)";
    for (int i = 0; i < 5000; ++i)
        objects += R"({"name":"p","part":[)";
    const auto deep = readJson(objects);
    ASSERT_FALSE(deep);

    std::string fine =
        R"({"resourceType":"Parameters","parameter":[{"name":"p","part":[{"name":"q","valueBoolean":true}]}]})";
    EXPECT_TRUE(readJson(fine));
    EXPECT_FALSE(readJson(fine, ReadOptions{true, 4}));
}

TEST(FhirJsonReader, MembersAreStoredInDefinitionOrder)
{
    const std::string shuffled = R"({"end":"2024-06-12T17:00:00+02:00","status":"free","id":"s1",)"
                                 R"("start":"2024-06-12T16:40:00+02:00","resourceType":"Slot",)"
                                 R"("schedule":{"reference":"Schedule/s","display":"d","id":"r"}})";
    EXPECT_EQ(roundTrip(shuffled), R"({"resourceType":"Slot","id":"s1","schedule":{"id":"r","reference":"Schedule/s",)"
                                   R"("display":"d"},"status":"free","start":"2024-06-12T16:40:00+02:00",)"
                                   R"("end":"2024-06-12T17:00:00+02:00"})");
}

TEST(FhirJsonReader, PrimitiveExtensionsAndNullsInArraysRoundTrip)
{
    const std::string json =
        R"({"resourceType":"Practitioner","name":[{"family":"Durand","_family":{"id":"f1"},)"
        R"("given":["Anne",null,"Marie"],)"
        R"("_given":[null,{"extension":[{"url":"http://example.org/initial","valueString":"J"}]},{"id":"g3"}]}],)"
        R"("_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason",)"
        R"("valueCode":"unknown"}]}})";
    auto parsed = readJson(json);
    ASSERT_TRUE(parsed) << dump(parsed.error());
    const Node* name = parsed->resource.first("name");
    ASSERT_NE(name, nullptr);
    const auto* given = name->find("given");
    ASSERT_NE(given, nullptr);
    ASSERT_EQ(given->values.size(), 3u);
    EXPECT_EQ(given->values[1].kind(), Node::Kind::Null);
    EXPECT_NE(given->values[1].find("extension"), nullptr);
    EXPECT_EQ(parsed->resource.first("birthDate")->kind(), Node::Kind::Null);
    EXPECT_EQ(writeJson(parsed->resource), json);
}

TEST(FhirJsonReader, TwinWithoutPrimitiveOrOnAComplexElementIsUnknown)
{
    const auto result =
        readJson(R"({"resourceType":"Organization","_identifier":[{"id":"x"}],"_name":{"colour":"x"}})");
    ASSERT_FALSE(result);
    EXPECT_TRUE(hasExpression(result.error(), "Organization._identifier")) << dump(result.error());
    EXPECT_TRUE(hasExpression(result.error(), "Organization.name.colour")) << dump(result.error());
}

TEST(FhirJsonReader, NarrativeMustBeAWellFormedXhtmlDiv)
{
    const std::string head = R"({"resourceType":"Organization","text":{"status":"generated","div":)";
    EXPECT_TRUE(readJson(head + R"("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a &amp; b</p></div>"}})"));
    EXPECT_FALSE(readJson(head + R"("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>unclosed</div>"}})"));
    EXPECT_FALSE(readJson(head + R"("<div><p>no namespace</p></div>"}})"));
    EXPECT_FALSE(readJson(head + R"("<p xmlns=\"http://www.w3.org/1999/xhtml\">not a div</p>"}})"));
    EXPECT_FALSE(readJson(
        head + R"("<!DOCTYPE div [<!ENTITY e \"x\">]><div xmlns=\"http://www.w3.org/1999/xhtml\">&e;</div>"}})"));
}

TEST(FhirJsonReader, ContainedLocationInPractitionerRoleRoundTrips)
{
    const std::string json =
        R"({"resourceType":"PractitionerRole","id":"pr","contained":[{"resourceType":"Location","id":"loc",)"
        R"("address":{"line":["25 CHEMIN DE MOUNESTIE"],"city":"Aussonne","postalCode":"31840"}}],)"
        R"("practitioner":{"reference":"Practitioner/p"},"location":[{"reference":"#loc"}]})";
    auto parsed = readJson(json);
    ASSERT_TRUE(parsed) << dump(parsed.error());
    const Node* contained = parsed->resource.first("contained");
    ASSERT_NE(contained, nullptr);
    EXPECT_EQ(contained->resourceType(), "Location");
    EXPECT_EQ(writeJson(parsed->resource), json);

    const auto bad =
        readJson(R"({"resourceType":"PractitionerRole","contained":[{"resourceType":"Location","city":"x"}]})");
    ASSERT_FALSE(bad);
    EXPECT_TRUE(hasExpression(bad.error(), "PractitionerRole.contained[0].ofType(Location).city")) << dump(bad.error());
}

TEST(FhirJsonReader, DecimalsBeyondTheRangeOfADoubleAreRefusedWithTheirPath)
{
    for (const std::string& number : std::vector<std::string>{"1e999", "-1.5e309", "1" + std::string(309, '0'), "0.0000001e316",
                                     "1.8e308"})
    {
        auto read = readJson(R"({"resourceType":"Location","position":{"longitude":)" + number + R"(,"latitude":1}})");
        ASSERT_FALSE(read) << number;
        EXPECT_TRUE(hasExpression(read.error(), "Location.position.longitude")) << number << dump(read.error());
    }
    for (const std::string& number : std::vector<std::string>{"1.7e308", "1" + std::string(308, '0'), "1e-999", "0e999", "0.000", "-0.5e2"})
    {
        auto read = readJson(R"({"resourceType":"Location","position":{"longitude":)" + number + R"(,"latitude":1}})");
        ASSERT_TRUE(read) << number << dump(read.error());
        EXPECT_EQ(writeJson(read->resource).find(number) != std::string::npos, true) << "kept as written: " << number;
    }
}
