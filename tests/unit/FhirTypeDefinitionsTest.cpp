#include "fhir/model/TypeDefinitions.h"
#include "fhir/model/isValidPrimitive.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using sas::fhir::findResourceType;
using sas::fhir::findType;
using sas::fhir::isValidPrimitive;
using sas::fhir::TypeKind;

TEST(FhirTypeDefinitions, ResourcesHaveTheirBaseAndOwnElementsInOrder)
{
    const auto* slot = findResourceType("Slot");
    ASSERT_NE(slot, nullptr);
    std::vector<std::string> names;
    for (const auto& element : slot->elements())
        names.emplace_back(element.name);
    const std::vector<std::string> expected{
        "id",          "meta",      "implicitRules",     "language",   "text",
        "contained",   "extension", "modifierExtension", "identifier", "serviceCategory",
        "serviceType", "specialty", "appointmentType",   "schedule",   "status",
        "start",       "end",       "overbooked",        "comment"};
    EXPECT_EQ(names, expected);
    EXPECT_EQ(slot->element("start")->type, "instant");
    EXPECT_EQ(slot->element("schedule")->min, 1u);
    EXPECT_TRUE(slot->element("serviceType")->repeats);
    EXPECT_EQ(slot->element("id")->type, "id");
}

TEST(FhirTypeDefinitions, ChoiceElementsExpandPerType)
{
    const auto* extension = findType("Extension");
    ASSERT_NE(extension, nullptr);
    const auto* valueString = extension->element("valueString");
    const auto* valueCoding = extension->element("valueCoding");
    ASSERT_NE(valueString, nullptr);
    ASSERT_NE(valueCoding, nullptr);
    EXPECT_EQ(valueString->type, "string");
    EXPECT_EQ(valueCoding->type, "Coding");
    EXPECT_TRUE(valueString->choice);
    EXPECT_EQ(valueString->order, valueCoding->order);
    EXPECT_EQ(extension->element("value"), nullptr);
    EXPECT_EQ(extension->element("value[x]"), nullptr);
    EXPECT_EQ(extension->typeOf(*valueCoding), findType("Coding"));
}

TEST(FhirTypeDefinitions, BackboneElementsAndContentReferencesResolve)
{
    const auto* appointment = findResourceType("Appointment");
    ASSERT_NE(appointment, nullptr);
    const auto* participant = appointment->typeOf(*appointment->element("participant"));
    ASSERT_NE(participant, nullptr);
    EXPECT_EQ(participant->name(), "Appointment.participant");
    EXPECT_EQ(participant->kind(), TypeKind::Backbone);

    const auto* entry = findType("Bundle.entry");
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->typeOf(*entry->element("link")), findType("Bundle.link"));
    EXPECT_EQ(entry->typeOf(*entry->element("resource")), nullptr) << "a nested resource of any type";

    const auto* parameter = findType("Parameters.parameter");
    ASSERT_NE(parameter, nullptr);
    EXPECT_EQ(parameter->typeOf(*parameter->element("part")), parameter);
    EXPECT_NE(parameter->element("valueDecimal"), nullptr);
}

TEST(FhirTypeDefinitions, EveryRequestedResourceIsPresentAndAbstractOnesAreNotInstantiable)
{
    for (const char* name :
         {"Practitioner", "PractitionerRole", "Location", "Organization", "HealthcareService", "Schedule", "Slot",
          "Appointment", "Bundle", "OperationOutcome", "CapabilityStatement", "Parameters"})
        EXPECT_NE(findResourceType(name), nullptr) << name;
    EXPECT_EQ(findResourceType("Resource"), nullptr);
    EXPECT_EQ(findResourceType("DomainResource"), nullptr);
    EXPECT_NE(findType("DomainResource"), nullptr);
    EXPECT_EQ(findResourceType("Patient"), nullptr);
    EXPECT_EQ(findResourceType("Coding"), nullptr);
    EXPECT_TRUE(findType("dateTime")->isPrimitive());
    EXPECT_EQ(findType("decimal")->valueKind(), sas::fhir::Node::Kind::Number);
    EXPECT_EQ(findType("boolean")->valueKind(), sas::fhir::Node::Kind::Boolean);
    EXPECT_EQ(findType("xhtml")->valueKind(), sas::fhir::Node::Kind::Xhtml);
    EXPECT_NE(sas::fhir::definitionsSource().find("4.0.1"), std::string_view::npos);
}

TEST(FhirPrimitives, DatesTimesAndInstants)
{
    EXPECT_TRUE(isValidPrimitive("date", "2024"));
    EXPECT_TRUE(isValidPrimitive("date", "2024-02"));
    EXPECT_TRUE(isValidPrimitive("date", "2024-02-29"));
    EXPECT_FALSE(isValidPrimitive("date", "2023-02-29"));
    EXPECT_FALSE(isValidPrimitive("date", "2024-13-01"));
    EXPECT_FALSE(isValidPrimitive("date", "2024-1-01"));
    EXPECT_FALSE(isValidPrimitive("date", "2024-01-01T10:00:00Z"));
    EXPECT_TRUE(isValidPrimitive("dateTime", "2024-06-12T16:40:00.000+02:00"));
    EXPECT_TRUE(isValidPrimitive("dateTime", "2024-06-12"));
    EXPECT_FALSE(isValidPrimitive("dateTime", "2024-06-12T16:40:00")) << "a time needs a zone";
    EXPECT_FALSE(isValidPrimitive("dateTime", "2024-06-12T16:40+02:00"));
    EXPECT_TRUE(isValidPrimitive("instant", "2024-06-12T16:40:00Z"));
    EXPECT_TRUE(isValidPrimitive("instant", "2024-06-12T16:40:00-14:00"));
    EXPECT_FALSE(isValidPrimitive("instant", "2024-06-12T16:40:00+14:30"));
    EXPECT_FALSE(isValidPrimitive("instant", "2024-06-12T16:40:00+15:00"));
    EXPECT_FALSE(isValidPrimitive("instant", "2024-06-12"));
    EXPECT_FALSE(isValidPrimitive("instant", "2024-06-12T24:00:00Z"));
    EXPECT_TRUE(isValidPrimitive("time", "08:00:00"));
    EXPECT_FALSE(isValidPrimitive("time", "8:00"));
}

TEST(FhirPrimitives, NumbersCodesIdsAndOthers)
{
    EXPECT_TRUE(isValidPrimitive("decimal", "12.50"));
    EXPECT_TRUE(isValidPrimitive("decimal", "1e400"));
    EXPECT_TRUE(isValidPrimitive("decimal", "-0.000001"));
    EXPECT_FALSE(isValidPrimitive("decimal", "01.5"));
    EXPECT_FALSE(isValidPrimitive("decimal", "1."));
    EXPECT_FALSE(isValidPrimitive("decimal", "+1"));
    EXPECT_TRUE(isValidPrimitive("integer", "-2147483648"));
    EXPECT_FALSE(isValidPrimitive("integer", "2147483648"));
    EXPECT_FALSE(isValidPrimitive("integer", "1.0"));
    EXPECT_FALSE(isValidPrimitive("positiveInt", "0"));
    EXPECT_TRUE(isValidPrimitive("positiveInt", "1"));
    EXPECT_TRUE(isValidPrimitive("unsignedInt", "0"));
    EXPECT_FALSE(isValidPrimitive("unsignedInt", "-1"));
    EXPECT_TRUE(isValidPrimitive("code", "free"));
    EXPECT_TRUE(isValidPrimitive("code", "a b"));
    EXPECT_FALSE(isValidPrimitive("code", " free"));
    EXPECT_FALSE(isValidPrimitive("code", "free "));
    EXPECT_FALSE(isValidPrimitive("code", "a  b"));
    EXPECT_FALSE(isValidPrimitive("code", ""));
    EXPECT_TRUE(isValidPrimitive("id", "ExampleSlotCPTS1"));
    EXPECT_FALSE(isValidPrimitive("id", "has space"));
    EXPECT_FALSE(isValidPrimitive("id", std::string(65, 'a')));
    EXPECT_TRUE(isValidPrimitive("uri", "urn:oid:1.2.250.1.71.4.2.1"));
    EXPECT_FALSE(isValidPrimitive("uri", "http://a b"));
    EXPECT_TRUE(isValidPrimitive("oid", "urn:oid:1.2.250.1"));
    EXPECT_FALSE(isValidPrimitive("oid", "urn:oid:3.2"));
    EXPECT_TRUE(isValidPrimitive("uuid", "urn:uuid:b6e39355-8a61-4556-b340-36f7b95fec6a"));
    EXPECT_FALSE(isValidPrimitive("uuid", "urn:uuid:B6E39355-8A61-4556-B340-36F7B95FEC6A"));
    EXPECT_TRUE(isValidPrimitive("base64Binary", "aGVsbG8="));
    EXPECT_FALSE(isValidPrimitive("base64Binary", "aGVsbG8"));
    EXPECT_FALSE(isValidPrimitive("base64Binary", "aG=sbG8="));
    EXPECT_TRUE(isValidPrimitive("boolean", "true"));
    EXPECT_FALSE(isValidPrimitive("boolean", "TRUE"));
    EXPECT_FALSE(isValidPrimitive("string", ""));
}
