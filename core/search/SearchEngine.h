#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/model/Directory.h"
#include "core/ports/Geocoder.h"
#include "core/ports/VendorClient.h"
#include "core/search/AvailabilityIndex.h"
#include "core/search/RadiusTable.h"
#include "core/search/SpecialtyCatalog.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// "Disponible sous": slots overlapping [now + fromHours, now + toHours) (sas-platform.md §1.6).
struct AvailabilityBucket
{
    int fromHours = 0;
    int toHours = 4;
};

/// The six buckets of the platform: 0–4, 4–8, 8–12, 12–24, 24–48, 48–72 h. Parses "4-8".
std::optional<AvailabilityBucket> parseAvailabilityBucket(std::string_view text);

enum class SearchMode
{
    WithSlots, ///< places with free slots in the window
    EnSus,     ///< places accepting patients beyond their slots, with or without slots
};

struct SearchRequest
{
    std::string specialty;                    ///< JDV_J239 code or label
    LocationQuery location;
    bool locationIsDepartement = false;       ///< search the whole département of `location`
    SearchMode mode = SearchMode::WithSlots;
    Modalities modalities = 0;                ///< 0: any; else a slot must offer one of these
    std::vector<AvailabilityBucket> buckets;  ///< empty: whole window
    std::string preferredDoctor;              ///< practitioner id, shown first whatever its slots and distance
    int page = 1;                             ///< 1-based, pages of PAGE_SIZE cards
    std::uint64_t seed = 0;                   ///< 0: a new search (the engine draws one and returns it)
};

/// Where a slot comes from: the agenda SAS, or a booking vendor (pulled by the aggregator or pushed through the
/// FHIR façade).
enum class SlotSource
{
    Agenda,
    Vendor,
};

/// "agenda", "vendor".
const char* toString(SlotSource source);

struct CardSlot
{
    std::int64_t ruleId = 0;   ///< agenda rule (agenda slots)
    std::chrono::local_days date{};
    std::chrono::sys_seconds start{};
    std::chrono::sys_seconds end{};
    bool plage = false;
    int remaining = 1;
    Modalities modalities = 0;
    SlotSource source = SlotSource::Agenda;
    std::string vendorId;      ///< vendor slots: the registry id of the vendor
    std::string vendorSlotId;  ///< vendor slots: the vendor's Slot id
    std::string bookingLink;   ///< vendor slots: the INT_SSO link (Slot.comment + origin=sas); empty for walk-in
};

/// One result card: a place, or a CPTS standing for its member places.
struct SearchCard
{
    std::string placeId;       ///< the place (for a CPTS card: its first member place)
    std::string practitionerId;
    std::string displayName;   ///< the practitioner, as the directory names them
    std::string address;
    std::string cptsFiness;    ///< set on a CPTS card
    std::vector<std::string> memberPlaceIds; ///< a CPTS card's places
    bool preferredDoctor = false;
    bool participates = false;
    bool inPerson = false;     ///< offers at least one in-person or home-visit slot
    std::optional<double> distanceKm; ///< address searches only
    std::string timeZone;
    std::vector<CardSlot> slots;      ///< free slots in the window, by start
};

struct SearchResult
{
    SearchLocation location;
    std::string specialtyCode;
    std::uint64_t seed = 0;
    int page = 1;
    int totalCards = 0;
    int totalPages = 0;
    std::chrono::sys_seconds windowStart{};
    std::vector<SearchCard> cards;
    /// How each vendor asked for this search fared (empty when none was asked); a vendor that failed has a
    /// status other than ok and simply no slots in the cards.
    std::vector<VendorOutcome> vendors;
};

/// The regulator's search: specialty + place → the care offer with free slots from now to the
/// end of day J+2 (in each place's zone), ranked preferred doctor, SAS participants, in person
/// before teleconsultation only, then nearest (address) or a seeded random order (city,
/// département) stable across pages; CPTS members collapsed into one card; pages of 5.
class SearchEngine
{
public:
    static constexpr int PAGE_SIZE = 5;

    SearchEngine(const AvailabilityIndex& index, const Geocoder& geocoder, const RadiusTable& radii,
                 const SpecialtyCatalog& specialties, const Clock& clock,
                 std::vector<Structure> cpts = {});

    /// Pulls vendor slots through `client` (not owned; null: agenda SAS and pushed slots only). Places whose
    /// practitioner names vendors and does not refuse their slots are asked in one fan-out per search, under the
    /// client's deadline; what the vendors return by then is merged into the cards as slots of source vendor.
    void setVendorClient(VendorClient* client) { _vendorClient = client; }

    /// Replaces the CPTS list (intervention zones) used for collapsing.
    void setCpts(std::vector<Structure> cpts) { _cpts = std::move(cpts); }

    /// Invalid for a missing specialty or location, an unknown specialty, or a bad page; NotFound
    /// when the location cannot be geocoded (the message quotes the input).
    Result<SearchResult> search(const SearchRequest& request) const;

private:
    const AvailabilityIndex& _index;
    const Geocoder& _geocoder;
    const RadiusTable& _radii;
    const SpecialtyCatalog& _specialties;
    const Clock& _clock;
    std::vector<Structure> _cpts;
    VendorClient* _vendorClient = nullptr;
};

} // namespace sas::core
