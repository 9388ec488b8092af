#include "tests/unit/FhirValidateFixtures.h"
#include "fhir/json/JsonReader.h"
#include "fhir/validate/ProfileValidator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

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

/// An IG example fixture, read strictly.
Node readFixture(const std::string& name)
{
    return parse(fixtureText(name));
}

std::vector<std::string> fixtureNames()
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(SOURCE / "tests/fixtures/ig"))
        if (entry.path().extension() == ".json")
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string describe(const ValidationReport& report)
{
    std::string text;
    for (const auto& issue : report.errors)
        text += "  [" + issue.code + "] " + issue.expression + ": " + issue.diagnostics + "\n";
    for (const auto& issue : report.warnings)
        text += "  (warning " + issue.code + ") " + issue.expression + ": " + issue.diagnostics + "\n";
    return text;
}

} // namespace

TEST(FhirValidateExamplesTest, TheProfileDirectoryLoadsEveryStructureDefinition)
{
    EXPECT_EQ(validator().profiles().size(), 19u);
    for (const std::string_view type :
         {"Slot", "Schedule", "Practitioner", "PractitionerRole", "Location", "Appointment", "HealthcareService"})
        EXPECT_NE(validator().findProfile(ProfileValidator::defaultProfileUrl(type)), nullptr) << type;
    EXPECT_TRUE(ProfileValidator::defaultProfileUrl("Organization").empty());
    EXPECT_TRUE(ProfileValidator::defaultProfileUrl("Bundle").empty());
}

TEST(FhirValidateExamplesTest, EveryIgExamplePassesItsProfilesWithoutIssue)
{
    const auto names = fixtureNames();
    ASSERT_GE(names.size(), 40u);
    for (const std::string& name : names)
    {
        const Node resource = readFixture(name);
        const ValidationReport report = validator().validateReport(resource);
        EXPECT_TRUE(report.errors.empty() && report.warnings.empty()) << name << "\n" << describe(report);
        EXPECT_TRUE(validator().validate(resource).has_value()) << name;
    }
}

TEST(FhirValidateExamplesTest, EveryEntryOfTheIgBundlesPassesOnItsOwn)
{
    for (const std::string& name : fixtureNames())
    {
        if (!name.starts_with("Bundle-"))
            continue;
        const Node bundle = readFixture(name);
        const Node::Member* entries = bundle.find("entry");
        ASSERT_NE(entries, nullptr) << name;
        for (std::size_t i = 0; i < entries->values.size(); ++i)
        {
            const Node* resource = entries->values[i].first("resource");
            ASSERT_NE(resource, nullptr) << name << " entry " << i;
            const ValidationReport report = validator().validateReport(*resource);
            EXPECT_TRUE(report.errors.empty()) << name << " entry " << i << "\n" << describe(report);
        }
    }
}
