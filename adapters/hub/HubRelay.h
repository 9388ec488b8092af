#pragma once

#include "adapters/hub/AmqpConnection.h"
#include "adapters/hub/HubMessageComposer.h"
#include "core/ports/HubOutbox.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sas::adapters::hub
{

struct HubRelayConfig
{
    AmqpEndpoint endpoint;
    std::string clientId;                           ///< our Hub id: routing key, and queues <id>.ack / <id>.info
    std::string exchange = "hubsante";
    std::chrono::milliseconds reconnectInitial{200};
    std::chrono::milliseconds reconnectMax{30000};
    std::chrono::milliseconds pollInterval{1000};  ///< outbox scan when nothing woke the publisher
    std::chrono::seconds retryWindow{std::chrono::hours(24)};
    std::chrono::milliseconds retryBackoff{30000};
    int batch = 100;                                ///< messages per publish round (one per orientation)
    core::ports::FinalAckTimeouts finalAck;         ///< overdue final acks → `unacknowledged` (behaviour 73)
};

/// Moves the outbox to the Hub and the Hub's answers back (lrm-hub.md §2.2, §2.9–2.11):
/// - the publisher sends due messages (oldest first, one per orientation per round) to `hubsante` with our id as
///   routing key, persistent, application/json, and waits for the publisher confirms: confirmed → `sent`; nack,
///   timeout or lost connection → left queued and sent again, same bytes, same distributionID;
/// - the consumer reads `<id>.ack` and `<id>.info` (declared passively) and records each reply before acknowledging
///   it; Hub errors 400/500 queue the latest snapshot again under a new distributionID after a doubling backoff,
///   within the retry window; an undecodable delivery is stored and rejected without requeue;
/// - once per poll interval, sent messages whose LRM is past its final-ack time-out become `unacknowledged` and are
///   logged as a warning for the operator (no blind resend: the LRM may well have them).
/// Each side has its own connection and thread and reconnects with exponential backoff (rabbitmq-c has no recovery).
class HubRelay
{
public:
    HubRelay(HubRelayConfig config, core::ports::HubOutbox& outbox, const HubMessageComposer& composer);
    ~HubRelay();
    HubRelay(const HubRelay&) = delete;
    HubRelay& operator=(const HubRelay&) = delete;

    void start();
    /// Stops both threads within about one AMQP timeout; unsent messages stay in the outbox.
    void stop();
    /// A write queued messages: publish now rather than at the next poll.
    void wake();

    bool publisherConnected() const { return _publisherConnected; }
    bool consumerConnected() const { return _consumerConnected; }
    unsigned long long confirmed() const { return _confirmed; }
    unsigned long long reconnects() const { return _reconnects; }
    unsigned long long replies() const { return _replies; }

private:
    void publishLoop();
    void consumeLoop();
    /// One publish round; false when the connection must be dropped.
    bool publishRound(AmqpConnection& connection);
    void handle(AmqpConnection& connection, const AmqpDelivery& delivery);
    /// Sleeps up to `duration` unless stopped or woken.
    void pause(std::chrono::milliseconds duration);
    void sleepUnlessStopping(std::chrono::milliseconds duration);
    /// The final-ack sweep, at most once per poll interval; needs the database only, not the broker.
    void sweepUnacknowledged();

    HubRelayConfig _config;
    core::ports::HubOutbox& _outbox;
    const HubMessageComposer& _composer;
    std::atomic<bool> _stopping{false};
    std::mutex _mutex;
    std::condition_variable _wakeup;
    bool _woken = false;
    std::thread _publisher;
    std::thread _consumer;
    std::atomic<bool> _publisherConnected{false};
    std::atomic<bool> _consumerConnected{false};
    std::atomic<unsigned long long> _confirmed{0};
    std::atomic<unsigned long long> _reconnects{0};
    std::atomic<unsigned long long> _replies{0};
    std::chrono::steady_clock::time_point _lastSweep{};
};

} // namespace sas::adapters::hub
