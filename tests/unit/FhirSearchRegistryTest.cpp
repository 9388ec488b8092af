#include "fhir/search/SearchParameterRegistry.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace sas::fhir::search;

namespace
{

const SearchParameterRegistry& registry()
{
    return SearchParameterRegistry::instance();
}

bool has(const std::vector<std::string>& values, const std::string& value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

} // namespace

TEST(FhirSearchRegistryTest, CoversTheSasResourceTypes)
{
    for (const char* type : {"Practitioner", "PractitionerRole", "Location", "Organization", "HealthcareService",
                             "Schedule", "Slot", "Appointment"})
    {
        EXPECT_TRUE(registry().supports(type)) << type;
        for (const char* common : {"_id", "_lastUpdated", "_profile", "_tag", "_security"})
            EXPECT_NE(registry().find(type, common), nullptr) << type << " " << common;
    }
    EXPECT_EQ(registry().resourceTypes().size(), 8u);
    EXPECT_FALSE(registry().supports("Patient"));
    EXPECT_EQ(registry().find("Patient", "_id"), nullptr);
    EXPECT_EQ(registry().find("Slot", "nope"), nullptr);
    EXPECT_TRUE(registry().parametersOf("Patient").empty());
}

TEST(FhirSearchRegistryTest, RequiredParametersWithTypesAndDefinitions)
{
    struct Expected
    {
        const char* type;
        const char* code;
        ParamType paramType;
    };
    const Expected expected[] = {
        {"Slot", "identifier", ParamType::Token},
        {"Slot", "schedule", ParamType::Reference},
        {"Slot", "start", ParamType::Date},
        {"Slot", "status", ParamType::Token},
        {"Slot", "service-type", ParamType::Token},
        {"Slot", "service-type-reference", ParamType::Reference},
        {"Slot", "specialty", ParamType::Token},
        {"Schedule", "actor", ParamType::Reference},
        {"Schedule", "active", ParamType::Token},
        {"Schedule", "identifier", ParamType::Token},
        {"Schedule", "date", ParamType::Date},
        {"Schedule", "specialty", ParamType::Token},
        {"Schedule", "service-type", ParamType::Token},
        {"Practitioner", "identifier", ParamType::Token},
        {"Practitioner", "name", ParamType::String},
        {"Practitioner", "family", ParamType::String},
        {"Practitioner", "given", ParamType::String},
        {"Practitioner", "active", ParamType::Token},
        {"PractitionerRole", "practitioner", ParamType::Reference},
        {"PractitionerRole", "organization", ParamType::Reference},
        {"PractitionerRole", "location", ParamType::Reference},
        {"PractitionerRole", "identifier", ParamType::Token},
        {"PractitionerRole", "specialty", ParamType::Token},
        {"PractitionerRole", "role", ParamType::Token},
        {"PractitionerRole", "active", ParamType::Token},
        {"Location", "identifier", ParamType::Token},
        {"Location", "name", ParamType::String},
        {"Location", "address-postalcode", ParamType::String},
        {"Location", "address-city", ParamType::String},
        {"Location", "organization", ParamType::Reference},
        {"Location", "type", ParamType::Token},
        {"Organization", "identifier", ParamType::Token},
        {"Organization", "name", ParamType::String},
        {"Organization", "type", ParamType::Token},
        {"Organization", "active", ParamType::Token},
        {"Organization", "partof", ParamType::Reference},
        {"HealthcareService", "identifier", ParamType::Token},
        {"HealthcareService", "organization", ParamType::Reference},
        {"HealthcareService", "location", ParamType::Reference},
        {"HealthcareService", "specialty", ParamType::Token},
        {"HealthcareService", "service-type", ParamType::Token},
        {"HealthcareService", "active", ParamType::Token},
        {"HealthcareService", "name", ParamType::String},
        {"Appointment", "identifier", ParamType::Token},
        {"Appointment", "status", ParamType::Token},
        {"Appointment", "date", ParamType::Date},
        {"Appointment", "actor", ParamType::Reference},
        {"Appointment", "practitioner", ParamType::Reference},
        {"Appointment", "slot", ParamType::Reference},
        {"Appointment", "location", ParamType::Reference},
    };
    for (const Expected& e : expected)
    {
        const SearchParameterDefinition* definition = registry().find(e.type, e.code);
        ASSERT_NE(definition, nullptr) << e.type << "." << e.code;
        EXPECT_EQ(definition->type, e.paramType) << e.type << "." << e.code;
        EXPECT_FALSE(definition->definition.empty());
        EXPECT_FALSE(definition->paths.empty());
        for (const ElementPath& path : definition->paths)
        {
            EXPECT_TRUE(path.compiled()) << path.text();
            EXPECT_EQ(path.resourceType(), e.type) << path.text();
        }
        if (e.paramType == ParamType::Reference)
        {
            EXPECT_FALSE(definition->targets.empty()) << e.type << "." << e.code;
        }
    }
}

TEST(FhirSearchRegistryTest, CanonicalUrls)
{
    EXPECT_EQ(registry().find("Slot", "start")->definition,
              "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start");
    EXPECT_EQ(registry().find("Slot", "service-type-reference")->definition,
              "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/cptsslot-sp-servicetype");
    EXPECT_EQ(registry().find("Slot", "schedule")->definition, "http://hl7.org/fhir/SearchParameter/Slot-schedule");
    EXPECT_EQ(registry().find("Schedule", "actor")->definition, "http://hl7.org/fhir/SearchParameter/Schedule-actor");
    EXPECT_EQ(registry().find("Practitioner", "identifier")->definition,
              "http://hl7.org/fhir/SearchParameter/Practitioner-identifier");
    EXPECT_EQ(registry().find("Practitioner", "family")->definition,
              "http://hl7.org/fhir/SearchParameter/individual-family");
    EXPECT_EQ(registry().find("Appointment", "identifier")->definition,
              "http://hl7.org/fhir/SearchParameter/Appointment-identifier");
    EXPECT_EQ(registry().find("Location", "organization")->definition,
              "http://hl7.org/fhir/SearchParameter/Location-organization");
    EXPECT_EQ(registry().find("Slot", "_lastUpdated")->definition,
              "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated");
    EXPECT_EQ(registry().find("Slot", "_id")->expression, "Slot.id");
    EXPECT_EQ(toString(ParamType::Reference), std::string("reference"));
}

TEST(FhirSearchRegistryTest, PathsAndTargets)
{
    EXPECT_EQ(registry().find("Location", "organization")->expression, "Location.managingOrganization");
    EXPECT_EQ(registry().find("Location", "name")->paths.size(), 2u);
    EXPECT_EQ(registry().find("Slot", "schedule")->targets, std::vector<std::string>{"Schedule"});
    EXPECT_TRUE(has(registry().find("Schedule", "actor")->targets, "Location"));
    EXPECT_TRUE(has(registry().find("Schedule", "actor")->targets, "Practitioner"));
    EXPECT_TRUE(has(registry().find("Schedule", "actor")->targets, "PractitionerRole"));
    const auto& serviceType = registry().find("Slot", "service-type-reference")->paths.at(0);
    ASSERT_EQ(serviceType.steps().size(), 3u);
    EXPECT_EQ(serviceType.steps()[1].extensionUrl,
              "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType");
    EXPECT_TRUE(serviceType.steps()[2].choice);
    EXPECT_FALSE(ElementPath("Slot").compiled());
    EXPECT_FALSE(ElementPath("Slot.a..b").compiled());
    EXPECT_FALSE(ElementPath("Slot.extension('x").compiled());
}

TEST(FhirSearchRegistryTest, IncludesAndRevIncludesForTheCapabilityStatement)
{
    const auto slotIncludes = registry().includesOf("Slot");
    EXPECT_TRUE(has(slotIncludes, "Slot:schedule"));
    EXPECT_TRUE(has(slotIncludes, "Slot:service-type-reference"));
    EXPECT_TRUE(has(registry().includesOf("Schedule"), "Schedule:actor"));
    EXPECT_TRUE(has(registry().includesOf("Location"), "Location:organization"));
    EXPECT_TRUE(has(registry().includesOf("HealthcareService"), "HealthcareService:organization"));
    EXPECT_TRUE(has(registry().revIncludesOf("Schedule"), "Slot:schedule"));
    EXPECT_TRUE(has(registry().revIncludesOf("Practitioner"), "PractitionerRole:practitioner"));
    EXPECT_TRUE(has(registry().revIncludesOf("Practitioner"), "Schedule:actor"));
}
