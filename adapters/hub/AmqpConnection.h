#pragma once

#include "core/Result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace sas::adapters::hub
{

/// Where and how to reach a RabbitMQ broker: AMQPS with a client certificate, SASL EXTERNAL (the broker takes the
/// certificate's CN as the user).
struct AmqpEndpoint
{
    std::string host;
    int port = 5671;
    std::string vhost = "/";
    std::string caFile;
    std::string certificateFile;
    std::string keyFile;
    bool verifyHostname = true;
    std::chrono::milliseconds timeout{5000}; ///< connect, handshake, every synchronous call
    int heartbeatSeconds = 0;
};

/// A message handed to a consumer; acknowledge it with ack() or reject().
struct AmqpDelivery
{
    std::uint64_t tag = 0;
    std::string exchange;
    std::string routingKey;
    std::string contentType;
    int deliveryMode = 0;
    std::string body;
};

/// Outcome of waiting for publisher confirms.
struct AmqpConfirms
{
    std::set<std::uint64_t> acked;
    std::set<std::uint64_t> nacked;
};

/// One AMQP 0-9-1 connection over TLS 1.2 (rabbitmq-c) with one channel. Every failure is UpstreamUnavailable and
/// leaves the connection unusable (drop it and open another: rabbitmq-c has no automatic recovery). Not thread-safe.
class AmqpConnection
{
public:
    ~AmqpConnection();
    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    static core::Result<std::unique_ptr<AmqpConnection>> open(const AmqpEndpoint& endpoint);

    /// Publisher confirms on the channel (confirm.select); tags then count publishes from 1.
    core::Status enableConfirms();
    /// queue.declare passive: NotFound-like failure when the queue does not exist (never creates it).
    core::Status declarePassive(const std::string& queue);
    /// basic.consume with manual acknowledgements.
    core::Status consume(const std::string& queue, int prefetch = 50);
    /// Persistent publish (delivery_mode 2, priority 0) with this content type; returns the confirm tag.
    core::Result<std::uint64_t> publish(const std::string& exchange, const std::string& routingKey,
                                        const std::string& body, const std::string& contentType = "application/json",
                                        bool persistent = true);
    /// Waits until every tag of `pending` is acked or nacked, or `timeout` passes (the rest stay unsettled).
    core::Result<AmqpConfirms> waitConfirms(const std::set<std::uint64_t>& pending, std::chrono::milliseconds timeout);
    /// The next delivery, or nullopt after `timeout` without one.
    core::Result<std::optional<AmqpDelivery>> next(std::chrono::milliseconds timeout);
    core::Status ack(std::uint64_t tag);
    core::Status reject(std::uint64_t tag, bool requeue);

private:
    struct State;
    explicit AmqpConnection(std::unique_ptr<State> state);
    std::unique_ptr<State> _state;
};

} // namespace sas::adapters::hub
