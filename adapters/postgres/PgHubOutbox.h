#pragma once

#include "adapters/postgres/PgPool.h"
#include "core/ports/HubOutbox.h"

namespace sas::adapters::postgres
{

/// One message and what happened to it, for operators (GET /admin/hub/messages).
struct HubMessageHistory
{
    long long id = 0;
    std::string orientationId;
    int revision = 0;
    std::string recipient, method, distributionId, state, errorText, createdAt, publishedAt, outcomeAt;
    int attempts = 0;
    std::optional<int> errorCode;
    std::optional<long long> retryOf;
    struct Event
    {
        std::string direction, kind, distributionId, detail, at;
    };
    std::vector<Event> events;
};

/// HubOutbox over hub_message and hub_event (migration 0003).
class PgHubOutbox final : public core::ports::HubOutbox
{
public:
    explicit PgHubOutbox(PgPool& pool) : _pool(pool) { }

    core::Result<std::vector<core::ports::QueuedMessage>> due(int limit) override;
    core::Status markSent(const std::vector<long long>& ids) override;
    core::Status recordAttempt(long long id, const std::string& why) override;
    core::Result<core::ports::ReplyOutcome> recordReply(const core::ports::HubReply& reply, const std::string& rawBody,
                                                        std::chrono::seconds retryWindow) override;
    core::Status queueResend(long long originalId, const core::ports::QueuedMessage& resend,
                             std::chrono::milliseconds delay) override;
    core::Status recordUndecodable(const std::string& rawBody, const std::string& why) override;
    core::Result<std::vector<core::ports::QueuedMessage>>
    markUnacknowledged(const core::ports::FinalAckTimeouts& timeouts) override;
    core::Result<std::map<std::string, long>> countByState() override;

    /// Every message of an orientation (the LRM's appointmentId), oldest first, with its events.
    core::Result<std::vector<HubMessageHistory>> history(const std::string& orientationId);

private:
    PgPool& _pool;
};

} // namespace sas::adapters::postgres
