// A pulled vendor slot as the SAS resources the façade's Slot searches return (issue 5 point 3): the IG's
// profiles even when the vendor wrote sloppily (bare offsets, "Z", national phone numbers), consistent ids and
// references, and no empty element.
#include "app/vendorSlotResources.h"
#include "tests/unit/FhirValidateFixtures.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

namespace
{

using sas::app::instantWithMilliseconds;
using sas::app::internationalPhone;
using sas::app::vendorSlotResources;
using sas::app::VendorSlotResources;
using sas::core::VendorSlot;

VendorSlot sloppySlot()
{
    VendorSlot slot;
    slot.vendorId = "good";
    slot.target = "810100050075";
    slot.slotId = "ExampleSlotPSIndiv1";
    slot.startText = "2026-11-23T09:00:00+01:00"; // no milliseconds
    slot.endText = "2026-11-23T08:30:00.5Z";     // one digit, "Z"
    slot.start = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours{8};
    slot.end = slot.start + std::chrono::minutes{30};
    slot.slotTypes = {"PUBLIC"};
    slot.consultationTypes = {"AMB", "VR"};
    slot.visitReasons = {"Visite de contrôle"};
    slot.specialtyCodes = {"SM54"};
    slot.bookingUrl = "https://exemple.com/rdv/com/";
    slot.bookingLink = "https://exemple.com/rdv/com/?origin=sas";
    slot.practitionerFamily = "THOMAS";
    slot.practitionerGiven = "Sébastien";
    slot.organizationId = "1810004421";
    slot.place.vendorLocationId = "loc 1";
    slot.place.vendorLocationSystem = "urn:oid:1.1.111.1.111.1.1.1";
    slot.place.lines = {"1 rue Mme DELMAS", "Bâtiment B"};
    slot.place.city = "AGEN";
    slot.place.postalCode = "47000";
    slot.place.phone = "05 53 00 00 00";
    return slot;
}

rapidjson::Document json(const std::string& text)
{
    rapidjson::Document document;
    document.Parse(text.c_str());
    EXPECT_FALSE(document.HasParseError()) << text;
    return document;
}

/// Paths of every empty string, array or object.
void findEmpty(const rapidjson::Value& value, const std::string& path, std::vector<std::string>& out)
{
    if (value.IsString() && value.GetStringLength() == 0)
        out.push_back(path);
    if (value.IsArray())
    {
        if (value.Empty())
            out.push_back(path);
        for (rapidjson::SizeType i = 0; i < value.Size(); ++i)
            findEmpty(value[i], path + "[" + std::to_string(i) + "]", out);
    }
    if (value.IsObject())
    {
        if (value.MemberCount() == 0)
            out.push_back(path);
        for (const auto& member : value.GetObject())
            findEmpty(member.value, path + "." + member.name.GetString(), out);
    }
}

std::vector<std::string> emptyElements(const VendorSlotResources& resources)
{
    std::vector<std::string> empty;
    for (const std::string* text :
         {&resources.slot, &resources.schedule, &resources.practitioner, &resources.practitionerRole})
        findEmpty(json(*text), json(*text)["resourceType"].GetString(), empty);
    return empty;
}

std::string describe(const sas::fhir::validate::ValidationReport& report)
{
    std::string text;
    for (const auto& issue : report.errors)
        text += issue.expression + ": " + issue.diagnostics + "\n";
    return text;
}

} // namespace

TEST(VendorSlotResources, SloppyVendorDataBecomesTheSasProfilesShapes)
{
    const VendorSlotResources resources = vendorSlotResources(sloppySlot(), "https://good.example/fhir");
    for (const std::string* text :
         {&resources.slot, &resources.schedule, &resources.practitioner, &resources.practitionerRole})
    {
        const auto report = sas::test::validator().validateReport(sas::test::parse(*text));
        EXPECT_TRUE(report.errors.empty()) << *text << "\n" << describe(report);
    }
    EXPECT_EQ(emptyElements(resources), std::vector<std::string>{});

    const auto slot = json(resources.slot);
    EXPECT_STREQ(slot["id"].GetString(), "ExampleSlotPSIndiv1");
    EXPECT_STREQ(slot["meta"]["profile"][0].GetString(), "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur");
    EXPECT_STREQ(slot["meta"]["security"][0]["code"].GetString(), "PUBLIC");
    EXPECT_EQ(slot["serviceType"].Size(), 3u) << "AMB, VR and the text-only reason";
    EXPECT_STREQ(slot["serviceType"][2]["text"].GetString(), "Visite de contrôle");
    EXPECT_STREQ(slot["status"].GetString(), "free");
    EXPECT_STREQ(slot["start"].GetString(), "2026-11-23T09:00:00.000+01:00") << "the place's offset kept";
    EXPECT_STREQ(slot["end"].GetString(), "2026-11-23T09:30:00.500+01:00") << "Z as local slots: Paris's offset";
    EXPECT_STREQ(slot["comment"].GetString(), "https://exemple.com/rdv/com/?origin=sas") << "the INT_SSO link";
    EXPECT_EQ(std::string(slot["schedule"]["reference"].GetString()), "Schedule/" + resources.scheduleId);

    const auto schedule = json(resources.schedule);
    EXPECT_EQ(std::string(schedule["actor"][0]["reference"].GetString()), "Practitioner/" + resources.practitionerId);
    EXPECT_EQ(std::string(schedule["actor"][1]["reference"].GetString()), "PractitionerRole/" + resources.roleId);

    const auto practitioner = json(resources.practitioner);
    EXPECT_EQ(resources.practitionerId, "810100050075");
    EXPECT_STREQ(practitioner["identifier"][0]["system"].GetString(), "urn:oid:1.2.250.1.71.4.2.1");
    EXPECT_STREQ(practitioner["identifier"][0]["value"].GetString(), "810100050075") << "prefixed RPPS";
    EXPECT_STREQ(practitioner["name"][0]["given"][0].GetString(), "Sébastien");

    const auto role = json(resources.practitionerRole);
    EXPECT_EQ(resources.roleId, "810100050075-loc-1") << "practitioner and place, as a valid FHIR id";
    EXPECT_EQ(std::string(role["practitioner"]["reference"].GetString()), "Practitioner/" + resources.practitionerId);
    const auto& location = role["contained"][0];
    EXPECT_EQ(std::string("#") + location["id"].GetString(), role["location"][0]["reference"].GetString());
    EXPECT_STREQ(location["identifier"][0]["system"].GetString(), "urn:oid:1.1.111.1.111.1.1.1");
    EXPECT_STREQ(location["identifier"][0]["value"].GetString(), "loc 1") << "the vendor's own place identifier";
    EXPECT_STREQ(location["telecom"][0]["value"].GetString(), "+33553000000");
    EXPECT_EQ(location["address"]["line"].Size(), 1u) << "FrLocationAgregateur: one line";
    EXPECT_STREQ(location["address"]["line"][0].GetString(), "1 rue Mme DELMAS, Bâtiment B");
    EXPECT_STREQ(role["organization"]["identifier"]["value"].GetString(), "1810004421");
}

TEST(VendorSlotResources, WhatTheVendorDidNotSayIsLeftOutNotEmpty)
{
    VendorSlot slot;
    slot.vendorId = "medplum";
    slot.flow = sas::core::VendorFlow::Cpts;
    slot.target = "810003344556";
    slot.slotId = "mp-slot-2";
    slot.start = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::minutes{13 * 60 + 30};
    slot.end = slot.start + std::chrono::minutes{20};
    slot.startText = "garbled";
    const VendorSlotResources resources = vendorSlotResources(slot, "https://medplum.example/fhir");
    EXPECT_EQ(emptyElements(resources), std::vector<std::string>{});
    const auto document = json(resources.slot);
    EXPECT_FALSE(document.HasMember("comment")) << "no booking link without a Slot.comment";
    EXPECT_FALSE(document.HasMember("specialty"));
    EXPECT_STREQ(document["meta"]["profile"][0].GetString(),
                 "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator");
    EXPECT_STREQ(document["start"].GetString(), "2026-11-23T14:30:00.000+01:00") << "from the instant";
    EXPECT_STREQ(document["end"].GetString(), "2026-11-23T14:50:00.000+01:00") << "no text: from the instant";
    EXPECT_FALSE(json(resources.practitioner).HasMember("name"));
    EXPECT_EQ(resources.roleId, "810003344556");
    const auto role = json(resources.practitionerRole);
    EXPECT_FALSE(role.HasMember("organization"));
    EXPECT_FALSE(role["contained"][0].HasMember("address"));
    EXPECT_STREQ(role["contained"][0]["identifier"][0]["system"].GetString(), "https://medplum.example/fhir");
    EXPECT_STREQ(role["contained"][0]["identifier"][0]["value"].GetString(), "810003344556")
        << "without the vendor's, the role's id in the vendor's namespace";
}

TEST(VendorSlotResources, PhonesBecomeInternational)
{
    EXPECT_EQ(internationalPhone("01 23 45 67 89"), "+33123456789");
    EXPECT_EQ(internationalPhone("01.23.45.67.89"), "+33123456789");
    EXPECT_EQ(internationalPhone("0033123456789"), "+33123456789");
    EXPECT_EQ(internationalPhone("+33 1 23 45 67 89"), "+33123456789");
    EXPECT_EQ(internationalPhone(""), "");
}

TEST(VendorSlotResources, InstantsGetMillisecondsAndKeepTheirOffset)
{
    const std::chrono::system_clock::time_point unused{};
    EXPECT_EQ(instantWithMilliseconds("2026-03-29T09:00:00.12+02:00", unused), "2026-03-29T09:00:00.120+02:00");
    EXPECT_EQ(instantWithMilliseconds("2026-03-29T09:00:00-03:00", unused), "2026-03-29T09:00:00.000-03:00")
        << "an overseas place's offset is kept";
    EXPECT_EQ(instantWithMilliseconds("2026-07-01T07:00:00Z", unused), "2026-07-01T09:00:00.000+02:00");
    EXPECT_EQ(instantWithMilliseconds("2026-03-29T09:00", std::chrono::sys_days{std::chrono::year{1970} / 1 / 2}),
              "1970-01-02T01:00:00.000+01:00")
        << "not an instant: the parsed time point";
}
