#include "core/orientation/OrientationRecorder.h"

namespace sas::core::orientation
{

Result<RecordOutcome> OrientationRecorder::record(const OrientationInput& input, OrientationScope& scope) const
{
    if (input.source.empty() || input.sourceKey.empty())
        return fail(ErrorCode::Internal, "an orientation needs its source and the booking's key");
    auto existing = scope.find(input.source, input.sourceKey);
    if (!existing)
        return fail(existing.error());
    auto regulator = scope.regulator(input.regulator);
    if (!regulator)
        return fail(regulator.error());

    const bool isNew = !existing->has_value();
    Orientation orientation = isNew ? Orientation{} : **existing;
    if (isNew)
    {
        orientation.id = scope.newId();
        orientation.source = input.source;
        orientation.sourceKey = input.sourceKey;
        orientation.created = input.created.value_or(input.receivedAt);
    }
    const bool statusChanged = isNew || orientation.status != input.status;
    const bool visibleChange = statusChanged || orientation.start != input.start || orientation.end != input.end ||
                               orientation.practitioner != input.practitioner || orientation.structure != input.structure;
    const bool accountChanged = !isNew && (orientation.regulatorReference.value != input.regulator.value ||
                                           orientation.regulatorReference.system != input.regulator.system ||
                                           orientation.category != input.category ||
                                           orientation.resourceId != input.resourceId);
    if (!visibleChange && !accountChanged)
        return RecordOutcome{std::move(orientation), OrientationChange::Unchanged};

    if (!input.resourceId.empty())
        orientation.resourceId = input.resourceId;
    orientation.regulatorReference = input.regulator;
    orientation.regulator = std::move(*regulator);
    orientation.practitioner = input.practitioner;
    orientation.structure = input.structure;
    orientation.category = input.category;
    orientation.status = input.status;
    orientation.start = input.start;
    orientation.end = input.end;
    orientation.updated = input.receivedAt;
    orientation.revision += 1;
    if (statusChanged)
        orientation.history.push_back(StatusChange{input.status, input.receivedAt});

    if (auto saved = scope.save(orientation, statusChanged); !saved)
        return fail(saved.error());
    const OrientationChange change =
        isNew ? OrientationChange::Created : (visibleChange ? OrientationChange::Updated : OrientationChange::Unchanged);
    if (change != OrientationChange::Unchanged)
        if (auto queued = scope.notify(orientation, change); !queued)
            return fail(queued.error());
    return RecordOutcome{std::move(orientation), change};
}

} // namespace sas::core::orientation
