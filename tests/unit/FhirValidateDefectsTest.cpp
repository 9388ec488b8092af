#include "tests/unit/FhirValidateFixtures.h"
#include "fhir/json/JsonReader.h"
#include "fhir/validate/ProfileValidator.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

using sas::core::ErrorCode;
using sas::core::Issue;
using sas::fhir::Node;
using sas::fhir::readJson;
using sas::fhir::validate::ProfileValidator;
using sas::fhir::validate::ValidationReport;

namespace
{

using sas::test::SOURCE;
using sas::test::validator;
using sas::test::fixtureText;
using sas::test::parse;

/// The fixture with each `from` (which must occur exactly once) replaced by `to`.
Node mutated(const std::string& name, std::initializer_list<std::pair<std::string, std::string>> replacements)
{
    std::string text = fixtureText(name);
    for (const auto& [from, to] : replacements)
    {
        const std::size_t at = text.find(from);
        if (at == std::string::npos || text.find(from, at + 1) != std::string::npos)
            throw std::runtime_error(name + ": '" + from + "' must occur exactly once");
        text.replace(at, from.size(), to);
    }
    return parse(text);
}

/// A copy of an object node without one member.
Node without(const Node& node, std::string_view name)
{
    Node copy = node.resourceType().empty() ? Node::object() : Node::resource(node.resourceType());
    for (const Node::Member& member : node.members())
        if (member.name != name && member.name != "resourceType")
            copy.addMember(member);
    return copy;
}

std::string describe(const std::vector<Issue>& issues)
{
    std::string text;
    for (const auto& issue : issues)
        text += "  [" + issue.code + "] " + issue.expression + ": " + issue.diagnostics + "\n";
    return text;
}

/// Expects exactly one error, with that code and expression, and no warning.
void expectOnlyError(const Node& resource, const std::string& code, const std::string& expression)
{
    const ValidationReport report = validator().validateReport(resource);
    ASSERT_EQ(report.errors.size(), 1u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].code, code) << describe(report.errors);
    EXPECT_EQ(report.errors[0].expression, expression) << describe(report.errors);
    EXPECT_EQ(report.errors[0].severity, sas::core::Severity::Error);
    EXPECT_TRUE(report.warnings.empty()) << describe(report.warnings);
    const auto status = validator().validate(resource);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::Unprocessable);
    ASSERT_EQ(status.error().issues.size(), 1u);
}

const std::string SLOT = "Slot-ExampleSlotPSIndiv1.json";

} // namespace

TEST(FhirValidateDefectsTest, AMissingRequiredElementBuiltInCodeIsRequired)
{
    expectOnlyError(without(parse(fixtureText(SLOT)), "schedule"), "required", "Slot.schedule");
}

TEST(FhirValidateDefectsTest, AnElementTheProfileMakesRequiredIsRequired)
{
    expectOnlyError(mutated("Appointment-1.json", {{R"(,"end":"2022-09-04T14:15:00+01:00")", ""}}), "required",
                    "Appointment.end");
}

TEST(FhirValidateDefectsTest, ACardinalityAboveTheProfileMaximumIsAStructureError)
{
    const Node appointment =
        mutated("Appointment-1.json", {{R"("identifier":[{"system":"urn:oid:1.1.111.1.11.1.1.1",)",
                                        R"("identifier":[{"system":"https://editeur.fr","value":"2"},)"
                                        R"({"system":"urn:oid:1.1.111.1.11.1.1.1",)"}});
    expectOnlyError(appointment, "structure", "Appointment.identifier");
}

TEST(FhirValidateDefectsTest, AValueOtherThanTheFixedValueIsAValueError)
{
    expectOnlyError(mutated(SLOT, {{R"("status":"free")", R"("status":"busy")"}}), "value", "Slot.status");
}

TEST(FhirValidateDefectsTest, ACodeOutsideARequiredBindingIsCodeInvalid)
{
    const Node slot = mutated(SLOT, {{R"("status":"free")", R"("status":"bogus")"}});
    expectOnlyError(slot, "code-invalid", "Slot.status");
    const ValidationReport report = validator().validateReport(slot);
    EXPECT_NE(report.errors[0].diagnostics.find("http://hl7.org/fhir/ValueSet/slotstatus"), std::string::npos);
    EXPECT_NE(report.errors[0].diagnostics.find("FrSlotAgregateur"), std::string::npos);
}

TEST(FhirValidateDefectsTest, ASlotTypeOutsideTheSosValueSetIsCodeInvalid)
{
    const Node slot = mutated("Slot-ExampleSlotSOS1.json",
                              {{R"(TRE-R314-TypeCreneau","code":"SNP")", R"(TRE-R314-TypeCreneau","code":"PRO")"}});
    expectOnlyError(slot, "code-invalid", "Slot.meta.security[1]");
}

TEST(FhirValidateDefectsTest, AConsultationTypeOutsideTheSosValueSetIsCodeInvalid)
{
    const Node slot = mutated("Slot-ExampleSlotSOS1.json", {{R"("code":"VR")", R"("code":"EMER")"}});
    expectOnlyError(slot, "code-invalid", "Slot.serviceType[1].coding[0]");
}

TEST(FhirValidateDefectsTest, AProfessionalIdentifierInAnotherSystemBreaksThePattern)
{
    const Node practitioner =
        mutated("Practitioner-ExamplePractitioner.json",
                {{R"("system":"urn:oid:1.2.250.1.71.4.2.1")", R"("system":"https://rpps.example.fr")"}});
    expectOnlyError(practitioner, "value", "Practitioner.identifier[0].system");
}

TEST(FhirValidateDefectsTest, AnRppsWithoutItsPrefixIsAValueError)
{
    const Node practitioner =
        mutated("Practitioner-ExamplePractitioner.json", {{R"("value":"810002909371")", R"("value":"10002909371")"}});
    expectOnlyError(practitioner, "value", "Practitioner.identifier[0].value");
    const ValidationReport report = validator().validateReport(practitioner);
    EXPECT_EQ(report.errors[0].diagnostics.find("10002909371"), std::string::npos) << "never echo the value";
}

TEST(FhirValidateDefectsTest, TheEffectorOfAnAppointmentNeedsAPrefixedRpps)
{
    const Node appointment = mutated("Appointment-1.json", {{R"("value":"810100050075")", R"("value":"10100050075")"}});
    expectOnlyError(appointment, "value", "Appointment.participant[0].actor.identifier.value");
}

TEST(FhirValidateDefectsTest, TheRegulatorOfAnAppointmentKeepsItsCpxIdentifier)
{
    const Node appointment = parse(fixtureText("Appointment-1.json"));
    EXPECT_TRUE(validator().validateReport(appointment).ok());
}

TEST(FhirValidateDefectsTest, AnOidSystemWithoutUrnPrefixIsAValueError)
{
    const Node appointment = mutated(
        "Appointment-1.json", {{R"("system":"urn:oid:1.1.111.1.11.1.1.1")", R"("system":"1.1.111.1.11.1.1.1")"}});
    expectOnlyError(appointment, "value", "Appointment.identifier[0].system");
}

TEST(FhirValidateDefectsTest, AParticipantStatusOtherThanAcceptedBreaksThePsIndivPattern)
{
    const Node appointment = mutated("Appointment-1.json", {{R"("status":"accepted")", R"("status":"needs-action")"}});
    expectOnlyError(appointment, "value", "Appointment.participant[0].status");
}

TEST(FhirValidateDefectsTest, APhoneNotInTheFrenchInternationalFormatIsAValueError)
{
    const Node role = mutated("PractitionerRole-ExamplePractitionerRoleAgregateur.json",
                              {{R"("value":"+33561855977")", R"("value":"05 61 85 59 77")"}});
    expectOnlyError(role, "value", "PractitionerRole.telecom[0].value");
    const ValidationReport report = validator().validateReport(role);
    EXPECT_EQ(report.errors[0].diagnostics.find("05 61"), std::string::npos) << "never echo a phone number";
}

TEST(FhirValidateDefectsTest, AnEmptyStringBuiltInCodeIsAValueError)
{
    Node slot = parse(fixtureText(SLOT));
    slot.set("comment", Node::string(""));
    expectOnlyError(slot, "value", "Slot.comment");
}

TEST(FhirValidateDefectsTest, AnEmptyObjectOrArrayBuiltInCodeIsAStructureError)
{
    Node slot = parse(fixtureText(SLOT));
    slot.set("appointmentType", Node::object());
    expectOnlyError(slot, "structure", "Slot.appointmentType");

    Node slot2 = without(parse(fixtureText(SLOT)), "identifier");
    slot2.addMember(Node::Member{"identifier", {}, true});
    expectOnlyError(slot2, "structure", "Slot.identifier");
}

TEST(FhirValidateDefectsTest, AnUnknownElementBuiltInCodeIsAStructureError)
{
    Node slot = parse(fixtureText(SLOT));
    slot.set("colour", Node::string("blue"));
    expectOnlyError(slot, "structure", "Slot.colour");
}

TEST(FhirValidateDefectsTest, ASlotThatEndsBeforeItStartsBreaksAnInvariant)
{
    expectOnlyError(mutated(SLOT, {{R"("end":"2021-11-05T09:30:00.000+00:00")", R"("end":"2021-11-05T08:30:00Z")"}}),
                    "invariant", "Slot.end");
    expectOnlyError(mutated(SLOT, {{R"("end":"2021-11-05T09:30:00.000+00:00")", R"("end":"2021-11-05T09:00:00Z")"}}),
                    "invariant", "Slot.end");
}

TEST(FhirValidateDefectsTest, SlotTimesAreComparedWithTheirOffsets)
{
    const Node slot =
        mutated(SLOT, {{R"("start":"2021-11-05T09:00:00.000+00:00")", R"("start":"2021-11-05T10:00:00+01:00")"},
                       {R"("end":"2021-11-05T09:30:00.000+00:00")", R"("end":"2021-11-05T09:30:00.000Z")"}});
    EXPECT_TRUE(validator().validateReport(slot).ok());
}

TEST(FhirValidateDefectsTest, AnUnknownProfileIsAWarningAndOnlyTheBaseRulesApply)
{
    const Node slot = mutated(SLOT, {{"http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur",
                                      "https://example.org/StructureDefinition/OtherSlot"},
                                     {R"("status":"free")", R"("status":"busy")"}});
    const ValidationReport report = validator().validateReport(slot);
    EXPECT_TRUE(report.errors.empty()) << describe(report.errors);
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_EQ(report.warnings[0].expression, "Slot.meta.profile[0]");
    EXPECT_EQ(report.warnings[0].severity, sas::core::Severity::Warning);
    EXPECT_TRUE(validator().validate(slot).has_value());
}

TEST(FhirValidateDefectsTest, AVersionedCanonicalNamesTheLoadedProfile)
{
    const Node slot = mutated(SLOT, {{"http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur",
                                      "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur|1.1.0"},
                                     {R"("status":"free")", R"("status":"busy")"}});
    expectOnlyError(slot, "value", "Slot.status");
}

TEST(FhirValidateDefectsTest, WithoutMetaProfileTheDefaultProfileOfTheTypeApplies)
{
    Node slot = without(mutated(SLOT, {{R"("status":"free")", R"("status":"busy")"}}), "meta");
    expectOnlyError(slot, "value", "Slot.status");
}

TEST(FhirValidateDefectsTest, AProfileOfAnotherTypeIsAnError)
{
    const Node slot = mutated(SLOT, {{"http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur",
                                      "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur"}});
    expectOnlyError(slot, "value", "Slot.meta.profile[0]");
}

TEST(FhirValidateDefectsTest, ACptsReferenceWithoutItsServiceTypeExtensionMissesTheSlice)
{
    const Node slot = mutated(
        "Slot-ExampleSlotCPTS1.json",
        {{R"({"extension":[{"url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType","valueReference":{"reference":"HealthcareService/ExampleHealthcareServiceCPTS1"}}],)",
          "{"}});
    const ValidationReport report = validator().validateReport(slot);
    ASSERT_EQ(report.errors.size(), 2u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].code, "required");
    EXPECT_EQ(report.errors[0].expression, "Slot.serviceType[1].extension");
    EXPECT_NE(report.errors[0].diagnostics.find("extension"), std::string::npos);
    EXPECT_EQ(report.errors[1].code, "required");
    EXPECT_NE(report.errors[1].diagnostics.find("sas-servicetype-r5"), std::string::npos);
}

TEST(FhirValidateDefectsTest, AConsultationTypeMayNotCarryTheCptsExtension)
{
    const Node slot = mutated(
        "Slot-ExampleSlotCPTS1.json",
        {{R"("serviceType":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]},)",
          R"("serviceType":[{"extension":[{"url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType","valueReference":{"reference":"HealthcareService/X"}}],"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]},)"}});
    expectOnlyError(slot, "structure", "Slot.serviceType[0].extension");
}

TEST(FhirValidateDefectsTest, ACptsOrganizationWithASiretBreaksTheFinessInvariant)
{
    const Node organization =
        mutated("Organization-ExampleOrgaCPTS1.json", {{R"("value":"1950047225")", R"("value":"334173748400020")"}});
    expectOnlyError(organization, "invariant", "Organization.identifier[0].value");
}

TEST(FhirValidateDefectsTest, AStructureIdentifierWithoutPrefixIsAValueError)
{
    const Node organization =
        mutated("Organization-ExampleOrgaSOS1.json", {{R"("value":"334173748400020")", R"("value":"34173748400020")"}});
    const ValidationReport report = validator().validateReport(organization);
    ASSERT_EQ(report.errors.size(), 2u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].code, "invariant");
    EXPECT_EQ(report.errors[0].expression, "Organization.identifier[0].value");
    EXPECT_EQ(report.errors[1].code, "value");
    EXPECT_EQ(report.errors[1].expression, "Organization.identifier[0].value");
}

TEST(FhirValidateDefectsTest, ALongerPostalCodeBreaksTheSosMaxLength)
{
    expectOnlyError(mutated("Location-1111111111.json", {{R"("postalCode":"35700")", R"("postalCode":"357000")"}}),
                    "value", "Location.address.postalCode");
}

TEST(FhirValidateDefectsTest, AnOperatorExtensionOfTheWrongTypeIsReported)
{
    const std::string text = fixtureText("Appointment-1.json");
    const std::size_t from = text.find(R"("valueReference")");
    const std::size_t to = text.find(R"(}],"identifier")");
    ASSERT_NE(from, std::string::npos);
    ASSERT_NE(to, std::string::npos);
    const Node appointment = parse(text.substr(0, from) + R"("valueString":"Dupont")" + text.substr(to));
    const ValidationReport report = validator().validateReport(appointment);
    ASSERT_EQ(report.errors.size(), 2u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].code, "structure");
    EXPECT_EQ(report.errors[0].expression, "Appointment.extension[0].valueString");
    EXPECT_EQ(report.errors[1].code, "required");
    EXPECT_EQ(report.errors[1].expression, "Appointment.extension[0].valueReference");
    EXPECT_EQ(report.errors[0].diagnostics.find("Dupont"), std::string::npos);
}

TEST(FhirValidateDefectsTest, AMissingOperatorExtensionMissesTheSlice)
{
    const std::string text = fixtureText("Appointment-1.json");
    const std::size_t from = text.find(R"("extension":[)");
    const std::size_t to = text.find(R"("identifier":[{"system":"urn:oid:1.1.111)");
    ASSERT_NE(from, std::string::npos);
    const Node appointment = parse(text.substr(0, from) + text.substr(to));
    const ValidationReport report = validator().validateReport(appointment);
    ASSERT_EQ(report.errors.size(), 2u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].expression, "Appointment.extension");
    EXPECT_EQ(report.errors[1].expression, "Appointment.extension");
    EXPECT_NE(report.errors[1].diagnostics.find("appointmentOperator"), std::string::npos);
}

TEST(FhirValidateDefectsTest, EveryDefectIsReportedInOneError)
{
    const Node slot =
        without(mutated(SLOT, {{R"("status":"free")", R"("status":"bogus")"},
                               {R"("end":"2021-11-05T09:30:00.000+00:00")", R"("end":"2021-11-05T08:00:00Z")"},
                               {R"("code":"PUBLIC")", R"("code":"CPTS")"}}),
                "schedule");
    const auto status = validator().validate(slot);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::Unprocessable);
    std::vector<std::pair<std::string, std::string>> found;
    for (const Issue& issue : status.error().issues)
        found.emplace_back(issue.code, issue.expression);
    std::sort(found.begin(), found.end());
    const std::vector<std::pair<std::string, std::string>> expected = {{"code-invalid", "Slot.meta.security[0]"},
                                                                       {"code-invalid", "Slot.status"},
                                                                       {"invariant", "Slot.end"},
                                                                       {"required", "Slot.schedule"}};
    EXPECT_EQ(found, expected) << describe(status.error().issues);
}

TEST(FhirValidateDefectsTest, IssuesInsideABundleCarryTheEntryPath)
{
    const Node bundle = mutated("Bundle-ExampleBundlePSIndiv.json",
                                {{R"("id":"ExampleSlotPSIndiv2",)",
                                  R"("id":"ExampleSlotPSIndiv2","identifier":[{"use":"bogus","value":"s2"}],)"},
                                 {R"("value":"810100050075")", R"("value":"10100050075")"}});
    const ValidationReport report = validator().validateReport(bundle);
    ASSERT_EQ(report.errors.size(), 2u) << describe(report.errors);
    EXPECT_EQ(report.errors[0].expression, "Bundle.entry[2].resource.ofType(Practitioner).identifier[0].value");
    EXPECT_EQ(report.errors[1].expression, "Bundle.entry[4].resource.ofType(Slot).identifier[0].use");
}
