#include "tests/unit/FhirValidateFixtures.h"
#include "fhir/json/JsonReader.h"
#include "fhir/validate/ProfileValidator.h"
#include "fhir/validate/SimplePattern.h"
#include "fhir/validate/compileProfile.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using sas::core::ErrorCode;
using sas::fhir::Node;
using sas::fhir::readJson;
using sas::fhir::validate::compileProfile;
using sas::fhir::validate::ProfileValidator;
using sas::fhir::validate::SimplePattern;
using sas::fhir::validate::ValidationReport;

namespace
{

using sas::test::SOURCE;
using sas::test::validator;
using sas::test::fixtureText;
using sas::test::parse;

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    if (at == std::string::npos || text.find(from, at + 1) != std::string::npos)
        throw std::runtime_error("'" + from + "' must occur exactly once");
    return text.replace(at, from.size(), to);
}

/// A transaction Bundle that PUTs `count` copies of an IG Slot, as a vendor's push does.
Node slotPush(std::size_t count)
{
    const Node slot = parse(fixtureText("Slot-ExampleSlotPSIndiv1.json"));
    Node bundle = Node::resource("Bundle");
    bundle.set("type", Node::string("transaction"));
    for (std::size_t i = 0; i < count; ++i)
    {
        Node resource = slot;
        resource.set("id", Node::string("slot-" + std::to_string(i)));
        Node request = Node::object();
        request.set("method", Node::string("PUT"));
        request.set("url", Node::string("Slot/slot-" + std::to_string(i)));
        Node entry = Node::object();
        entry.set("resource", std::move(resource));
        entry.set("request", std::move(request));
        bundle.append("entry", std::move(entry));
    }
    return bundle;
}

} // namespace

TEST(FhirValidateProfileTest, CompilingRejectsWhatIsNotAStructureDefinition)
{
    EXPECT_EQ(compileProfile("{").error().code, ErrorCode::Invalid);
    EXPECT_EQ(compileProfile(R"({"resourceType":"ValueSet"})").error().code, ErrorCode::Invalid);
    EXPECT_EQ(compileProfile(R"({"resourceType":"StructureDefinition","url":"x","type":"Slot"})").error().code,
              ErrorCode::Invalid);
}

TEST(FhirValidateProfileTest, ADirectoryWithoutProfilesIsRefused)
{
    const auto missing = ProfileValidator::fromDirectory(SOURCE / "no-such-directory");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::Invalid);
}

TEST(FhirValidateProfileTest, TwoProfilesWithOneUrlAreRefused)
{
    std::ifstream in(SOURCE / "data/profiles/StructureDefinition-FrSlotAgregateur.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<sas::fhir::validate::Profile> profiles;
    profiles.push_back(std::move(*compileProfile(text.str())));
    profiles.push_back(std::move(*compileProfile(text.str())));
    EXPECT_EQ(ProfileValidator::fromProfiles(std::move(profiles)).error().code, ErrorCode::Invalid);
}

TEST(FhirValidateProfileTest, ADifferentialOnlyProfileChecksItsStatedCardinalities)
{
    auto profile = compileProfile(R"({"resourceType":"StructureDefinition","url":"https://example.org/SlotWithComment",
        "name":"SlotWithComment","type":"Slot","differential":{"element":[{"id":"Slot","path":"Slot"},
        {"id":"Slot.comment","path":"Slot.comment","min":1}]}})");
    ASSERT_TRUE(profile.has_value());
    std::vector<sas::fhir::validate::Profile> profiles;
    profiles.push_back(std::move(*profile));
    const auto validator = ProfileValidator::fromProfiles(std::move(profiles));
    ASSERT_TRUE(validator.has_value());
    const Node slot = parse(replaced(fixtureText("Slot-ExampleSlotPSIndiv2.json"),
                                     "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur",
                                     "https://example.org/SlotWithComment"));
    const ValidationReport report = validator->validateReport(slot);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].expression, "Slot.comment");
    EXPECT_EQ(report.errors[0].code, "required");
}

TEST(FhirValidateProfileTest, TheProfilesOfTheIgListWhatTheyCannotEnforce)
{
    const auto* slot = validator().findProfile("http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur");
    ASSERT_NE(slot, nullptr);
    EXPECT_EQ(slot->unenforcedBindings,
              std::vector<std::string>{"http://interopsante.org/fhir/ValueSet/fr-practitioner-specialty"});
    for (const auto* profile : validator().profiles())
        EXPECT_TRUE(profile->unenforcedInvariants.empty()) << profile->url;
}

TEST(FhirValidateProfileTest, ABundleSliceImpliesTheProfileOfItsEntries)
{
    const std::string cpts = fixtureText("Bundle-ExampleBundleCPTS.json");
    const Node withoutSlotProfile = parse(replaced(
        cpts,
        R"("profile":["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator"],)",
        ""));
    const ValidationReport report = validator().validateReport(withoutSlotProfile);
    EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].diagnostics);

    const Node withoutFullUrl = parse(replaced(cpts, R"("fullUrl":"https://<base_URl>/Slot/ExampleSlotCPTS1",)", ""));
    const ValidationReport missing = validator().validateReport(withoutFullUrl);
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_EQ(missing.errors[0].code, "required");
    EXPECT_EQ(missing.errors[0].expression, "Bundle.entry[0].fullUrl");
}

TEST(FhirValidateProfileTest, ABundleProfileCountsItsSlices)
{
    const std::string cpts = fixtureText("Bundle-ExampleBundleCPTS.json");
    const std::size_t from = cpts.find(R"({"fullUrl":"https://<base_URl>/Slot/ExampleSlotCPTS1")");
    const std::size_t to = cpts.find(R"({"fullUrl":"https://<base_URl>/Schedule/ExampleSchedule")");
    ASSERT_NE(from, std::string::npos);
    ASSERT_NE(to, std::string::npos);
    const Node bundle = parse(cpts.substr(0, from) + cpts.substr(to));
    const ValidationReport report = validator().validateReport(bundle);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, "required");
    EXPECT_EQ(report.errors[0].expression, "Bundle.entry");
    EXPECT_NE(report.errors[0].diagnostics.find("slotAgregateurCPTS"), std::string::npos);
}

TEST(FhirValidateProfileTest, InvariantPatternsMatchLikeFhirPath)
{
    const auto finess = SimplePattern::compile("^1[0-9]{9}$");
    ASSERT_TRUE(finess.has_value());
    EXPECT_TRUE(finess->matches("1950047225"));
    EXPECT_FALSE(finess->matches("950047225"));
    EXPECT_FALSE(finess->matches("19500472251"));
    EXPECT_FALSE(finess->matches("1950o47225"));
    const auto loose = SimplePattern::compile(R"(\d+-[A-Za-z]?x{2,3})");
    ASSERT_TRUE(loose.has_value());
    EXPECT_TRUE(loose->matches("ab12-Cxxx"));
    EXPECT_TRUE(loose->matches("7-xx"));
    EXPECT_FALSE(loose->matches("7-Cx"));
    EXPECT_TRUE(SimplePattern::compile("[^0-9].*")->matches("a1"));
    EXPECT_FALSE(SimplePattern::compile("^[^0-9]")->matches("1a"));
    EXPECT_FALSE(SimplePattern::compile("(a|b)").has_value());
    EXPECT_FALSE(SimplePattern::compile("[a-").has_value());
    EXPECT_FALSE(SimplePattern::compile("a{3,1}").has_value());
}

TEST(FhirValidateProfileTest, APushOfAThousandSlotsIsValid)
{
    const ValidationReport report = validator().validateReport(slotPush(1000));
    EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].expression);
}

TEST(FhirValidateProfileTest, ConcurrentValidationsGiveTheSameIssues)
{
    Node bundle = slotPush(200);
    Node broken =
        parse(replaced(fixtureText("Slot-ExampleSlotPSIndiv1.json"), R"("status":"free")", R"("status":"bogus")"));
    Node entry = Node::object();
    entry.set("resource", std::move(broken));
    bundle.append("entry", std::move(entry));
    const ValidationReport expected = validator().validateReport(bundle);
    ASSERT_EQ(expected.errors.size(), 1u);
    EXPECT_EQ(expected.errors[0].expression, "Bundle.entry[200].resource.ofType(Slot).status");
    std::vector<std::thread> threads;
    std::vector<std::size_t> counts(4, 0);
    for (std::size_t t = 0; t < counts.size(); ++t)
        threads.emplace_back(
            [&bundle, &counts, t]
            {
                for (int i = 0; i < 20; ++i)
                    counts[t] += validator().validateReport(bundle).errors.size();
            });
    for (auto& thread : threads)
        thread.join();
    for (std::size_t count : counts)
        EXPECT_EQ(count, 20u);
}
