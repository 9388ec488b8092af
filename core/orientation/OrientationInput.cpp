#include "core/orientation/OrientationInput.h"

namespace sas::core::orientation
{

OrientationInput withStatus(const Orientation& current, OrientationStatus status, Instant at)
{
    OrientationInput input;
    input.source = current.source;
    input.sourceKey = current.sourceKey;
    input.resourceId = current.resourceId;
    input.regulator = current.regulatorReference;
    input.practitioner = current.practitioner;
    input.structure = current.structure;
    input.category = current.category;
    input.status = status;
    input.start = current.start;
    input.end = current.end;
    input.created = current.created;
    input.receivedAt = at;
    return input;
}

} // namespace sas::core::orientation
