#pragma once

#include "core/Result.h"
#include "core/model/Agenda.h"
#include "core/model/Directory.h"

#include <string>
#include <vector>

namespace sas::core
{

/// The owner of the FHIR resources the agenda SAS publishes: vendors cannot write over them, and they are not pushed
/// vendor slots.
inline constexpr const char* AGENDA_OWNER = "sas-agenda";

/// Shows a place's agenda-SAS offer outside the regulator search: the FHIR façade's Slots and Schedules
/// (app/AgendaSlotPublisher). Called by the AgendaService after the place's own writes and at its full refreshes;
/// must make what is published exactly `free` (removing what is no longer there), and write nothing when it already
/// is.
class AgendaPublisher
{
public:
    virtual ~AgendaPublisher() = default;
    /// `practitioner` null (and `free` empty) when the place is gone or inactive.
    virtual Status publish(const std::string& placeId, const Practitioner* practitioner,
                           const std::vector<SlotOccurrence>& free) = 0;
};

} // namespace sas::core
