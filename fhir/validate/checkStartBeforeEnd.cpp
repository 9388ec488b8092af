#include "fhir/validate/checkStartBeforeEnd.h"

#include "fhir/search/parseDateRange.h"

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
    // The parser that indexes and searches dates, so validation and search agree on the time line.
    const auto fromRange = search::parseDateRange(start->value());
    const auto toRange = search::parseDateRange(end->value());
    if (!fromRange || !toRange)
        return;
    const auto from = fromRange->low;
    const auto to = toRange->low;
    if (slot && to <= from)
        context.error("invariant", "Slot.end must be after Slot.start (SAS rule)", ".end");
    else if (!slot && to < from)
        context.error("invariant", "Appointment.end must not be before Appointment.start (SAS rule)", ".end");
}

} // namespace sas::fhir::validate
