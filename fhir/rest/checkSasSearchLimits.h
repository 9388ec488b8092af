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

/// The IG's limits the parser does not enforce: a Slot search whose chain ends on Practitioner.identifier
/// (`schedule.actor:Practitioner.identifier`) takes at most MAX_PRACTITIONER_IDENTIFIERS values, a Schedule search
/// whose chain ends on Organization.identifier (`actor:Location.organization.identifier`) at most
/// MAX_ORGANIZATION_IDENTIFIERS. Invalid (400) naming the parameter otherwise.
core::Status checkSasSearchLimits(const search::SearchQuery& query);

} // namespace sas::fhir::rest
