// The search engine over the in-memory index: radius rules, the J..J+2 window in the place's zone,
// filters, ranking, seeded order across pages, CPTS collapsing, "en sus" (sas-platform.md §6).

#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/ZoneinfoTimeZones.h"
#include "core/search/SearchEngine.h"
#include "tests/support/FakeClock.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

using namespace std::chrono;
using namespace sas::core;
using sas::adapters::geo::Commune;
using sas::adapters::geo::PostcodeGeocoder;

namespace
{

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0)
{
    return sys_seconds{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

std::shared_ptr<const ZoneRules> zone(const char* name)
{
    static sas::adapters::geo::ZoneinfoTimeZones zones;
    return *zones.zone(name);
}

class SearchEngineTest : public ::testing::Test
{
protected:
    SearchEngineTest()
        : geocoder({{"75101", "PARIS 01", "75001", "75", {48.8626, 2.3363}},
                    {"75104", "PARIS 04", "75004", "75", {48.8543, 2.3576}},
                    {"48095", "MENDE", "48000", "48", {44.5181, 3.5002}},
                    {"48100", "MARVEJOLS", "48100", "48", {44.5540, 3.2915}},
                    {"33063", "BORDEAUX", "33000", "33", {44.8378, -0.5792}},
                    {"97302", "CAYENNE", "97300", "973", {4.9372, -52.3260}},
                    {"97311", "SAINT LAURENT DU MARONI", "97320", "973", {5.4976, -54.0325}}}),
          radii({{"75", {"75", "Paris", 14, {48.85666667, 2.351666667}, 5}},
                 {"48", {"48", "Lozère", 60, {44.5175, 3.5008}, 50}},
                 {"33", {"33", "Gironde", 143, {44.82527778, -0.575277778}, 10}},
                 {"973", {"973", "Guyane", 0, {0, 0}, 0}}}),
          specialties({{"SM54", "Médecine générale", "R38"}, {"SM40", "Pédiatrie", "R38"}}),
          clock(utc(2026, 6, 10, 8)), // Wednesday 10 June 2026, 10:00 in Paris
          engine(index, geocoder, radii, specialties, clock)
    {
        for (const auto& [departement, extent] : geocoder.departementExtents())
            radii.setMeasuredExtent(departement, extent.first, extent.second);
        specialties.addAlias("Consultation de médecine générale", "SM54");
    }

    /// A GP's place at `point` with one créneau per given start (15 minutes, `modalities`).
    void addPlace(const std::string& id, GeoPoint point, std::vector<sys_seconds> starts, bool participates = true,
                  Modalities modalities = InPerson, std::string practitioner = {}, const char* timeZone = "Europe/Paris")
    {
        PlaceProfile profile;
        profile.placeId = id;
        profile.practitionerId = practitioner.empty() ? "pr-" + id : practitioner;
        profile.location = point;
        profile.departement = "75";
        profile.specialties = {"SM54"};
        profile.participates = participates;
        profile.zone = zone(timeZone);
        index.upsertPlace(profile);
        std::vector<IndexedSlot> slots;
        std::int64_t rule = 1;
        for (auto start : starts)
        {
            SlotOccurrence o;
            o.ruleId = rule++;
            o.date = floor<days>(profile.zone->toLocal(start));
            o.start = start;
            o.end = start + minutes{15};
            o.modalities = modalities;
            slots.push_back(toIndexedSlot(o));
        }
        index.replaceSlots(id, slots);
    }

    SearchRequest parisAddress() const
    {
        SearchRequest request;
        request.specialty = "SM54";
        request.location.address = "1 rue de Rivoli";
        request.location.inseeCode = "75101";
        request.location.hasPoint = true;
        request.location.point = {48.8600, 2.3400};
        return request;
    }

    std::vector<std::string> placeIds(const SearchResult& result) const
    {
        std::vector<std::string> ids;
        for (const auto& card : result.cards)
            ids.push_back(card.placeId);
        return ids;
    }

    PostcodeGeocoder geocoder;
    RadiusTable radii;
    SpecialtyCatalog specialties;
    sas::tests::FakeClock clock;
    AvailabilityIndex index;
    SearchEngine engine;
};

} // namespace

TEST_F(SearchEngineTest, RadiusFollowsTheKindOfLocation)
{
    // Address in Paris: 5 km, nearest first.
    auto result = engine.search(parisAddress());
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->location.kind, LocationKind::Address);
    EXPECT_EQ(result->location.radiusKm, 5);
    // City in Lozère: 50 km.
    SearchRequest mende;
    mende.specialty = "Médecine générale";
    mende.location.city = "Mende";
    result = engine.search(mende);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->location.kind, LocationKind::City);
    EXPECT_EQ(result->location.radiusKm, 50);
    // The whole Gironde: its barycentre and 143 km.
    SearchRequest gironde;
    gironde.specialty = "SM54";
    gironde.location.departement = "33";
    result = engine.search(gironde);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->location.kind, LocationKind::Departement);
    EXPECT_DOUBLE_EQ(result->location.centre.latitude, 44.82527778);
    EXPECT_DOUBLE_EQ(result->location.centre.longitude, -0.575277778);
    EXPECT_EQ(result->location.radiusKm, 143);
}

TEST_F(SearchEngineTest, GuyaneWithoutRadiusInTheTableFallsBackToDataDerivedFigures)
{
    SearchRequest cayenne;
    cayenne.specialty = "SM54";
    cayenne.location.inseeCode = "97302";
    auto result = engine.search(cayenne);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->location.radiusKm, 50); // the table's sparsest tier
    SearchRequest guyane;
    guyane.specialty = "SM54";
    guyane.location.departement = "973";
    result = engine.search(guyane);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    // Centre: mean of its communes; radius: to the farthest one.
    EXPECT_NEAR(result->location.centre.latitude, (4.9372 + 5.4976) / 2, 1e-6);
    EXPECT_GE(result->location.radiusKm, 99); // half the 198 km between its two communes, rounded up
}

TEST_F(SearchEngineTest, MissingInputsAndUnknownPlacesAreClearErrors)
{
    SearchRequest empty;
    auto result = engine.search(empty);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Invalid);
    EXPECT_EQ(result.error().issues.size(), 2u); // specialty and location
    SearchRequest unknown = parisAddress();
    unknown.specialty = "Astrologie";
    EXPECT_EQ(engine.search(unknown).error().issues[0].expression, "specialty");
    SearchRequest nowhere;
    nowhere.specialty = "SM54";
    nowhere.location.city = "Atlantis";
    result = engine.search(nowhere);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    EXPECT_NE(result.error().message.find("n'a pas identifié de localisation pour l'adresse: \"Atlantis\""),
              std::string::npos);
}

TEST_F(SearchEngineTest, WindowRunsFromNowToTheEndOfDayJPlus2InThePlacesZone)
{
    // 12 June 23:30 Paris (21:30Z) is inside; 13 June 00:00 Paris (22:00Z) is not; a créneau that
    // began 5 minutes ago is gone.
    addPlace("edge", {48.8610, 2.3410}, {utc(2026, 6, 12, 21, 30), utc(2026, 6, 12, 22, 0), utc(2026, 6, 10, 7, 55)});
    auto result = engine.search(parisAddress());
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->cards.size(), 1u);
    ASSERT_EQ(result->cards[0].slots.size(), 1u);
    EXPECT_EQ(result->cards[0].slots[0].start, utc(2026, 6, 12, 21, 30));

    // In Réunion (UTC+4) the same instant is already 13 June: out of that place's window.
    addPlace("reunion", {48.8611, 2.3411}, {utc(2026, 6, 12, 21, 30), utc(2026, 6, 12, 19, 30)}, true, InPerson, {},
             "Indian/Reunion");
    result = engine.search(parisAddress());
    const auto& reunion = *std::find_if(result->cards.begin(), result->cards.end(),
                                        [](const SearchCard& c) { return c.placeId == "reunion"; });
    ASSERT_EQ(reunion.slots.size(), 1u);
    EXPECT_EQ(reunion.slots[0].start, utc(2026, 6, 12, 19, 30));
}

TEST_F(SearchEngineTest, APlageAlreadyStartedStillReceivesPatientsAndAFullSlotIsGone)
{
    PlaceProfile profile;
    profile.placeId = "plage";
    profile.practitionerId = "pr-plage";
    profile.location = {48.8610, 2.3410};
    profile.specialties = {"SM54"};
    profile.zone = zone("Europe/Paris");
    index.upsertPlace(profile);
    SlotOccurrence ongoing{1, local_days{2026y / June / 10}, utc(2026, 6, 10, 7), utc(2026, 6, 10, 9), 4, 1, true, InPerson};
    SlotOccurrence full{2, local_days{2026y / June / 10}, utc(2026, 6, 10, 12), utc(2026, 6, 10, 13), 2, 2, true, InPerson};
    index.replaceSlots("plage", {toIndexedSlot(ongoing), toIndexedSlot(full)});
    auto result = engine.search(parisAddress());
    ASSERT_EQ(result->cards.size(), 1u);
    ASSERT_EQ(result->cards[0].slots.size(), 1u);
    EXPECT_EQ(result->cards[0].slots[0].remaining, 3);
}

TEST_F(SearchEngineTest, OnlyPlacesWithinTheRadiusWithTheSpecialtyAndWithSlots)
{
    addPlace("near", {48.8610, 2.3410}, {utc(2026, 6, 10, 9)});
    addPlace("far", {48.9500, 2.5000}, {utc(2026, 6, 10, 9)}); // ~15 km
    addPlace("empty", {48.8611, 2.3411}, {});
    addPlace("later", {48.8612, 2.3412}, {utc(2026, 6, 14, 9)}); // after J+2
    PlaceProfile pediatrician;
    pediatrician.placeId = "pedia";
    pediatrician.practitionerId = "pr-pedia";
    pediatrician.location = {48.8610, 2.3410};
    pediatrician.specialties = {"SM40"};
    pediatrician.zone = zone("Europe/Paris");
    index.upsertPlace(pediatrician);
    index.replaceSlots("pedia", {toIndexedSlot({1, {}, utc(2026, 6, 10, 9), utc(2026, 6, 10, 10), 1, 0, false, InPerson})});
    auto result = engine.search(parisAddress());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(placeIds(*result), std::vector<std::string>{"near"});
}

TEST_F(SearchEngineTest, RankingPreferredDoctorThenParticipantsThenInPersonThenDistance)
{
    addPlace("tele-near", {48.8601, 2.3401}, {utc(2026, 6, 10, 9)}, true, Teleconsultation);
    addPlace("amb-mid", {48.8650, 2.3450}, {utc(2026, 6, 10, 9)}, true, InPerson);
    addPlace("amb-far", {48.8700, 2.3500}, {utc(2026, 6, 10, 9)}, true, InPerson | Teleconsultation);
    addPlace("nonpart-near", {48.8600, 2.3400}, {utc(2026, 6, 10, 9)}, false, InPerson);
    // The patient's own doctor: far away (Lozère) and without slots, still first.
    addPlace("own-doctor", {44.5181, 3.5002}, {}, false, InPerson, "rpps-own");
    auto request = parisAddress();
    request.preferredDoctor = "rpps-own";
    auto result = engine.search(request);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(placeIds(*result),
              (std::vector<std::string>{"own-doctor", "amb-mid", "amb-far", "tele-near", "nonpart-near"}));
    EXPECT_TRUE(result->cards[0].preferredDoctor);
    ASSERT_TRUE(result->cards[1].distanceKm.has_value());
    EXPECT_LT(*result->cards[1].distanceKm, *result->cards[2].distanceKm);
}

TEST_F(SearchEngineTest, CitySearchIsASeededRandomOrderStableAcrossPages)
{
    for (int i = 0; i < 23; ++i)
        addPlace("p" + std::to_string(i), {48.86 + 0.0005 * i, 2.34}, {utc(2026, 6, 10, 9)});
    SearchRequest request;
    request.specialty = "SM54";
    request.location.inseeCode = "75101";
    auto first = engine.search(request);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->totalCards, 23);
    EXPECT_EQ(first->totalPages, 5);
    EXPECT_EQ(first->cards.size(), 5u);
    EXPECT_NE(first->seed, 0u);

    // Pages 1..5 under the search's seed: every place once, and page 1 again is identical.
    std::vector<std::string> all;
    request.seed = first->seed;
    for (int page = 1; page <= 5; ++page)
    {
        request.page = page;
        auto result = engine.search(request);
        ASSERT_TRUE(result.has_value());
        for (auto& id : placeIds(*result))
            all.push_back(id);
    }
    EXPECT_EQ(all.size(), 23u);
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 23u);
    EXPECT_EQ(std::vector<std::string>(all.begin(), all.begin() + 5), placeIds(*first));
    EXPECT_EQ(engine.search(request)->cards.size(), 3u); // last page

    // Another search (another seed) orders differently, and not simply by distance or id.
    request.page = 1;
    request.seed = 0;
    auto other = engine.search(request);
    EXPECT_NE(other->seed, first->seed);
    request.seed = other->seed;
    std::vector<std::string> otherAll;
    for (int page = 1; page <= 5; ++page)
    {
        request.page = page;
        for (auto& id : placeIds(*engine.search(request)))
            otherAll.push_back(id);
    }
    EXPECT_NE(otherAll, all);
}

TEST_F(SearchEngineTest, ModalityAndAvailableWithinFilters)
{
    addPlace("tele", {48.8610, 2.3410}, {utc(2026, 6, 10, 9)}, true, Teleconsultation);
    addPlace("home", {48.8611, 2.3411}, {utc(2026, 6, 11, 9)}, true, HomeVisit); // 25 h from now
    auto request = parisAddress();
    request.modalities = HomeVisit;
    EXPECT_EQ(placeIds(*engine.search(request)), std::vector<std::string>{"home"});
    request.modalities = 0;
    request.buckets = {*parseAvailabilityBucket("0-4")};
    EXPECT_EQ(placeIds(*engine.search(request)), std::vector<std::string>{"tele"});
    request.buckets = {*parseAvailabilityBucket("24-48")};
    EXPECT_EQ(placeIds(*engine.search(request)), std::vector<std::string>{"home"});
    EXPECT_FALSE(parseAvailabilityBucket("3-5").has_value());
}

TEST_F(SearchEngineTest, CptsMembersServingTheCommuneCollapseIntoOneCard)
{
    addPlace("solo", {48.8601, 2.3401}, {utc(2026, 6, 10, 9)});
    for (const char* id : {"m1", "m2", "m3"})
    {
        addPlace(id, {48.8650, 2.3450}, {utc(2026, 6, 10, 10)});
        PlaceProfile profile = index.read([&] { return index.find(id)->profile; });
        profile.cptsFiness = "750000001";
        index.upsertPlace(profile);
    }
    engine.setCpts({Structure{"750000001", StructureKind::Cpts, "750000001", "", "CPTS Centre", {"75101"}, {}}});
    auto result = engine.search(parisAddress());
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->cards.size(), 2u);
    EXPECT_EQ(result->cards[1].cptsFiness, "750000001");
    EXPECT_EQ(result->cards[1].memberPlaceIds, (std::vector<std::string>{"m1", "m2", "m3"}));
    EXPECT_EQ(result->cards[1].slots.size(), 3u);
    // A CPTS that does not serve the searched commune leaves its members alone.
    engine.setCpts({Structure{"750000001", StructureKind::Cpts, "750000001", "", "CPTS Ailleurs", {"75104"}, {}}});
    EXPECT_EQ(engine.search(parisAddress())->cards.size(), 4u);
}

TEST_F(SearchEngineTest, EnSusListsPlacesAcceptingPatientsBeyondTheirSlots)
{
    addPlace("with-slots", {48.8610, 2.3410}, {utc(2026, 6, 10, 9)});
    addPlace("accepts", {48.8620, 2.3420}, {});
    addPlace("refuses", {48.8605, 2.3405}, {});
    PlaceProfile accepts = index.read([&] { return index.find("accepts")->profile; });
    accepts.acceptsEnSus = true;
    index.upsertPlace(accepts);
    auto request = parisAddress();
    request.mode = SearchMode::EnSus;
    EXPECT_EQ(placeIds(*engine.search(request)), std::vector<std::string>{"accepts"});

    // Away now: not proposed en sus; away only tomorrow: still proposed today.
    const auto minute = [](sys_seconds at) { return static_cast<std::int32_t>(floor<minutes>(at).time_since_epoch().count()); };
    accepts.awayMinutes = {{minute(utc(2026, 6, 11, 0)), minute(utc(2026, 6, 12, 0))}};
    index.upsertPlace(accepts);
    EXPECT_EQ(placeIds(*engine.search(request)), std::vector<std::string>{"accepts"});
    accepts.awayMinutes = {{minute(utc(2026, 6, 10, 0)), minute(utc(2026, 6, 11, 0))}};
    index.upsertPlace(accepts);
    EXPECT_TRUE(engine.search(request)->cards.empty());
    accepts.awayMinutes.clear();
    accepts.unavailableIndefinitely = true;
    index.upsertPlace(accepts);
    EXPECT_TRUE(engine.search(request)->cards.empty());
}

TEST_F(SearchEngineTest, BookedCountsFromTheIndexHideFullCreneaux)
{
    addPlace("one", {48.8610, 2.3410}, {utc(2026, 6, 10, 9)});
    EXPECT_EQ(engine.search(parisAddress())->cards.size(), 1u);
    EXPECT_TRUE(index.setBooked("one", 1, static_cast<std::int32_t>(local_days{2026y / June / 10}.time_since_epoch().count()), 1));
    EXPECT_TRUE(engine.search(parisAddress())->cards.empty());
}

namespace
{

/// The VendorClient port as the engine sees it: records what it is asked and answers with given slots (the real
/// fan-out over HTTPS is tested in tests/integration/VendorFanOutTest and tests/e2e/VendorSearchTest).
class RecordingVendorClient final : public VendorClient
{
public:
    VendorSearchResult search(const VendorSearchRequest& request) override
    {
        asked.push_back(request);
        return answer;
    }
    std::vector<VendorSearchRequest> asked;
    VendorSearchResult answer;
};

VendorSlot vendorSlot(const std::string& id, const std::string& target, sys_seconds start, std::string postcode = {},
                      std::vector<std::string> consultationTypes = {})
{
    VendorSlot slot;
    slot.vendorId = "alpha";
    slot.target = target;
    slot.slotId = id;
    slot.start = start;
    slot.end = start + minutes{20};
    slot.place.postalCode = std::move(postcode);
    slot.consultationTypes = std::move(consultationTypes);
    slot.bookingLink = "https://alpha.example/rdv/" + id + "?origin=sas";
    return slot;
}

} // namespace

TEST_F(SearchEngineTest, PulledVendorSlotsJoinTheCardsOfTheirPractitionersPlaces)
{
    // One practitioner with two places (Paris 1er, Paris 4e) at vendor alpha; one place refusing vendor slots.
    for (const auto& [id, point, postcode] : {std::tuple{"v-1", GeoPoint{48.861, 2.340}, "75001"},
                                              std::tuple{"v-4", GeoPoint{48.854, 2.357}, "75004"}})
    {
        addPlace(id, point, {}, true, InPerson, "810100050075");
        PlaceProfile profile = index.read([&] { return index.find(id)->profile; });
        profile.postcode = postcode;
        profile.vendorIds = {"alpha"};
        index.upsertPlace(profile);
    }
    addPlace("refus", {48.860, 2.341}, {utc(2026, 6, 10, 12)}, true, InPerson, "810000000009");

    RecordingVendorClient vendors;
    vendors.answer.vendors = {VendorOutcome{"alpha", VendorStatus::Ok, 1, 0, 4, 0, {}}};
    vendors.answer.slots = {
        vendorSlot("s-4e", "810100050075", utc(2026, 6, 10, 9), "75004"),          // 11:00 Paris, at the 4e
        vendorSlot("s-any", "810100050075", utc(2026, 6, 11, 9)),                   // no location: first place asked
        vendorSlot("s-past", "810100050075", utc(2026, 6, 10, 7), "75001"),        // began before now: dropped
        vendorSlot("s-vr", "810100050075", utc(2026, 6, 10, 10), "75001", {"VR"}), // teleconsultation
    };
    engine.setVendorClient(&vendors);

    auto result = engine.search(parisAddress());
    ASSERT_TRUE(result.has_value()) << result.error().message;
    ASSERT_EQ(vendors.asked.size(), 1u);
    const auto& asked = vendors.asked.front();
    ASSERT_EQ(asked.targets.size(), 2u) << "one target per asked place; the fan-out deduplicates";
    for (const auto& target : asked.targets)
        EXPECT_EQ(target.identifier, "810100050075") << "the place refusing vendor slots is never asked";
    EXPECT_EQ(asked.windowStart, clock.now());
    EXPECT_EQ(asked.windowEnd, utc(2026, 6, 12, 22)); // end of day J+2 in Paris

    ASSERT_EQ(result->vendors.size(), 1u);
    EXPECT_EQ(result->vendors.front().status, VendorStatus::Ok);
    std::map<std::string, std::vector<std::string>> slotsByPlace;
    for (const auto& card : result->cards)
        for (const auto& slot : card.slots)
        {
            slotsByPlace[card.placeId].push_back(slot.source == SlotSource::Vendor ? slot.vendorSlotId : "agenda");
            if (slot.source == SlotSource::Vendor)
            {
                EXPECT_EQ(slot.vendorId, "alpha");
                EXPECT_EQ(slot.bookingLink, "https://alpha.example/rdv/" + slot.vendorSlotId + "?origin=sas");
            }
        }
    EXPECT_EQ(slotsByPlace, (std::map<std::string, std::vector<std::string>>{
                                {"v-1", {"s-vr", "s-any"}}, {"v-4", {"s-4e"}}, {"refus", {"agenda"}}}));

    // Filters apply to vendor slots as to agenda slots.
    auto request = parisAddress();
    request.modalities = Teleconsultation;
    result = engine.search(request);
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(placeIds(*result), (std::vector<std::string>{"v-1"}));
    ASSERT_EQ(result->cards.front().slots.size(), 1u);
    EXPECT_EQ(result->cards.front().slots.front().vendorSlotId, "s-vr");
    EXPECT_FALSE(result->cards.front().inPerson);
}
