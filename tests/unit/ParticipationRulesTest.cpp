// Participation settings (sas-platform.md behaviours 63–69), weekly hours per ISO week, Avenant 9.

#include "adapters/geo/ZoneinfoTimeZones.h"
#include "core/agenda/avenant9.h"
#include "core/agenda/participationRules.h"
#include "core/agenda/weeklyHours.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using namespace sas::core;

namespace
{

const auto KNOWN = [](const std::string& finess) { return finess == "750000001"; };

std::vector<std::string> messages(const Status& status)
{
    std::vector<std::string> out;
    if (!status)
        for (const auto& issue : status.error().issues)
            out.push_back(issue.diagnostics);
    return out;
}

ParticipationSettings individual()
{
    ParticipationSettings s;
    s.participates = true;
    s.via = ParticipationVia::Individual;
    s.hasSoftware = false;
    s.hoursDeclared = true;
    s.editorDisabled = true;
    return s;
}

} // namespace

TEST(ParticipationRules, ParticipationNeedsAMethod)
{
    ParticipationSettings s = individual();
    s.via.reset();
    auto status = validateParticipation(s, KNOWN, {});
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::Unprocessable);
    EXPECT_EQ(messages(status), std::vector<std::string>{"Missing SAS participation method."});
    EXPECT_TRUE(validateParticipation(individual(), KNOWN, {}).has_value());
    ParticipationSettings none;
    EXPECT_TRUE(validateParticipation(none, KNOWN, {}).has_value());
}

TEST(ParticipationRules, CptsAndMspNeedAnExistingFinessAndCptsAPlace)
{
    ParticipationSettings s = individual();
    s.via = ParticipationVia::Cpts;
    EXPECT_EQ(messages(validateParticipation(s, KNOWN, {"a"})),
              (std::vector<std::string>{"Missing FINESS number.", "Veuillez indiquer au moins un lieu d'activité."}));
    s.structureFiness = "999999999";
    s.cptsPlaceIds = {"a"};
    EXPECT_EQ(messages(validateParticipation(s, KNOWN, {"a"})), std::vector<std::string>{"Not existing FINESS number."});
    s.structureFiness = "750000001";
    EXPECT_TRUE(validateParticipation(s, KNOWN, {"a"}).has_value());
    s.cptsPlaceIds = {"someone-else"};
    EXPECT_FALSE(validateParticipation(s, KNOWN, {"a"}).has_value());
    s.via = ParticipationVia::Msp;
    s.cptsPlaceIds.clear();
    EXPECT_TRUE(validateParticipation(s, KNOWN, {"a"}).has_value());
}

TEST(ParticipationRules, SoftwareQuestionAndTwoHourDeclaration)
{
    ParticipationSettings s = individual();
    s.hasSoftware.reset();
    EXPECT_EQ(messages(validateParticipation(s, KNOWN, {})),
              std::vector<std::string>{"Veuillez indiquer si vous disposez d'un logiciel de rendez-vous."});
    const std::string declare = "Veuillez déclarer sur l'honneur la mise à disposition de disponibilités pour le SAS.";
    s = individual();
    s.hoursDeclared = false; // no software, no declaration
    EXPECT_EQ(messages(validateParticipation(s, KNOWN, {})), std::vector<std::string>{declare});
    s.hasSoftware = true; // software whose slots are refused: same
    EXPECT_EQ(messages(validateParticipation(s, KNOWN, {})), std::vector<std::string>{declare});
    s.editorDisabled = false; // an interfaced software: no declaration needed
    EXPECT_TRUE(validateParticipation(s, KNOWN, {}).has_value());
    s = individual();
    s.via = ParticipationVia::SosMedecins; // SOS: the association declares
    s.hasSoftware.reset();
    s.hoursDeclared = false;
    s.sosSiret = "12345678900011";
    EXPECT_TRUE(validateParticipation(s, KNOWN, {}).has_value());
}

TEST(ParticipationRules, ManualAgendaOnlyWithVendorSlotsRefusedAndNotViaSos)
{
    ParticipationSettings s = individual();
    EXPECT_TRUE(mayEditOwnAgenda(s));
    s.editorDisabled = false;
    EXPECT_FALSE(mayEditOwnAgenda(s));
    s.editorDisabled = true;
    s.via = ParticipationVia::SosMedecins;
    EXPECT_FALSE(mayEditOwnAgenda(s));
}

TEST(ParticipationRules, EnSusOnlyIndividuallyOrThroughACpts)
{
    ParticipationSettings s = individual();
    EXPECT_TRUE(s.acceptsEnSus());
    s.via = ParticipationVia::Cpts;
    EXPECT_TRUE(s.acceptsEnSus());
    s.via = ParticipationVia::Msp;
    EXPECT_FALSE(s.acceptsEnSus());
    s.via = ParticipationVia::SosMedecins;
    EXPECT_FALSE(s.acceptsEnSus());
}

TEST(ParticipationRules, CentreDeSanteParticipatesWithPractitionersAndTheDeclaration)
{
    Structure cds{"750000002", StructureKind::Cds, "750000002", "", "CDS", {}, {}};
    StructureSettings settings{"750000002", true, 0, false, false};
    auto status = validateStructureSettings(cds, settings);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().issues.size(), 2u);
    settings.practitionerCount = 3;
    settings.hoursDeclared = true;
    EXPECT_TRUE(validateStructureSettings(cds, settings).has_value());
}

TEST(WeeklyHours, IsoWeeksAndTheirMondays)
{
    EXPECT_EQ(isoWeekOf(local_days{2026y / January / 1}), (IsoWeek{2026, 1}));
    EXPECT_EQ(isoWeekOf(local_days{2027y / January / 1}), (IsoWeek{2026, 53}));
    EXPECT_EQ(isoWeekOf(local_days{2024y / December / 30}), (IsoWeek{2025, 1}));
    EXPECT_EQ(mondayOf({2026, 1}), local_days{2025y / December / 29});
    EXPECT_EQ(mondayOf({2026, 14}), local_days{2026y / March / 30});
}

TEST(WeeklyHours, CountsEachWeekAloneOverlapsOnceAndSkipsUnavailability)
{
    static auto paris = *sas::adapters::geo::ZoneinfoTimeZones().zone("Europe/Paris");
    const auto rule = [](std::int64_t id, local_days first, int from, int to, bool weekly) {
        AgendaRule r;
        r.id = id;
        r.firstDate = first;
        r.weekly = weekly;
        r.start = hours{from};
        r.end = hours{to};
        r.modalities = InPerson;
        return r;
    };
    // Week 14 of 2026 (30 March – 5 April, right after the DST change): 08–10 Monday weekly,
    // 09–11 Monday at a second place (overlap counts once: 08–11 = 3 h).
    std::vector<AgendaRule> placeA{rule(1, local_days{2026y / March / 30}, 8, 10, true)};
    std::vector<AgendaRule> placeB{rule(2, local_days{2026y / March / 30}, 9, 11, false)};
    std::vector<PlaceAgenda> places{{&placeA, paris.get(), nullptr}, {&placeB, paris.get(), nullptr}};
    EXPECT_EQ(weeklyAgendaMinutes(places, {2026, 14}), hours{3});
    EXPECT_EQ(weeklyAgendaMinutes(places, {2026, 15}), hours{2});
    EXPECT_EQ(weeklyAgendaMinutes(places, {2026, 13}), hours{0});

    Unavailability off;
    off.periods.push_back({local_seconds{local_days{2026y / April / 6}}, local_seconds{local_days{2026y / April / 7}}});
    places[0].unavailability = &off;
    EXPECT_EQ(weeklyAgendaMinutes(places, {2026, 15}), hours{0});
}

TEST(Avenant9, QuarterWeeksAreThoseWhoseThursdayFallsInIt)
{
    auto weeks = isoWeeksOf({2026, 1});
    ASSERT_EQ(weeks.size(), 13u);
    EXPECT_EQ(weeks.front(), (IsoWeek{2026, 1}));
    EXPECT_EQ(weeks.back(), (IsoWeek{2026, 13}));
    EXPECT_EQ(isoWeeksOf({2026, 4}).back(), (IsoWeek{2026, 53}));
}

TEST(Avenant9, Indicator8NeedsTwoHoursEveryWeekOrAnInterfacedVendor)
{
    ParticipationSettings s = individual();
    std::vector<WeekHours> weeks{{{2026, 1}, hours{2}}, {{2026, 2}, hours{5}}, {{2026, 3}, minutes{119}}};
    EXPECT_FALSE(indicator8Eligible(s, weeks)); // 5 h one week do not make up for 1 h 59 another
    weeks[2].offered = hours{2};
    EXPECT_TRUE(indicator8Eligible(s, weeks));
    s.participates = false;
    EXPECT_FALSE(indicator8Eligible(s, weeks));
    s = individual();
    s.hasSoftware = true;
    s.editorDisabled = false;
    s.interfaced = true;
    EXPECT_TRUE(indicator8Eligible(s, {{{2026, 1}, hours{0}}}));
}

TEST(Avenant9, Indicator9AmountsByPatientCount)
{
    const std::vector<std::pair<int, int>> expected{{0, 0},    {4, 0},    {5, 70},   {15, 70},  {16, 210}, {25, 210},
                                                    {26, 350}, {35, 350}, {36, 490}, {45, 490}, {46, 630}, {300, 630}};
    for (auto [patients, euros] : expected)
        EXPECT_EQ(indicator9Amount(patients), euros) << patients << " patients";
}
