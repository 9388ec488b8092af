#include "adapters/hub/AmqpConnection.h"

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_ssl_socket.h>

#include <sys/time.h>

namespace sas::adapters::hub
{
namespace
{

using core::ErrorCode;

timeval toTimeval(std::chrono::milliseconds duration)
{
    timeval value{};
    value.tv_sec = static_cast<time_t>(duration.count() / 1000);
    value.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
    return value;
}

std::string bytes(const amqp_bytes_t& value)
{
    return value.len ? std::string(static_cast<const char*>(value.bytes), value.len) : std::string();
}

/// A readable reason from an RPC reply (broker close codes such as 403 ACCESS_REFUSED, 404 NOT_FOUND included).
std::string describe(const amqp_rpc_reply_t& reply)
{
    switch (reply.reply_type)
    {
    case AMQP_RESPONSE_NORMAL:
        return "ok";
    case AMQP_RESPONSE_NONE:
        return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD)
        {
            const auto* close = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
            return "connection closed by the broker: " + std::to_string(close->reply_code) + " " + bytes(close->reply_text);
        }
        if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD)
        {
            const auto* close = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
            return "channel closed by the broker: " + std::to_string(close->reply_code) + " " + bytes(close->reply_text);
        }
        return "broker error (method " + std::to_string(reply.reply.id) + ")";
    }
    return "unknown reply";
}

core::Status check(const amqp_rpc_reply_t& reply, const std::string& what)
{
    if (reply.reply_type == AMQP_RESPONSE_NORMAL)
        return {};
    return core::fail(ErrorCode::UpstreamUnavailable, what + ": " + describe(reply));
}

core::Status checkStatus(int status, const std::string& what)
{
    if (status == AMQP_STATUS_OK)
        return {};
    return core::fail(ErrorCode::UpstreamUnavailable, what + ": " + amqp_error_string2(status));
}

constexpr amqp_channel_t CHANNEL = 1;

} // namespace

struct AmqpConnection::State
{
    amqp_connection_state_t connection = nullptr;
    bool loggedIn = false;
    bool channelOpen = false;
    std::uint64_t nextTag = 1;
    std::chrono::milliseconds timeout{5000};
};

AmqpConnection::AmqpConnection(std::unique_ptr<State> state) : _state(std::move(state)) { }

AmqpConnection::~AmqpConnection()
{
    if (!_state || !_state->connection)
        return;
    if (_state->channelOpen)
        amqp_channel_close(_state->connection, CHANNEL, AMQP_REPLY_SUCCESS);
    if (_state->loggedIn)
        amqp_connection_close(_state->connection, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(_state->connection);
}

core::Result<std::unique_ptr<AmqpConnection>> AmqpConnection::open(const AmqpEndpoint& endpoint)
{
    auto state = std::make_unique<State>();
    state->timeout = endpoint.timeout;
    state->connection = amqp_new_connection();
    std::unique_ptr<AmqpConnection> connection(new AmqpConnection(std::move(state)));
    State& s = *connection->_state;
    const std::string where = "AMQP " + endpoint.host + ":" + std::to_string(endpoint.port);

    amqp_socket_t* socket = amqp_ssl_socket_new(s.connection);
    if (!socket)
        return core::fail(ErrorCode::Internal, where + ": cannot create a TLS socket");
    if (auto set = checkStatus(amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSv1_2), where + " TLS 1.2");
        !set)
        return core::fail(set.error());
    if (auto set = checkStatus(amqp_ssl_socket_set_cacert(socket, endpoint.caFile.c_str()), where + " CA file"); !set)
        return core::fail(set.error());
    if (auto set = checkStatus(amqp_ssl_socket_set_key(socket, endpoint.certificateFile.c_str(), endpoint.keyFile.c_str()),
                               where + " client certificate");
        !set)
        return core::fail(set.error());
    amqp_ssl_socket_set_verify_peer(socket, 1);
    amqp_ssl_socket_set_verify_hostname(socket, endpoint.verifyHostname ? 1 : 0);

    timeval timeout = toTimeval(endpoint.timeout);
    amqp_set_handshake_timeout(s.connection, &timeout);
    amqp_set_rpc_timeout(s.connection, &timeout);
    if (auto opened = checkStatus(amqp_socket_open_noblock(socket, endpoint.host.c_str(), endpoint.port, &timeout),
                                  where + " connect/TLS");
        !opened)
        return core::fail(opened.error());
    // EXTERNAL: the broker takes the identity from the certificate; rabbitmq-c needs a non-empty string anyway.
    if (auto login = check(amqp_login(s.connection, endpoint.vhost.c_str(), 0, 131072, endpoint.heartbeatSeconds,
                                      AMQP_SASL_METHOD_EXTERNAL, "certificate"),
                           where + " login (SASL EXTERNAL)");
        !login)
        return core::fail(login.error());
    s.loggedIn = true;
    amqp_channel_open(s.connection, CHANNEL);
    if (auto channel = check(amqp_get_rpc_reply(s.connection), where + " channel.open"); !channel)
        return core::fail(channel.error());
    s.channelOpen = true;
    return connection;
}

core::Status AmqpConnection::enableConfirms()
{
    amqp_confirm_select(_state->connection, CHANNEL);
    return check(amqp_get_rpc_reply(_state->connection), "confirm.select");
}

core::Status AmqpConnection::declarePassive(const std::string& queue)
{
    amqp_queue_declare(_state->connection, CHANNEL, amqp_cstring_bytes(queue.c_str()), /*passive=*/1, 0, 0, 0,
                       amqp_empty_table);
    auto declared = check(amqp_get_rpc_reply(_state->connection), "queue.declare passive '" + queue + "'");
    if (!declared)
        _state->channelOpen = false; // a failed declare closes the channel
    return declared;
}

core::Status AmqpConnection::consume(const std::string& queue, int prefetch)
{
    amqp_basic_qos(_state->connection, CHANNEL, 0, static_cast<uint16_t>(prefetch), 0);
    if (auto qos = check(amqp_get_rpc_reply(_state->connection), "basic.qos"); !qos)
        return qos;
    amqp_basic_consume(_state->connection, CHANNEL, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0,
                       /*no_ack=*/0, 0, amqp_empty_table);
    return check(amqp_get_rpc_reply(_state->connection), "basic.consume '" + queue + "'");
}

core::Result<std::uint64_t> AmqpConnection::publish(const std::string& exchange, const std::string& routingKey,
                                                    const std::string& body, const std::string& contentType,
                                                    bool persistent)
{
    amqp_basic_properties_t properties{};
    properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_PRIORITY_FLAG;
    properties.content_type = amqp_cstring_bytes(contentType.c_str());
    properties.delivery_mode = persistent ? 2 : 1;
    properties.priority = 0;
    amqp_bytes_t payload{body.size(), const_cast<char*>(body.data())};
    const int status = amqp_basic_publish(_state->connection, CHANNEL, amqp_cstring_bytes(exchange.c_str()),
                                          amqp_cstring_bytes(routingKey.c_str()), 0, 0, &properties, payload);
    if (auto published = checkStatus(status, "basic.publish"); !published)
        return core::fail(published.error());
    return _state->nextTag++;
}

core::Result<AmqpConfirms> AmqpConnection::waitConfirms(const std::set<std::uint64_t>& pending,
                                                        std::chrono::milliseconds timeout)
{
    AmqpConfirms confirms;
    std::set<std::uint64_t> open = pending;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto settle = [&open](std::uint64_t tag, bool multiple, std::set<std::uint64_t>& into) {
        for (auto it = open.begin(); it != open.end();)
            if (*it == tag || (multiple && *it <= tag))
            {
                into.insert(*it);
                it = open.erase(it);
            }
            else
                ++it;
    };
    while (!open.empty())
    {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        timeval wait = toTimeval(left);
        amqp_frame_t frame{};
        amqp_maybe_release_buffers(_state->connection);
        const int status = amqp_simple_wait_frame_noblock(_state->connection, &frame, &wait);
        if (status == AMQP_STATUS_TIMEOUT)
            break;
        if (status != AMQP_STATUS_OK)
            return core::fail(ErrorCode::UpstreamUnavailable, std::string("waiting for confirms: ") + amqp_error_string2(status));
        if (frame.frame_type != AMQP_FRAME_METHOD)
            continue;
        switch (frame.payload.method.id)
        {
        case AMQP_BASIC_ACK_METHOD: {
            const auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
            settle(ack->delivery_tag, ack->multiple, confirms.acked);
            break;
        }
        case AMQP_BASIC_NACK_METHOD: {
            const auto* nack = static_cast<amqp_basic_nack_t*>(frame.payload.method.decoded);
            settle(nack->delivery_tag, nack->multiple, confirms.nacked);
            break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD:
        case AMQP_CONNECTION_CLOSE_METHOD:
            return core::fail(ErrorCode::UpstreamUnavailable, "the broker closed the channel while we waited for confirms");
        default:
            break; // basic.return and others: no meaning for confirms
        }
    }
    return confirms;
}

core::Result<std::optional<AmqpDelivery>> AmqpConnection::next(std::chrono::milliseconds timeout)
{
    amqp_maybe_release_buffers(_state->connection);
    amqp_envelope_t envelope{};
    timeval wait = toTimeval(timeout);
    const amqp_rpc_reply_t reply = amqp_consume_message(_state->connection, &envelope, &wait, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL)
    {
        AmqpDelivery delivery;
        delivery.tag = envelope.delivery_tag;
        delivery.exchange = bytes(envelope.exchange);
        delivery.routingKey = bytes(envelope.routing_key);
        delivery.body = bytes(envelope.message.body);
        if (envelope.message.properties._flags & AMQP_BASIC_CONTENT_TYPE_FLAG)
            delivery.contentType = bytes(envelope.message.properties.content_type);
        if (envelope.message.properties._flags & AMQP_BASIC_DELIVERY_MODE_FLAG)
            delivery.deliveryMode = envelope.message.properties.delivery_mode;
        amqp_destroy_envelope(&envelope);
        return std::optional<AmqpDelivery>(std::move(delivery));
    }
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT)
        return std::optional<AmqpDelivery>();
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_UNEXPECTED_STATE)
    {
        // Not a delivery: read the frame; a close is fatal, anything else (e.g. basic.ack) is skipped.
        amqp_frame_t frame{};
        timeval now = toTimeval(std::chrono::milliseconds(0));
        const int status = amqp_simple_wait_frame_noblock(_state->connection, &frame, &now);
        if (status == AMQP_STATUS_OK && frame.frame_type == AMQP_FRAME_METHOD &&
            (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD || frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD))
            return core::fail(ErrorCode::UpstreamUnavailable, "the broker closed the consumer's channel");
        if (status != AMQP_STATUS_OK && status != AMQP_STATUS_TIMEOUT)
            return core::fail(ErrorCode::UpstreamUnavailable, std::string("consumer: ") + amqp_error_string2(status));
        return std::optional<AmqpDelivery>();
    }
    return core::fail(ErrorCode::UpstreamUnavailable, "consumer: " + describe(reply));
}

core::Status AmqpConnection::ack(std::uint64_t tag)
{
    return checkStatus(amqp_basic_ack(_state->connection, CHANNEL, tag, 0), "basic.ack");
}

core::Status AmqpConnection::reject(std::uint64_t tag, bool requeue)
{
    return checkStatus(amqp_basic_reject(_state->connection, CHANNEL, tag, requeue ? 1 : 0), "basic.reject");
}

} // namespace sas::adapters::hub
