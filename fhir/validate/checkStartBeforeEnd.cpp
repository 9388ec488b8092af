#include "fhir/validate/checkStartBeforeEnd.h"

#include "fhir/validate/toEpochMicros.h"

namespace sas::fhir::validate
{

void checkStartBeforeEnd(const Node& resource, ValidationContext& context)
{
    const std::string_view type = resource.resourceType();
    const bool slot = type == "Slot";
    if (!slot && type != "Appointment")
        return;
    const Node* start = resource.first("start");
    const Node* end = resource.first("end");
    if (!start || !end)
        return;
    const auto from = toEpochMicros(start->value());
    const auto to = toEpochMicros(end->value());
    if (!from || !to)
        return;
    if (slot && *to <= *from)
        context.error("invariant", "Slot.end must be after Slot.start (SAS rule)", ".end");
    else if (!slot && *to < *from)
        context.error("invariant", "Appointment.end must not be before Appointment.start (SAS rule)", ".end");
}

} // namespace sas::fhir::validate
