#include "adapters/hub/HubRelay.h"

#include "adapters/hub/parseHubReply.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <map>

namespace sas::adapters::hub
{
namespace
{

Poco::Logger& logger()
{
    return Poco::Logger::get("sas.hub");
}

} // namespace

HubRelay::HubRelay(HubRelayConfig config, core::ports::HubOutbox& outbox, const HubMessageComposer& composer)
    : _config(std::move(config)), _outbox(outbox), _composer(composer)
{
}

HubRelay::~HubRelay()
{
    stop();
}

void HubRelay::start()
{
    _stopping = false;
    _publisher = std::thread([this] { publishLoop(); });
    _consumer = std::thread([this] { consumeLoop(); });
}

void HubRelay::stop()
{
    _stopping = true;
    _wakeup.notify_all();
    if (_publisher.joinable())
        _publisher.join();
    if (_consumer.joinable())
        _consumer.join();
}

void HubRelay::wake()
{
    {
        std::lock_guard lock(_mutex);
        _woken = true;
    }
    _wakeup.notify_all();
}

void HubRelay::pause(std::chrono::milliseconds duration)
{
    std::unique_lock lock(_mutex);
    _wakeup.wait_for(lock, duration, [this] { return _woken || _stopping.load(); });
    _woken = false;
}

void HubRelay::sleepUnlessStopping(std::chrono::milliseconds duration)
{
    // Not woken by writes: during an outage, reconnecting at every booking would hammer the broker.
    const auto until = std::chrono::steady_clock::now() + duration;
    while (!_stopping && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void HubRelay::publishLoop()
{
    std::chrono::milliseconds backoff = _config.reconnectInitial;
    std::unique_ptr<AmqpConnection> connection;
    while (!_stopping)
    {
        sweepUnacknowledged();
        if (!connection)
        {
            auto opened = AmqpConnection::open(_config.endpoint);
            if (opened)
                if (auto confirms = (*opened)->enableConfirms(); !confirms)
                    opened = core::fail(confirms.error());
            if (!opened)
            {
                logger().warning("Hub publisher: %s; retrying in %ld ms", opened.error().message,
                                 static_cast<long>(backoff.count()));
                sleepUnlessStopping(backoff);
                backoff = std::min(backoff * 2, _config.reconnectMax);
                continue;
            }
            connection = std::move(*opened);
            _publisherConnected = true;
            ++_reconnects;
            backoff = _config.reconnectInitial;
            logger().information("Hub publisher connected to %s:%d", _config.endpoint.host, _config.endpoint.port);
        }
        if (!publishRound(*connection))
        {
            connection.reset();
            _publisherConnected = false;
        }
    }
}

void HubRelay::sweepUnacknowledged()
{
    const auto now = std::chrono::steady_clock::now();
    if (now - _lastSweep < _config.pollInterval)
        return;
    _lastSweep = now;
    auto marked = _outbox.markUnacknowledged(_config.finalAck);
    if (!marked)
    {
        logger().warning("Hub publisher: final-ack sweep failed: %s", marked.error().message);
        return;
    }
    for (const auto& message : *marked)
        logger().warning("Hub message %s (%s, appointment %s) to %s: no final ack within the LRM's time-out; "
                         "state unacknowledged, not resent",
                         message.distributionId, message.method, message.orientationId, message.recipient);
}

bool HubRelay::publishRound(AmqpConnection& connection)
{
    auto due = _outbox.due(_config.batch);
    if (!due)
    {
        logger().warning("Hub publisher: outbox unreadable: %s", due.error().message);
        pause(_config.pollInterval);
        return true;
    }
    if (due->empty())
    {
        pause(_config.pollInterval);
        return true;
    }
    std::map<std::uint64_t, const core::ports::QueuedMessage*> byTag;
    std::set<std::uint64_t> tags;
    bool healthy = true;
    std::string problem;
    for (const auto& message : *due)
    {
        auto tag = connection.publish(_config.exchange, _config.clientId, message.body);
        if (!tag)
        {
            healthy = false;
            problem = tag.error().message;
            break;
        }
        byTag[*tag] = &message;
        tags.insert(*tag);
    }
    AmqpConfirms confirms;
    if (healthy)
    {
        auto waited = connection.waitConfirms(tags, _config.endpoint.timeout);
        if (waited)
            confirms = std::move(*waited);
        else
        {
            healthy = false;
            problem = waited.error().message;
        }
    }
    std::vector<long long> sent;
    for (auto tag : confirms.acked)
        sent.push_back(byTag[tag]->id);
    if (auto marked = _outbox.markSent(sent); !marked)
        logger().warning("Hub publisher: %z confirmed messages not marked sent (%s): they will be sent again",
                         sent.size(), marked.error().message);
    _confirmed += sent.size();
    for (const auto& message : *due)
    {
        const bool acked = std::find(sent.begin(), sent.end(), message.id) != sent.end();
        if (acked)
            continue;
        bool nacked = false;
        for (auto tag : confirms.nacked)
            nacked = nacked || byTag[tag]->id == message.id;
        const std::string why = nacked ? "nacked by the broker" : (problem.empty() ? "no confirm in time" : problem);
        (void)_outbox.recordAttempt(message.id, why);
        if (!nacked)
            healthy = false; // unconfirmed: start again on a fresh connection
    }
    if (!healthy)
        logger().warning("Hub publisher: %s; reconnecting", problem.empty() ? std::string("confirms missing") : problem);
    return healthy;
}

void HubRelay::consumeLoop()
{
    std::chrono::milliseconds backoff = _config.reconnectInitial;
    while (!_stopping)
    {
        auto opened = AmqpConnection::open(_config.endpoint);
        core::Status ready = opened ? core::Status{} : core::fail(opened.error());
        for (const char* suffix : {".ack", ".info"})
            if (ready)
            {
                ready = (*opened)->declarePassive(_config.clientId + suffix);
                if (!ready)
                    logger().error("Hub consumer: queue %s%s is not there (configuration of the Hub account?): %s",
                                   _config.clientId, std::string(suffix), ready.error().message);
            }
        for (const char* suffix : {".ack", ".info"})
            if (ready)
                ready = (*opened)->consume(_config.clientId + suffix);
        if (!ready)
        {
            logger().warning("Hub consumer: %s; retrying in %ld ms", ready.error().message, static_cast<long>(backoff.count()));
            sleepUnlessStopping(backoff);
            backoff = std::min(backoff * 2, _config.reconnectMax);
            continue;
        }
        backoff = _config.reconnectInitial;
        _consumerConnected = true;
        AmqpConnection& connection = **opened;
        while (!_stopping)
        {
            auto delivery = connection.next(std::chrono::milliseconds(200));
            if (!delivery)
            {
                logger().warning("Hub consumer: %s; reconnecting", delivery.error().message);
                break;
            }
            if (*delivery)
                handle(connection, **delivery);
        }
        _consumerConnected = false;
    }
}

void HubRelay::handle(AmqpConnection& connection, const AmqpDelivery& delivery)
{
    auto reply = parseHubReply(delivery.body);
    if (!reply)
    {
        logger().error("Hub consumer: undecodable delivery on %s (%s), rejected without requeue: %s", delivery.routingKey,
                       reply.error().message, delivery.body.substr(0, 2000));
        (void)_outbox.recordUndecodable(delivery.body, reply.error().message);
        (void)connection.reject(delivery.tag, false);
        return;
    }
    auto outcome = _outbox.recordReply(*reply, delivery.body, _config.retryWindow);
    if (!outcome)
    {
        // Not stored: leave it to the broker (requeued), so no reply is lost while the database is away.
        logger().warning("Hub consumer: reply %s not recorded (%s), requeued", reply->ownDistributionId,
                         outcome.error().message);
        (void)connection.reject(delivery.tag, true);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        return;
    }
    ++_replies;
    if (outcome->state == "failed" || outcome->state == "refused")
        logger().error("Hub ALERT: message %s %s: %s %s", reply->referencedDistributionId, outcome->state,
                       std::to_string(reply->statusCode), reply->statusString + " " + reply->cause.substr(0, 500));
    if (outcome->action == core::ports::ReplyOutcome::Action::Resend && outcome->message)
    {
        auto reissued = _composer.reissue(outcome->message->body);
        if (!reissued)
            logger().error("Hub consumer: cannot reissue message %s: %s", outcome->message->distributionId,
                           reissued.error().message);
        else
        {
            const auto delay = _config.retryBackoff * (1LL << std::min(outcome->retries, 16));
            core::ports::QueuedMessage resend{0, outcome->message->orientationId, reissued->recipient, reissued->method,
                                              reissued->distributionId, reissued->body, 0};
            if (auto queued = _outbox.queueResend(outcome->message->id, resend, delay); !queued)
            {
                (void)connection.reject(delivery.tag, true);
                return;
            }
            wake();
        }
    }
    if (outcome->state.empty() && outcome->message == std::nullopt)
        logger().warning("Hub consumer: reply %s matches no message we sent, or was already recorded", reply->ownDistributionId);
    (void)connection.ack(delivery.tag);
}

} // namespace sas::adapters::hub
