#pragma once

#include "adapters/lrm/ContextualCall.h"
#include "adapters/lrm/LenientQuery.h"
#include "adapters/lrm/OriginRegistry.h"
#include "core/ports/Communes.h"
#include "core/search/SpecialtyCatalog.h"

namespace sas::adapters::lrm
{

/// What the contextual call's rules read: the active installations, the INSEE commune table, and the specialty
/// catalogue (JDV_J239) for normed specialties.
struct ContextualCallReferences
{
    const OriginRegistry& origins;
    const core::Communes& communes;
    const core::SpecialtyCatalog& specialties;
};

/// Applies the platform's contextual-call rules (lrm-hub.md §1.3–1.6) to a decoded query: origin check, address
/// composition from the INSEE table, specialty and preferred doctor. Never fails: every problem is a decision
/// (OriginError, RedirectHome) or a flag the page shows (sas_pf_001/002, default specialty). The preferred doctor is
/// only parsed here; finding them in the directory is the search's job.
ContextualCall parseContextualCall(const LenientQuery& query, const ContextualCallReferences& references);

/// PHP's ucwords(): the first byte of each space-separated word upper-cased if it is an ASCII letter, the rest
/// untouched ("RUE X" stays, "école" stays: the platform does the same).
std::string ucwords(std::string text);

} // namespace sas::adapters::lrm
