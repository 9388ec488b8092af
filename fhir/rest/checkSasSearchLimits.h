#pragma once

#include "core/Result.h"
#include "fhir/search/SearchQuery.h"

#include <cstddef>

namespace sas::fhir::rest
{

/// At most this many practitioner identifiers in one Slot search (INT_R01/INT_R04, sas-ig.md §1.2 criterion 3).
constexpr std::size_t MAX_PRACTITIONER_IDENTIFIERS = 25;
/// At most this many SIRET in one SOS Schedule search: the functional spec's "1 à 10" (sas-ig.md §1.4), the
/// stricter of the IG's two statements.
constexpr std::size_t MAX_ORGANIZATION_IDENTIFIERS = 10;

/// The IG's three searches, recognised by their includes (sas-ig.md §1.2–1.4).
enum class SasSearch
{
    None,              ///< any other search
    PractitionerSlots, ///< INT_R01: Slot with `_include=Slot:schedule`
    CptsSlots,         ///< INT_R04: INT_R01 plus `_include=Slot:service-type-reference`
    SosSchedules,      ///< SOS Médecins: Schedule with `_revinclude=Slot:schedule`
};

SasSearch sasSearchOf(const search::SearchQuery& query);

/// The IG's rules the parser does not enforce, Invalid (400) naming the parameter otherwise:
/// - a Slot search whose chain ends on Practitioner.identifier (`schedule.actor:Practitioner.identifier`) takes at
///   most MAX_PRACTITIONER_IDENTIFIERS values, a Schedule search whose chain ends on Organization.identifier
///   (`actor:Location.organization.identifier`) at most MAX_ORGANIZATION_IDENTIFIERS;
/// - one of the IG's three searches (sasSearchOf) needs both bounds of its window (`start=ge…` and `start=le…`, or
///   `_has:Slot:schedule:start=` for SOS) and its identifier list (sas-ig.md §8.D #34): a vendor-style search without
///   them would scan every slot of the country.
core::Status checkSasSearchLimits(const search::SearchQuery& query);

} // namespace sas::fhir::rest
