#pragma once

#include "adapters/postgres/PgConnection.h"
#include "core/orientation/OrientationMessages.h"
#include "core/orientation/OrientationScope.h"

namespace sas::adapters::postgres
{

/// OrientationScope over the connection of an open transaction: tables orientation, orientation_status,
/// regulator_account and the outbox hub_message (migration 0006). The caller commits.
class PgOrientationScope final : public core::orientation::OrientationScope
{
public:
    PgOrientationScope(PgConnection& connection, core::orientation::OrientationMessages& messages)
        : _connection(connection), _messages(messages) { }

    core::Result<std::optional<core::Orientation>> find(const std::string& source, const std::string& sourceKey) override;
    core::Result<std::optional<core::OrientationRegulator>> regulator(const core::RegulatorReference& reference) override;
    std::string newId() override;
    core::Status save(const core::Orientation& orientation, bool statusChanged) override;
    core::Status notify(const core::Orientation& orientation, core::orientation::OrientationChange change) override;

    /// Messages queued by notify() in this transaction (so the caller can wake the publisher after commit).
    int queued() const { return _queued; }

private:
    PgConnection& _connection;
    core::orientation::OrientationMessages& _messages;
    int _queued = 0;
};

} // namespace sas::adapters::postgres
