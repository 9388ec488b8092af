#include "fhir/rest/checkSasSearchLimits.h"

#include <algorithm>

namespace sas::fhir::rest
{
namespace
{

using search::ChainLink;
using search::Criterion;
using search::Prefix;
using search::SearchQuery;

bool hasInclude(const SearchQuery& query, bool reverse, const char* sourceType, const char* parameter)
{
    return std::any_of(query.includes.begin(), query.includes.end(),
                       [&](const search::Include& include) {
                           return include.reverse == reverse && include.sourceType == sourceType &&
                                  include.parameter == parameter;
                       });
}

bool endsOn(const Criterion& criterion, const char* type)
{
    return std::find(criterion.resourceTypes.begin(), criterion.resourceTypes.end(), type) !=
           criterion.resourceTypes.end();
}

bool isIdentifierList(const Criterion& criterion, const char* owner)
{
    return !criterion.chain.empty() && criterion.parameter == "identifier" && endsOn(criterion, owner);
}

/// A criterion on Slot.start: plain on a Slot search, through `_has:Slot:schedule:` on a Schedule search.
bool isSlotStart(const Criterion& criterion, SasSearch kind)
{
    if (criterion.parameter != "start" || criterion.type != search::ParamType::Date)
        return false;
    if (kind == SasSearch::SosSchedules)
        return criterion.chain.size() == 1 && criterion.chain[0].direction == ChainLink::Direction::Reverse &&
               criterion.chain[0].sourceType == "Slot" && criterion.chain[0].parameter == "schedule";
    return criterion.chain.empty();
}

bool boundsBelow(Prefix prefix)
{
    return prefix == Prefix::Ge || prefix == Prefix::Gt || prefix == Prefix::Sa || prefix == Prefix::Eq ||
           prefix == Prefix::Ap;
}

bool boundsAbove(Prefix prefix)
{
    return prefix == Prefix::Le || prefix == Prefix::Lt || prefix == Prefix::Eb || prefix == Prefix::Eq ||
           prefix == Prefix::Ap;
}

/// A criterion bounds the window on one side when every one of its OR-ed values does.
bool bounds(const Criterion& criterion, bool (*side)(Prefix))
{
    return !criterion.values.empty() &&
           std::all_of(criterion.values.begin(), criterion.values.end(),
                       [side](const search::SearchValue& value) { return side(value.prefix); });
}

core::Status checkIdentifierCount(const Criterion& criterion, std::size_t limit, const char* what)
{
    if (criterion.values.size() <= limit)
        return {};
    return core::fail(core::ErrorCode::Invalid,
                      "At most " + std::to_string(limit) + " " + what + " per search, not " +
                          std::to_string(criterion.values.size()) + ": split the list into several searches",
                      criterion.name);
}

core::Status checkSasShape(const SearchQuery& query, SasSearch kind)
{
    const bool sos = kind == SasSearch::SosSchedules;
    const char* startName = sos ? "_has:Slot:schedule:start" : "start";
    bool lower = false;
    bool upper = false;
    bool identifiers = false;
    for (const Criterion& criterion : query.criteria)
    {
        if (isSlotStart(criterion, kind))
        {
            lower = lower || bounds(criterion, boundsBelow);
            upper = upper || bounds(criterion, boundsAbove);
        }
        identifiers = identifiers || isIdentifierList(criterion, sos ? "Organization" : "Practitioner");
    }
    const std::string search = sos ? "The SOS Médecins search" : "The IG's slot search";
    if (!lower)
        return core::fail(core::ErrorCode::Invalid,
                          search + " needs the start of its window: " + startName + "=ge<date>", startName);
    if (!upper)
        return core::fail(core::ErrorCode::Invalid,
                          search + " needs the end of its window: " + startName + "=le<date>", startName);
    if (!identifiers)
    {
        const char* list = sos ? "actor:Location.organization.identifier" : "schedule.actor:Practitioner.identifier";
        return core::fail(core::ErrorCode::Invalid,
                          search + " needs its list of " + (sos ? "SIRET" : "RPPS/ADELI identifiers") + ": " + list +
                              "=<system>|<value>,…",
                          list);
    }
    return {};
}

} // namespace

SasSearch sasSearchOf(const SearchQuery& query)
{
    if (query.resourceType == "Schedule" && hasInclude(query, true, "Slot", "schedule"))
        return SasSearch::SosSchedules;
    if (query.resourceType != "Slot" || !hasInclude(query, false, "Slot", "schedule"))
        return SasSearch::None;
    return hasInclude(query, false, "Slot", "service-type-reference") ? SasSearch::CptsSlots
                                                                       : SasSearch::PractitionerSlots;
}

core::Status checkSasSearchLimits(const SearchQuery& query)
{
    for (const Criterion& criterion : query.criteria)
    {
        if (query.resourceType == "Slot" && isIdentifierList(criterion, "Practitioner"))
        {
            if (auto count = checkIdentifierCount(criterion, MAX_PRACTITIONER_IDENTIFIERS, "practitioner identifiers");
                !count)
                return count;
        }
        else if (query.resourceType == "Schedule" && isIdentifierList(criterion, "Organization"))
        {
            if (auto count =
                    checkIdentifierCount(criterion, MAX_ORGANIZATION_IDENTIFIERS, "organization identifiers (SIRET)");
                !count)
                return count;
        }
    }
    const SasSearch kind = sasSearchOf(query);
    return kind == SasSearch::None ? core::Status{} : checkSasShape(query, kind);
}

} // namespace sas::fhir::rest
