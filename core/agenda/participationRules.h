#pragma once

#include "core/Result.h"
#include "core/model/Directory.h"

#include <functional>
#include <string>
#include <vector>

namespace sas::core
{

/// Checks a practitioner's participation settings against sas-platform.md §3.6 (behaviours
/// 63–66), reporting every problem as Unprocessable with the field at fault. `structureExists`
/// answers whether a FINESS is a known structure; `placeIds` are the practitioner's places.
Status validateParticipation(const ParticipationSettings& settings,
                             const std::function<bool(const std::string& finess)>& structureExists,
                             const std::vector<std::string>& placeIds);

/// Checks a structure's settings (behaviour 69): a CDS participates only with at least one
/// practitioner and must then declare the 2 hours; SOS Médecins participates by declaring them.
Status validateStructureSettings(const Structure& structure, const StructureSettings& settings);

/// Whether a practitioner may edit their own agenda SAS (behaviour 68): vendor slots refused and
/// not participating through SOS Médecins (whose manager edits it).
bool mayEditOwnAgenda(const ParticipationSettings& settings);

} // namespace sas::core
