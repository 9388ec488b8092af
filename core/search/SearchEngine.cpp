#include "core/search/SearchEngine.h"

#include "core/search/seededOrder.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <unordered_map>

namespace sas::core
{

using namespace std::chrono;

const char* toString(SlotSource source)
{
    return source == SlotSource::Vendor ? "vendor" : "agenda";
}

std::optional<AvailabilityBucket> parseAvailabilityBucket(std::string_view text)
{
    static constexpr AvailabilityBucket BUCKETS[] = {{0, 4}, {4, 8}, {8, 12}, {12, 24}, {24, 48}, {48, 72}};
    for (const auto& bucket : BUCKETS)
        if (text == std::to_string(bucket.fromHours) + "-" + std::to_string(bucket.toHours))
            return bucket;
    return std::nullopt;
}

SearchEngine::SearchEngine(const AvailabilityIndex& index, const Geocoder& geocoder, const RadiusTable& radii,
                           const SpecialtyCatalog& specialties, const Clock& clock, std::vector<Structure> cpts)
    : _index(index), _geocoder(geocoder), _radii(radii), _specialties(specialties), _clock(clock), _cpts(std::move(cpts))
{
}

namespace
{

/// Per-search constants for deciding whether a slot can be offered.
struct SlotFilter
{
    sys_seconds now;
    Modalities modalities = 0;
    const std::vector<AvailabilityBucket>* buckets = nullptr;
    mutable std::vector<std::pair<const ZoneRules*, std::int32_t>> windowEnds; ///< zone → end minute

    std::int32_t windowEndMinute(const ZoneRules* zone) const
    {
        for (const auto& [known, end] : windowEnds)
            if (known == zone)
                return end;
        // End of day J+2 in the place's zone: midnight starting J+3.
        std::int32_t end;
        if (zone)
        {
            const local_days today = floor<days>(zone->toLocal(now));
            end = static_cast<std::int32_t>(floor<minutes>(zone->toSys(local_seconds{today + days{3}})).time_since_epoch().count());
        }
        else
            end = static_cast<std::int32_t>(floor<minutes>(floor<days>(now) + days{3}).time_since_epoch().count());
        windowEnds.emplace_back(zone, end);
        return end;
    }

    bool offers(const IndexedSlot& slot, std::int32_t nowMinute, std::int32_t windowEnd) const
    {
        if (slot.remaining() <= 0 || slot.startMinute >= windowEnd)
            return false;
        // A créneau that has begun is gone; a plage still receives patients until it ends.
        if (slot.plage() ? slot.startMinute + slot.durationMinutes <= nowMinute : slot.startMinute < nowMinute)
            return false;
        if (modalities && !(slot.modalities & modalities))
            return false;
        if (buckets && !buckets->empty())
        {
            const bool inBucket = std::any_of(buckets->begin(), buckets->end(), [&](const AvailabilityBucket& b) {
                return slot.startMinute < nowMinute + b.toHours * 60 &&
                       slot.startMinute + slot.durationMinutes > nowMinute + b.fromHours * 60;
            });
            if (!inBucket)
                return false;
        }
        return true;
    }
};

struct Ranked
{
    std::uint32_t index = 0;
    bool preferred = false;
    bool participates = false;
    bool inPerson = false;
    double distance = 0;
    std::uint64_t random = 0;
};

bool hasSpecialty(const PlaceProfile& profile, const std::string& code)
{
    return std::find(profile.specialties.begin(), profile.specialties.end(), code) != profile.specialties.end();
}

constexpr std::int32_t MAX_PLAGE_MINUTES = 24 * 60;

/// A slot a vendor returned for this search, attributed to one place, with what its card shows.
struct PulledSlot
{
    IndexedSlot slot;
    const VendorSlot* source = nullptr;
};
using PulledSlots = std::unordered_map<std::string, std::vector<PulledSlot>>;

/// Calls `each(slot, pulled)` for every offerable slot of the place (agenda SAS and pushed slots from the index,
/// then this search's pulled ones) until it returns false.
template <typename Each>
void forOffered(const AvailabilityIndex::Entry& entry, const PulledSlots& pulled, const SlotFilter& filter,
                std::int32_t nowMinute, Each each)
{
    const std::int32_t windowEnd = filter.windowEndMinute(entry.profile.zone.get());
    auto it = std::lower_bound(entry.slots.begin(), entry.slots.end(), nowMinute - MAX_PLAGE_MINUTES,
                               [](const IndexedSlot& s, std::int32_t m) { return s.startMinute < m; });
    for (; it != entry.slots.end() && it->startMinute < windowEnd; ++it)
        if (filter.offers(*it, nowMinute, windowEnd) && !each(*it, nullptr))
            return;
    if (pulled.empty())
        return;
    auto found = pulled.find(entry.profile.placeId);
    if (found == pulled.end())
        return;
    for (const PulledSlot& p : found->second)
        if (filter.offers(p.slot, nowMinute, windowEnd) && !each(p.slot, p.source))
            return;
}

/// Whether the place has an offerable slot, and whether one of them is in person.
std::pair<bool, bool> scanSlots(const AvailabilityIndex::Entry& entry, const PulledSlots& pulled,
                                const SlotFilter& filter, std::int32_t nowMinute)
{
    bool any = false, inPerson = false;
    forOffered(entry, pulled, filter, nowMinute, [&](const IndexedSlot& slot, const VendorSlot*) {
        any = true;
        inPerson = (slot.modalities & (InPerson | HomeVisit)) != 0;
        return !inPerson;
    });
    return {any, inPerson};
}

void collectSlots(const AvailabilityIndex::Entry& entry, const PulledSlots& pulled, const SlotFilter& filter,
                  std::int32_t nowMinute, std::vector<CardSlot>& out)
{
    forOffered(entry, pulled, filter, nowMinute, [&](const IndexedSlot& s, const VendorSlot* vendor) {
        CardSlot card;
        card.ruleId = s.ruleId;
        card.date = local_days{days{s.localDay}};
        card.start = s.start();
        card.end = s.end();
        card.plage = s.plage();
        card.remaining = s.remaining();
        card.modalities = s.modalities;
        if (vendor)
        {
            card.ruleId = 0;
            card.source = SlotSource::Vendor;
            card.vendorId = vendor->vendorId;
            card.vendorSlotId = vendor->slotId;
            card.bookingLink = vendor->bookingLink;
        }
        else if (s.flags & IndexedSlot::VENDOR)
        {
            card.ruleId = 0;
            card.source = SlotSource::Vendor;
            if (s.ruleId >= 0 && static_cast<std::size_t>(s.ruleId) < entry.pushed.size())
            {
                const PushedSlot& pushed = entry.pushed[static_cast<std::size_t>(s.ruleId)];
                card.vendorId = pushed.vendor;
                card.vendorSlotId = pushed.slotId;
                card.bookingLink = pushed.bookingLink;
            }
        }
        out.push_back(std::move(card));
        return true;
    });
}

Modalities modalitiesOf(const VendorSlot& slot)
{
    Modalities modalities = 0;
    for (const auto& code : slot.consultationTypes)
        if (auto modality = parseModality(code))
            modalities |= *modality;
    return modalities ? modalities : Modalities(InPerson); // the IG's default consultation is at the practice
}

/// A place whose practitioner's vendors are asked, as read under the index lock.
struct AskedPlace
{
    std::string placeId;
    std::string postcode;
    std::shared_ptr<const ZoneRules> zone;
    double distanceKm = 0; ///< from the searched point
};

/// Asks the vendors of the candidate places (those naming vendors and not refusing their slots, plus the preferred
/// doctor's) in one fan-out, and attributes each returned slot to one place of its practitioner: the one with the
/// vendor location's postcode, else the nearest to the searched point.
void pullVendorSlots(const AvailabilityIndex& index, VendorClient& client, const SearchRequest& request,
                     const SearchLocation& location, const std::string& specialtyCode, const SlotFilter& filter,
                     std::int32_t nowMinute, VendorSearchResult& fromVendors, PulledSlots& pulled)
{
    std::vector<VendorTarget> targets;
    std::unordered_map<std::string, std::vector<AskedPlace>> byPractitioner;
    std::int32_t windowEnd = nowMinute;
    index.read([&] {
        std::vector<AvailabilityIndex::Nearby> candidates;
        index.placesWithin(location.centre, location.radiusKm, candidates);
        std::vector<std::pair<std::uint32_t, bool>> considered; // index, preferred
        if (!request.preferredDoctor.empty())
            for (std::uint32_t i : index.placesOf(request.preferredDoctor))
                considered.emplace_back(i, true);
        for (const auto& nearby : candidates)
            considered.emplace_back(nearby.index, false);
        std::set<std::string> seen;
        for (const auto& [i, preferred] : considered)
        {
            const PlaceProfile& p = index.entry(i).profile;
            if (p.vendorIds.empty() || !seen.insert(p.placeId).second)
                continue;
            if (!preferred && (!hasSpecialty(p, specialtyCode) || (request.mode == SearchMode::EnSus && !p.acceptsEnSus)))
                continue;
            byPractitioner[p.practitionerId].push_back(
                {p.placeId, p.postcode, p.zone, distanceKm(location.centre, p.location)});
            windowEnd = std::max(windowEnd, filter.windowEndMinute(p.zone.get()));
            for (const auto& vendorId : p.vendorIds)
                targets.push_back({vendorId, p.cptsFiness.empty() ? VendorFlow::PractitionerIndividual : VendorFlow::Cpts,
                                   p.practitionerId});
        }
    });
    if (targets.empty())
        return;
    VendorSearchRequest asked;
    asked.targets = std::move(targets);
    asked.windowStart = filter.now;
    asked.windowEnd = sys_seconds{minutes{windowEnd}};
    fromVendors = client.search(asked);

    std::set<std::pair<std::string, std::string>> kept; // place, vendor + slot id: one slot once per place
    for (const VendorSlot& slot : fromVendors.slots)
    {
        auto practitioner = byPractitioner.find(slot.target);
        if (practitioner == byPractitioner.end())
            continue;
        const auto& places = practitioner->second;
        const AskedPlace* place = nullptr;
        for (const AskedPlace& candidate : places)
            if (!slot.place.postalCode.empty() && candidate.postcode == slot.place.postalCode)
                place = &candidate;
        if (!place) // no location, or one we do not know: the practitioner's nearest place
            place = &*std::min_element(places.begin(), places.end(), [](const AskedPlace& a, const AskedPlace& b) {
                return a.distanceKm != b.distanceKm ? a.distanceKm < b.distanceKm : a.placeId < b.placeId;
            });
        if (!kept.emplace(place->placeId, slot.vendorId + '\n' + slot.slotId).second)
            continue;
        PulledSlot p;
        p.source = &slot;
        const sys_seconds start = floor<seconds>(slot.start);
        p.slot.startMinute = static_cast<std::int32_t>(floor<minutes>(start).time_since_epoch().count());
        p.slot.durationMinutes = static_cast<std::uint16_t>(
            std::clamp<long>(duration_cast<minutes>(slot.end - slot.start).count(), 0, 65535));
        const local_days day = place->zone ? floor<days>(place->zone->toLocal(start)) : local_days{floor<days>(start).time_since_epoch()};
        p.slot.localDay = static_cast<std::int32_t>(day.time_since_epoch().count());
        p.slot.modalities = modalitiesOf(slot);
        p.slot.flags = IndexedSlot::VENDOR;
        pulled[place->placeId].push_back(p);
    }
    for (auto& [placeId, slots] : pulled)
        std::stable_sort(slots.begin(), slots.end(),
                         [](const PulledSlot& a, const PulledSlot& b) { return a.slot.startMinute < b.slot.startMinute; });
}

} // namespace

Result<SearchResult> SearchEngine::search(const SearchRequest& request) const
{
    Error invalid{ErrorCode::Invalid, "invalid search", {}};
    const auto& q = request.location;
    if (request.specialty.empty())
        invalid.with({Severity::Error, {}, "a specialty is required", "specialty"});
    if (q.address.empty() && q.postcode.empty() && q.inseeCode.empty() && q.city.empty() && q.departement.empty() &&
        !q.hasPoint)
        invalid.with({Severity::Error, {}, "a location is required", "location"});
    if (request.page < 1 || request.page > 10000)
        invalid.with({Severity::Error, {}, "page must be between 1 and 10000", "page"});
    if (!invalid.issues.empty())
        return fail(std::move(invalid));

    auto specialty = _specialties.resolve(request.specialty);
    if (!specialty)
        return fail(specialty.error());
    auto geocoded = _geocoder.geocode(q);
    if (!geocoded)
        return fail(geocoded.error());
    if (request.locationIsDepartement)
        geocoded->kind = LocationKind::Departement;
    auto location = _radii.apply(*geocoded);
    if (!location)
        return fail(location.error());

    const sys_seconds now = floor<seconds>(_clock.now());
    SearchResult result;
    result.location = *location;
    result.specialtyCode = specialty->code;
    result.page = request.page;
    result.windowStart = now;
    static std::atomic<std::uint64_t> draws{0};
    result.seed = request.seed != 0 ? request.seed
                                    : mixSeed(static_cast<std::uint64_t>(now.time_since_epoch().count()) ^
                                              (draws.fetch_add(1) << 40)) | 1;

    SlotFilter filter{now, request.modalities, &request.buckets, {}};
    const auto nowMinute = static_cast<std::int32_t>(floor<minutes>(now).time_since_epoch().count());
    const bool byDistance = location->kind == LocationKind::Address;

    // Pulled vendor slots: collect the places to ask under the lock, call the vendors without it (a fan-out may
    // take the whole deadline; index writers must not wait for it), then rank with what came back.
    VendorSearchResult fromVendors;
    PulledSlots pulled;
    if (_vendorClient)
        pullVendorSlots(_index, *_vendorClient, request, *location, specialty->code, filter, nowMinute, fromVendors,
                        pulled);
    result.vendors = fromVendors.vendors;

    std::set<std::string> zoneCpts;
    for (const Structure& cpts : _cpts)
        if (!location->inseeCode.empty() &&
            std::find(cpts.interventionZoneInsee.begin(), cpts.interventionZoneInsee.end(), location->inseeCode) !=
                cpts.interventionZoneInsee.end())
            zoneCpts.insert(cpts.finess);

    _index.read([&] {
        std::vector<AvailabilityIndex::Nearby> candidates;
        _index.placesWithin(location->centre, location->radiusKm, candidates);
        std::vector<Ranked> ranked;
        ranked.reserve(candidates.size());

        std::vector<std::uint32_t> preferred;
        if (!request.preferredDoctor.empty())
            preferred = _index.placesOf(request.preferredDoctor);
        for (std::uint32_t index : preferred)
        {
            const auto& entry = _index.entry(index);
            auto [any, inPerson] = scanSlots(entry, pulled, filter, nowMinute);
            ranked.push_back({index, true, entry.profile.participates, inPerson,
                              distanceKm(location->centre, entry.profile.location), 0});
        }
        for (const auto& [index, distance] : candidates)
        {
            const auto& entry = _index.entry(index);
            if (!request.preferredDoctor.empty() && entry.profile.practitionerId == request.preferredDoctor)
                continue;
            if (!hasSpecialty(entry.profile, specialty->code))
                continue;
            auto [any, inPerson] = scanSlots(entry, pulled, filter, nowMinute);
            if (request.mode == SearchMode::WithSlots && !any)
                continue;
            if (request.mode == SearchMode::EnSus)
            {
                // Away now (unavailability), nobody can take a patient beyond slots (behaviour 9).
                if (!entry.profile.acceptsEnSus || entry.profile.awayAt(nowMinute))
                    continue;
                inPerson = true; // "en sus" means the practitioner receives the patient
            }
            Ranked r{index, false, entry.profile.participates, inPerson, 0, 0};
            if (byDistance)
                r.distance = distance;
            else
                r.random = mixSeed(result.seed ^ entry.idHash);
            ranked.push_back(r);
        }
        std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
            if (a.preferred != b.preferred)
                return a.preferred;
            if (a.participates != b.participates)
                return a.participates;
            if (a.inPerson != b.inPerson)
                return a.inPerson;
            if (byDistance && a.distance != b.distance)
                return a.distance < b.distance;
            if (!byDistance && a.random != b.random)
                return a.random < b.random;
            return _index.entry(a.index).profile.placeId < _index.entry(b.index).profile.placeId;
        });

        // CPTS collapsing: members of a CPTS serving the searched commune become one card, at the
        // position of the best-ranked member.
        std::vector<std::pair<Ranked, std::vector<std::uint32_t>>> cards;
        std::vector<std::pair<std::string, std::size_t>> cptsCard;
        for (const Ranked& r : ranked)
        {
            const std::string& finess = _index.entry(r.index).profile.cptsFiness;
            if (!r.preferred && !finess.empty() && zoneCpts.count(finess))
            {
                auto known = std::find_if(cptsCard.begin(), cptsCard.end(), [&](const auto& c) { return c.first == finess; });
                if (known != cptsCard.end())
                {
                    cards[known->second].second.push_back(r.index);
                    continue;
                }
                cptsCard.emplace_back(finess, cards.size());
            }
            cards.push_back({r, {r.index}});
        }

        result.totalCards = static_cast<int>(cards.size());
        result.totalPages = (result.totalCards + PAGE_SIZE - 1) / PAGE_SIZE;
        const std::size_t first = static_cast<std::size_t>(request.page - 1) * PAGE_SIZE;
        for (std::size_t i = first; i < cards.size() && i < first + PAGE_SIZE; ++i)
        {
            const auto& [r, members] = cards[i];
            const auto& profile = _index.entry(r.index).profile;
            SearchCard card;
            card.placeId = profile.placeId;
            card.practitionerId = profile.practitionerId;
            card.displayName = profile.displayName;
            card.address = profile.address;
            card.preferredDoctor = r.preferred;
            card.participates = r.participates;
            card.inPerson = r.inPerson;
            card.timeZone = profile.zone ? profile.zone->name() : "";
            if (byDistance)
                card.distanceKm = r.distance;
            const bool isCpts = !r.preferred && !profile.cptsFiness.empty() && zoneCpts.count(profile.cptsFiness);
            if (isCpts)
                card.cptsFiness = profile.cptsFiness;
            for (std::uint32_t member : members)
            {
                if (isCpts)
                    card.memberPlaceIds.push_back(_index.entry(member).profile.placeId);
                collectSlots(_index.entry(member), pulled, filter, nowMinute, card.slots);
            }
            std::stable_sort(card.slots.begin(), card.slots.end(),
                             [](const CardSlot& a, const CardSlot& b) { return a.start < b.start; });
            result.cards.push_back(std::move(card));
        }
    });
    return result;
}

} // namespace sas::core

