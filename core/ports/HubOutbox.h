#pragma once

#include "core/Result.h"
#include "core/model/Orientation.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sas::core::ports
{

/// A queued INT_L02 message (the outbox row).
struct QueuedMessage
{
    long long id = 0;
    std::string orientationId;
    std::string recipient;
    std::string method;
    std::string distributionId;
    std::string body; ///< the exact bytes to publish, again and again until confirmed
    int attempts = 0;
};

/// What the Hub or an LRM said about one of our messages, decoded from `.ack` or `.info`.
struct HubReply
{
    enum class Kind
    {
        Ack,
        Error,
    };
    Kind kind = Kind::Ack;
    std::string ownDistributionId;        ///< the reply's own id (replies are stored once)
    std::string sender;
    std::string referencedDistributionId; ///< reference.distributionID / referencedDistributionID
    std::string fallbackDistributionId;   ///< sourceMessage.distributionID (errors whose reference is unknown)
    bool refused = false;                 ///< Ack: reference.refused
    std::string step;                     ///< Ack: RECU, ERREUR, INTEGRE, CONSULTE, SUPPRIME
    int statusCode = 0;                   ///< Error: errorCode.statusCode (open set: 409 comes from LRMs)
    std::string statusString;
    std::string cause;                    ///< Error: errorCause
};

/// What recording a reply decided.
struct ReplyOutcome
{
    enum class Action
    {
        None,      ///< recorded (delivered, acknowledged, failed, orphan, or a duplicate reply)
        Resend,    ///< Hub error 400/500 within the retry window: reissue `message` under a new id after a backoff
    };
    Action action = Action::None;
    std::optional<QueuedMessage> message; ///< the message the reply is about, when known
    std::string state;                    ///< the message's state after the reply ("" when none matched)
    int retries = 0;                      ///< resends already made for this orientation (for the backoff)
};

/// How long each LRM has to send its final ack after the broker confirmed a message (lrm-hub.md §2.11.6): final
/// acks are optional in the Hub's specification, so zero means "this LRM sends none, never wait for one".
struct FinalAckTimeouts
{
    std::chrono::seconds fallback{0};
    std::map<std::string, std::chrono::seconds> byRecipient; ///< Hub client id → its own time-out
};

/// The transactional outbox of INT_L02 messages (rows written by OrientationScope::notify in the booking's
/// transaction), as the publisher and the reply consumer see it. Implemented by adapters/postgres/PgHubOutbox.
class HubOutbox
{
public:
    virtual ~HubOutbox() = default;

    /// Messages to publish now, oldest first: for each orientation only its oldest queued message (later ones wait
    /// until it is confirmed, so one orientation's messages leave in order), at most `limit`.
    virtual Result<std::vector<QueuedMessage>> due(int limit) = 0;
    /// The broker confirmed these (publisher confirm): state `sent`.
    virtual Status markSent(const std::vector<long long>& ids) = 0;
    /// A publish that was not confirmed (nack, timeout, lost connection): stays queued, attempt counted.
    virtual Status recordAttempt(long long id, const std::string& why) = 0;
    /// Correlates and stores an ack or error; idempotent on the reply's own distributionID.
    virtual Result<ReplyOutcome> recordReply(const HubReply& reply, const std::string& rawBody,
                                             std::chrono::seconds retryWindow) = 0;
    /// Queues `resend` (a reissue of message `originalId`) not before `delay` from now.
    virtual Status queueResend(long long originalId, const QueuedMessage& resend, std::chrono::milliseconds delay) = 0;
    /// Stores a delivery that could not be decoded (kept for operators).
    virtual Status recordUndecodable(const std::string& rawBody, const std::string& why) = 0;
    /// Sent messages whose final ack is overdue under `timeouts`: state `unacknowledged` (not resent: the LRM may
    /// have it; an operator decides). Returns those it marked, for the alert.
    virtual Result<std::vector<QueuedMessage>> markUnacknowledged(const FinalAckTimeouts& timeouts) = 0;
    /// Messages by state, for /metrics.
    virtual Result<std::map<std::string, long>> countByState() = 0;
};

} // namespace sas::core::ports
