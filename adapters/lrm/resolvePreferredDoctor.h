#pragma once

#include "adapters/lrm/ContextualCall.h"
#include "core/model/Directory.h"

#include <vector>

namespace sas::adapters::lrm
{

/// Finds the preferred doctor of a contextual call in the directory, as the platform's search does (lrm-hub.md
/// §1.3, behaviour 31): a normed RPPS must be a practitioner of the directory; a free text matches an RPPS (with or
/// without its prefix 8) or a name ("Dupont", "Jean Dupont", "Dupont Jean", accents and case ignored), and every
/// match must be one same practitioner. Found: `practitionerId` is set. Not found or ambiguous: sas_pf_001, the
/// preferred doctor hidden. A call without a preferred doctor is left as it is.
void resolvePreferredDoctor(ContextualCall& call, const std::vector<core::Practitioner>& directory);

} // namespace sas::adapters::lrm
