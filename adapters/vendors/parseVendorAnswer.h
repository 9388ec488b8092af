#pragma once

#include "core/model/VendorSlot.h"

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sas::adapters::vendors
{

/// What one vendor answer yields once read.
struct VendorAnswer
{
    bool readable = false;             ///< a JSON Bundle of type searchset; false: `fatal` says why, no slots
    std::string fatal;
    std::vector<core::VendorSlot> slots;
    int droppedSlots = 0;              ///< Slots discarded as non-conformant (each one described in `problems`)
    std::vector<std::string> problems; ///< non-conformances (capped; droppedSlots keeps the count)
    std::set<std::string> resourceTypes; ///< resource types seen, for the conformance checker
};

/// What the answer was asked for.
struct AnswerContext
{
    std::string vendorId;
    core::VendorFlow flow = core::VendorFlow::PractitionerIndividual;
    std::set<std::string> targets; ///< prefixed RPPS/ADELI, or prefixed SIRET for SOS
    std::chrono::system_clock::time_point windowStart;
    std::chrono::system_clock::time_point windowEnd;
};

/// Reads a slot-search answer robustly (sas-ig.md §8.A–C): resolves `Slot.schedule` and `Schedule.actor` within the
/// Bundle whether written relative (`Schedule/x`) or absolute (the entry's fullUrl, or any URL ending `Type/id`);
/// the Location contained in the PractitionerRole (`#id`); CPTS HealthcareService → Organization, with the three
/// TRE-R66 spellings; SOS Schedule → Location → Organization. Unknown resources and elements are ignored, entries
/// without `search.mode` accepted, text-only specialties and visit reasons kept. A Slot is dropped, and reported,
/// when its Schedule is not in the Bundle, it cannot be attributed to a requested target, its status is not `free`,
/// its start or end is missing or not an instant, or its start falls outside [windowStart, windowEnd].
VendorAnswer parseVendorAnswer(std::string_view body, const AnswerContext& context);

} // namespace sas::adapters::vendors
