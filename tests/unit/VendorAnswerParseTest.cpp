#include "adapters/vendors/parseVendorAnswer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace sas::adapters::vendors;
using sas::core::VendorFlow;
using sas::core::VendorSlot;

namespace
{

std::string fixture(const std::string& name)
{
    std::ifstream in(std::string(SAS_SOURCE_DIR) + "/tests/fixtures/ig/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::chrono::system_clock::time_point utc(long long unixSeconds)
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(unixSeconds));
}

// Wide enough for every IG example (2021 … 2024).
AnswerContext context(VendorFlow flow, std::set<std::string> targets)
{
    return AnswerContext{"v", flow, std::move(targets), utc(1609459200) /*2021-01-01*/, utc(1767225600) /*2026-01-01*/};
}

std::vector<const VendorSlot*> slotsOf(const VendorAnswer& answer, const std::string& target)
{
    std::vector<const VendorSlot*> found;
    for (const auto& slot : answer.slots)
        if (slot.target == target)
            found.push_back(&slot);
    return found;
}

const VendorSlot& slotById(const VendorAnswer& answer, const std::string& id)
{
    auto found = std::find_if(answer.slots.begin(), answer.slots.end(), [&](const auto& s) { return s.slotId == id; });
    if (found == answer.slots.end())
        throw std::runtime_error("no slot " + id);
    return *found;
}

/// Replaces the first occurrence of `from`.
std::string edited(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        throw std::runtime_error("fixture lacks '" + from + "'");
    return text.replace(at, from.size(), to);
}

} // namespace

// §8.A #11–#14, #18, #20: ExampleBundlePSIndiv: THOMAS at two places, MARCEL with two slots, no search.mode.
TEST(VendorAnswerParse, PsIndivExampleAttributesEverySlot)
{
    const auto answer = parseVendorAnswer(fixture("Bundle-ExampleBundlePSIndiv.json"),
                                          context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    ASSERT_TRUE(answer.readable) << answer.fatal;
    EXPECT_EQ(answer.droppedSlots, 0);
    ASSERT_EQ(answer.slots.size(), 4u);

    const auto thomas = slotsOf(answer, "810100050075");
    ASSERT_EQ(thomas.size(), 2u);
    EXPECT_NE(thomas[0]->place.lines, thomas[1]->place.lines) << "two places, two addresses";
    EXPECT_EQ(slotsOf(answer, "810002673899").size(), 2u);

    const VendorSlot& first = slotById(answer, "ExampleSlotPSIndiv1");
    EXPECT_EQ(first.vendorId, "v");
    EXPECT_EQ(first.startText, "2021-11-05T09:00:00.000+00:00");
    EXPECT_FALSE(first.place.city.empty());
    EXPECT_FALSE(first.place.postalCode.empty());
    EXPECT_EQ(first.practitionerFamily, "THOMAS");
}

// §8.A #15–#18: slot types, consultation types, text-only reasons and specialties, WALKIN, comment.
TEST(VendorAnswerParse, PsIndivCodesAndTextsAreKept)
{
    const auto answer = parseVendorAnswer(fixture("Bundle-ExampleBundlePSIndiv.json"),
                                          context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    const VendorSlot& one = slotById(answer, "ExampleSlotPSIndiv1");
    EXPECT_EQ(one.slotTypes, std::vector<std::string>{"PUBLIC"});
    EXPECT_EQ(one.consultationTypes, (std::vector<std::string>{"AMB", "VR"}));
    EXPECT_EQ(one.specialtyCodes, (std::vector<std::string>{"SM54", "SM05"}));
    EXPECT_FALSE(one.walkIn);
    EXPECT_FALSE(one.bookingUrl.empty());

    const VendorSlot& two = slotById(answer, "ExampleSlotPSIndiv2");
    EXPECT_TRUE(two.walkIn);
    EXPECT_EQ(two.visitReasons, std::vector<std::string>{"Visite urgente"});

    const VendorSlot& three = slotById(answer, "ExampleSlotPSIndiv3");
    EXPECT_EQ(three.slotTypes, (std::vector<std::string>{"PUBLIC", "PRO"}));
    EXPECT_EQ(three.visitReasons.size(), 2u);
}

// §8.A #17: a text-only specialty is kept, not rejected.
TEST(VendorAnswerParse, TextOnlySpecialtiesAreKept)
{
    const auto body = edited(fixture("Bundle-ExampleBundlePSIndiv.json"),
                             "\"specialty\":[{\"coding\":[{\"system\":\"https://mos.esante.gouv.fr/NOS/TRE_R38-"
                             "SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale\",\"code\":\"SM54\"}]},",
                             "\"specialty\":[{\"text\":\"Médecine du sport\"},");
    const auto answer = parseVendorAnswer(body, context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    const VendorSlot& one = slotById(answer, "ExampleSlotPSIndiv1");
    EXPECT_EQ(one.specialtyTexts, std::vector<std::string>{"Médecine du sport"});
    EXPECT_EQ(one.specialtyCodes, std::vector<std::string>{"SM05"});
}

// §8.B #23–#24: CPTS slot resolves HealthcareService → Organization (FINESS, name, phone).
TEST(VendorAnswerParse, CptsSlotCarriesItsCpts)
{
    const auto answer =
        parseVendorAnswer(fixture("Bundle-ExampleBundleCPTS.json"), context(VendorFlow::Cpts, {"810002909371"}));
    ASSERT_EQ(answer.slots.size(), 1u) << (answer.problems.empty() ? answer.fatal : answer.problems.front());
    const VendorSlot& slot = answer.slots.front();
    ASSERT_EQ(slot.cpts.size(), 1u);
    EXPECT_EQ(slot.cpts[0].finess, "1950047225");
    EXPECT_EQ(slot.cpts[0].name, "CPTS AXE MAJEUR");
    EXPECT_EQ(slot.cpts[0].phone, "+33102030405");
    EXPECT_EQ(slot.visitReasons, std::vector<std::string>{"Visite de contrôle"});
}

// §8.B #26: the two other TRE-R66 spellings are read the same.
TEST(VendorAnswerParse, ThreeR66SpellingsAreAccepted)
{
    const std::string canonical =
        "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    for (const std::string& spelling :
         {std::string("https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/TRE_R66-CategorieEtablissement"),
          std::string("https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement")})
    {
        const auto body = edited(fixture("Bundle-ExampleBundleCPTS.json"), canonical, spelling);
        const auto answer = parseVendorAnswer(body, context(VendorFlow::Cpts, {"810002909371"}));
        ASSERT_EQ(answer.slots.size(), 1u);
        EXPECT_EQ(answer.slots[0].cpts.size(), 1u) << spelling;
    }
}

// §8.C #29–#30: SOS Schedule → Location → Organization; each slot at its PFG.
TEST(VendorAnswerParse, SosSlotsAreAttributedToTheirAssociationAndPlace)
{
    const auto answer = parseVendorAnswer(fixture("Bundle-ExampleBundleAgregateurSOS.json"),
                                          context(VendorFlow::Sos, {"334173748400020", "392080466300010"}));
    ASSERT_TRUE(answer.readable);
    EXPECT_EQ(answer.droppedSlots, 0) << (answer.problems.empty() ? "" : answer.problems.front());
    ASSERT_EQ(answer.slots.size(), 4u);
    EXPECT_EQ(slotsOf(answer, "334173748400020").size() + slotsOf(answer, "392080466300010").size(), 4u);
    const VendorSlot& one = slotById(answer, "ExampleSlotSOS1");
    EXPECT_FALSE(one.place.name.empty());
    EXPECT_FALSE(one.organizationName.empty());
    EXPECT_LE(one.place.postalCode.size(), 5u);
}

// §8.A #11: absolute references (the Schedule's fullUrl) resolve like relative ones.
TEST(VendorAnswerParse, AbsoluteReferencesResolve)
{
    const auto body = edited(fixture("Bundle-ExampleBundlePSIndiv.json"), "\"Schedule/ExampleSchedule1\"",
                             "\"https://exemple.com/ans-sas/Schedule/ExampleSchedule1\"");
    const auto answer = parseVendorAnswer(body, context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    EXPECT_EQ(answer.slots.size(), 4u);
    EXPECT_EQ(answer.droppedSlots, 0);
}

// §8.A #11, #19: a Slot whose Schedule is missing, not free, or outside the window is dropped and reported.
TEST(VendorAnswerParse, NonConformantSlotsAreDroppedAndReported)
{
    std::string body = edited(fixture("Bundle-ExampleBundlePSIndiv.json"), "\"Schedule/ExampleSchedule2\"",
                              "\"Schedule/Missing\""); // Slot 2
    // the first "free" is Slot 1's
    body = edited(body, "\"status\":\"free\"", "\"status\":\"busy\"");
    const auto answer = parseVendorAnswer(body, context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    EXPECT_TRUE(answer.readable);
    EXPECT_EQ(answer.droppedSlots, 2);
    EXPECT_EQ(answer.slots.size(), 2u);
    ASSERT_EQ(answer.problems.size(), 2u);

    AnswerContext narrow = context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"});
    narrow.windowStart = utc(1636070400); // 2021-11-05T00:00:00Z: the two 2021-11-04 slots fall outside
    const auto windowed = parseVendorAnswer(fixture("Bundle-ExampleBundlePSIndiv.json"), narrow);
    EXPECT_EQ(windowed.slots.size(), 2u);
    EXPECT_EQ(windowed.droppedSlots, 2);
    EXPECT_NE(windowed.problems.front().find("outside the requested window"), std::string::npos);
}

// A vendor answering slots of a practitioner nobody asked for is not trusted with them.
TEST(VendorAnswerParse, SlotsOfUnrequestedPractitionersAreDropped)
{
    const auto answer = parseVendorAnswer(fixture("Bundle-ExampleBundlePSIndiv.json"),
                                          context(VendorFlow::PractitionerIndividual, {"810100050075"}));
    EXPECT_EQ(answer.slots.size(), 2u);
    EXPECT_EQ(answer.droppedSlots, 2);
}

// §8.A #21: unknown resources and elements are ignored.
TEST(VendorAnswerParse, UnknownResourcesAndElementsAreTolerated)
{
    std::string body = edited(fixture("Bundle-ExampleBundlePSIndiv.json"), "\"entry\":[",
                              "\"entry\": [{\"fullUrl\": \"urn:uuid:1\", \"resource\": {\"resourceType\": \"Device\", "
                              "\"id\": \"d\", \"vendorThing\": {\"x\": 1}}},");
    body = edited(body, "\"resourceType\":\"Slot\",", "\"resourceType\": \"Slot\", \"futureElement\": [1, 2],");
    const auto answer = parseVendorAnswer(body, context(VendorFlow::PractitionerIndividual, {"810100050075", "810002673899"}));
    EXPECT_EQ(answer.slots.size(), 4u);
    EXPECT_EQ(answer.droppedSlots, 0);
}

// §8.A #8–#10: bodies that are not a searchset Bundle yield nothing, with a reason; an empty Bundle is no availability.
TEST(VendorAnswerParse, UnreadableBodiesAreRefusedAndEmptyBundlesAccepted)
{
    const auto ctx = context(VendorFlow::PractitionerIndividual, {"810100050075"});
    EXPECT_FALSE(parseVendorAnswer("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"", ctx).readable);
    EXPECT_FALSE(parseVendorAnswer("<html/>", ctx).readable);
    const auto collection = parseVendorAnswer("{\"resourceType\": \"Bundle\", \"type\": \"collection\"}", ctx);
    EXPECT_FALSE(collection.readable);
    EXPECT_NE(collection.fatal.find("collection"), std::string::npos);
    EXPECT_FALSE(parseVendorAnswer("{\"resourceType\": \"OperationOutcome\"}", ctx).readable);

    const auto empty = parseVendorAnswer("{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"total\": 0}", ctx);
    EXPECT_TRUE(empty.readable);
    EXPECT_TRUE(empty.slots.empty());
    EXPECT_EQ(empty.droppedSlots, 0);
}
