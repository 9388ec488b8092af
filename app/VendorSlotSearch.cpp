#include "app/VendorSlotSearch.h"

#include "adapters/vendors/prefixedIdentifier.h"
#include "app/vendorSlotResources.h"
#include "fhir/rest/checkSasSearchLimits.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace sas::app
{
namespace
{

using fhir::rest::SasSearch;
using fhir::search::Criterion;
using fhir::search::Micros;
using fhir::search::Prefix;
using fhir::search::SearchQuery;
using fhir::store::SearchResult;
using fhir::store::StoredResource;

constexpr const char* IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";

/// The façade's callers hold us to the IG's 7-second rule as we hold the vendors: the fan-out gets at most this
/// (less when vendors.deadlineMs says so), leaving the rest for the local search and the answer.
constexpr std::chrono::milliseconds FACADE_FAN_OUT_DEADLINE{5000};

/// What the query asks of vendors, when it is one of the IG's slot searches they can answer.
struct VendorQuery
{
    core::VendorFlow flow = core::VendorFlow::PractitionerIndividual;
    std::vector<std::string> practitioners; ///< prefixed RPPS/ADELI, in the query's order
    Micros low = fhir::search::DATE_MIN;    ///< slot start window [low, high)
    Micros high = fhir::search::DATE_MAX;
};

bool endsOn(const Criterion& criterion, const char* type)
{
    return std::find(criterion.resourceTypes.begin(), criterion.resourceTypes.end(), type) !=
           criterion.resourceTypes.end();
}

/// The lowest instant a value admits as a slot start, or DATE_MIN when it does not bound from below.
Micros lowerBound(const fhir::search::SearchValue& value)
{
    switch (value.prefix)
    {
    case Prefix::Ge:
    case Prefix::Eq:
    case Prefix::Ap:
        return value.range.low;
    case Prefix::Gt:
    case Prefix::Sa:
        return value.range.high;
    default:
        return fhir::search::DATE_MIN;
    }
}

/// The instant slot starts must stay below, or DATE_MAX when the value does not bound from above.
Micros upperBound(const fhir::search::SearchValue& value)
{
    switch (value.prefix)
    {
    case Prefix::Le:
    case Prefix::Eq:
    case Prefix::Ap:
        return value.range.high;
    case Prefix::Lt:
    case Prefix::Eb:
        return value.range.low;
    default:
        return fhir::search::DATE_MAX;
    }
}

/// nullopt unless every criterion is one the vendors' slots are known to meet once asked with the window and the
/// identifiers: any other criterion (an `_id`, a specialty…) could exclude them, so such a search stays local.
std::optional<VendorQuery> vendorQueryOf(const SearchQuery& query)
{
    if (query.owner || query.resourceType != "Slot")
        return std::nullopt;
    VendorQuery out;
    switch (fhir::rest::sasSearchOf(query))
    {
    case SasSearch::PractitionerSlots:
        out.flow = core::VendorFlow::PractitionerIndividual;
        break;
    case SasSearch::CptsSlots:
        out.flow = core::VendorFlow::Cpts;
        break;
    default:
        return std::nullopt;
    }
    bool named = false;
    for (const Criterion& criterion : query.criteria)
    {
        if (criterion.modifier != fhir::search::Modifier::None && criterion.modifier != fhir::search::Modifier::Type)
            return std::nullopt;
        if (!criterion.chain.empty() && criterion.parameter == "identifier" && endsOn(criterion, "Practitioner"))
        {
            if (named) // two identifier lists: their intersection, not worth a fan-out
                return std::nullopt;
            named = true;
            for (const auto& value : criterion.values)
            {
                if (!value.anySystem && value.system != IDNPS_SYSTEM)
                    continue;
                if (auto prefixed = adapters::vendors::prefixedPractitionerId(value.code))
                    if (std::find(out.practitioners.begin(), out.practitioners.end(), *prefixed) ==
                        out.practitioners.end())
                        out.practitioners.push_back(*prefixed);
            }
        }
        else if (criterion.chain.empty() && criterion.parameter == "start" &&
                 criterion.type == fhir::search::ParamType::Date)
        {
            Micros low = fhir::search::DATE_MAX, high = fhir::search::DATE_MIN;
            for (const auto& value : criterion.values) // OR-ed: the union of the values' bounds
            {
                low = std::min(low, lowerBound(value));
                high = std::max(high, upperBound(value));
            }
            out.low = std::max(out.low, low);
            out.high = std::min(out.high, high);
        }
        else if (criterion.chain.empty() && criterion.parameter == "status")
        {
            if (std::none_of(criterion.values.begin(), criterion.values.end(),
                             [](const auto& value) { return value.code == "free"; }))
                return std::nullopt;
        }
        else
            return std::nullopt;
    }
    if (out.practitioners.empty() || out.low == fhir::search::DATE_MIN || out.high == fhir::search::DATE_MAX ||
        out.low >= out.high)
        return std::nullopt;
    return out;
}

std::chrono::system_clock::time_point timePoint(Micros micros)
{
    return std::chrono::system_clock::time_point(std::chrono::microseconds(micros));
}

/// The FHIR issue type and the words for a vendor that did not answer fully; never patient data.
core::Issue warningOf(const core::VendorOutcome& outcome)
{
    const std::string status = core::toString(outcome.status);
    const std::string what = outcome.status == core::VendorStatus::NonConformant
                                 ? "answered outside the IG; some of its slots may be missing"
                                 : "did not answer; its slots are missing";
    const char* code = outcome.status == core::VendorStatus::Timeout         ? "timeout"
                       : outcome.status == core::VendorStatus::NonConformant ? "incomplete"
                                                                               : "transient";
    return core::Issue{core::Severity::Warning, code,
                       "booking vendor '" + outcome.vendorId + "' " + what + " (" + status + ")", ""};
}

StoredResource entry(const std::string& base, const char* type, const std::string& id, std::string json)
{
    StoredResource resource;
    resource.type = type;
    resource.id = id;
    resource.json = std::move(json);
    resource.fullUrl = base + "/" + type + "/" + id;
    return resource;
}

bool includes(const SearchQuery& query, const char* sourceType, const char* parameter, const char* targetType,
              bool iterate)
{
    return std::any_of(query.includes.begin(), query.includes.end(), [&](const fhir::search::Include& include) {
        return !include.reverse && (!iterate || include.iterate) && include.sourceType == sourceType &&
               include.parameter == parameter && (include.targetType.empty() || include.targetType == targetType);
    });
}

} // namespace

VendorSlotSearch::VendorSlotSearch(std::shared_ptr<fhir::store::SearchStore> local,
                                   const core::AvailabilityIndex& index, core::VendorClient& vendors,
                                   BaseUrlOf baseUrlOf)
    : _local(std::move(local)), _index(index), _vendors(vendors), _baseUrlOf(std::move(baseUrlOf))
{
}

core::Result<SearchResult> VendorSlotSearch::search(const SearchQuery& query, Micros now)
{
    const auto asked = vendorQueryOf(query);
    if (!asked)
        return _local->search(query, now);

    // The vendors of each named practitioner, from the directory the regulator search uses. A practitioner who
    // refuses vendor slots has none (AgendaService::profileOf), so is never asked.
    core::VendorSearchRequest request;
    _index.read([&] {
        std::set<std::pair<std::string, std::string>> seen;
        for (const std::string& practitioner : asked->practitioners)
            for (std::uint32_t i : _index.placesOf(practitioner))
                for (const std::string& vendorId : _index.entry(i).profile.vendorIds)
                    if (seen.emplace(vendorId, practitioner).second)
                        request.targets.push_back({vendorId, asked->flow, practitioner});
    });
    if (request.targets.empty())
        return _local->search(query, now);
    request.windowStart = timePoint(asked->low);
    request.windowEnd = timePoint(asked->high);
    request.deadline = FACADE_FAN_OUT_DEADLINE;
    // The local search first: a failing store fails the search without asking anyone.
    auto result = _local->search(query, now);
    if (!result)
        return result;
    const core::VendorSearchResult pulled = _vendors.search(request); // answers by the deadline, never throws

    // Free slots in the window, once each, in start order; those of a vendor no longer registered are dropped (no
    // base URL to place them under).
    std::vector<const core::VendorSlot*> slots;
    std::set<std::pair<std::string, std::string>> kept;
    std::map<std::string, std::string> bases;
    for (const core::VendorSlot& slot : pulled.slots)
    {
        const auto start = std::chrono::duration_cast<std::chrono::microseconds>(slot.start.time_since_epoch()).count();
        if (start < asked->low || start >= asked->high || !kept.emplace(slot.vendorId, slot.slotId).second)
            continue;
        auto base = bases.find(slot.vendorId);
        if (base == bases.end())
            base = bases.emplace(slot.vendorId, _baseUrlOf(slot.vendorId)).first;
        if (!base->second.empty())
            slots.push_back(&slot);
    }
    std::stable_sort(slots.begin(), slots.end(), [](const core::VendorSlot* a, const core::VendorSlot* b) {
        return a->start != b->start ? a->start < b->start
                                    : std::tie(a->vendorId, a->slotId) < std::tie(b->vendorId, b->slotId);
    });
    for (const core::VendorOutcome& outcome : pulled.vendors)
        if (outcome.status != core::VendorStatus::Ok)
            result->warnings.push_back(warningOf(outcome));

    // Vendor matches follow the local ones: this page holds those from position max(offset, local total).
    const std::size_t localTotal = result->total;
    result->total = localTotal + slots.size();
    if (query.summary == fhir::search::Summary::Count || query.count == 0)
        return result;
    const std::size_t first = std::max(query.offset, localTotal) - localTotal;
    const std::size_t room = query.count > result->matches.size() ? query.count - result->matches.size() : 0;
    const bool schedules = includes(query, "Slot", "schedule", "Schedule", false);
    const bool practitioners = schedules && includes(query, "Schedule", "actor", "Practitioner", true);
    const bool roles = schedules && includes(query, "Schedule", "actor", "PractitionerRole", true);
    std::set<std::string> included;
    std::vector<StoredResource> added;
    for (std::size_t i = first; i < slots.size() && i < first + room; ++i)
    {
        const core::VendorSlot& slot = *slots[i];
        const std::string& base = bases.at(slot.vendorId);
        VendorSlotResources resources = vendorSlotResources(slot, base);
        result->matches.push_back(entry(base, "Slot", resources.slotId, std::move(resources.slot)));
        const auto include = [&](bool wanted, const char* type, const std::string& id, std::string& json) {
            if (wanted && included.insert(base + "/" + type + "/" + id).second)
                added.push_back(entry(base, type, id, std::move(json)));
        };
        include(schedules, "Schedule", resources.scheduleId, resources.schedule);
        include(practitioners, "Practitioner", resources.practitionerId, resources.practitioner);
        include(roles, "PractitionerRole", resources.roleId, resources.practitionerRole);
    }
    // By include depth, as the local includes: Schedules first, then their actors.
    std::stable_sort(added.begin(), added.end(), [](const StoredResource& a, const StoredResource& b) {
        return (a.type == "Schedule") > (b.type == "Schedule");
    });
    for (auto& resource : added)
        result->included.push_back(std::move(resource));
    return result;
}

} // namespace sas::app
