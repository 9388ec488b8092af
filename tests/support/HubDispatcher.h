#pragma once

#include "adapters/hub/AmqpConnection.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sas::test
{

/// What the dispatcher saw of one message.
struct DispatchedMessage
{
    std::string publisher;   ///< the routing key it was published with
    std::string body;
    bool valid = false;      ///< against EDXL-DE-full.schema.json (tests/fixtures/hub/json-schema)
    std::string problem;     ///< why not, when invalid or refused
    std::string queue;       ///< where it was routed ("" when refused)
};

/// The Hub's dispatcher, small (lrm-hub.md §2.2): consumes `dispatch` as `fr.health.hub`, checks each message like the
/// Hub does (persistent and JSON, senderID = routing key, the full Hub JSON schema with all 25 schemas), then routes
/// it to `<explicitAddressValue>.message|ack|info` by `distributionKind`. A refused message gets a Hub error
/// (100/101/200/300) on `<routing key>.info`, as the real Hub would.
class HubDispatcher
{
public:
    explicit HubDispatcher(adapters::hub::AmqpEndpoint endpoint);
    ~HubDispatcher();

    void start();
    void stop();

    std::vector<DispatchedMessage> seen() const;
    /// Validates a message against the full schema; "" when valid, else the first violation.
    static std::string schemaProblem(const std::string& body);

private:
    void run();
    void dispatch(adapters::hub::AmqpConnection& connection, const adapters::hub::AmqpDelivery& delivery);

    adapters::hub::AmqpEndpoint _endpoint;
    std::atomic<bool> _stopping{false};
    std::thread _thread;
    mutable std::mutex _mutex;
    std::vector<DispatchedMessage> _seen;
};

/// How the fake LRM answers.
enum class LrmBehaviour
{
    Ack,      ///< final ack (reference.distributionID = the message)
    Conflict, ///< LRM error 409 CONFLICT on creates, ack otherwise
    Silent,   ///< consumes and says nothing
    Late,     ///< final ack, but only after the late-ack delay
};

/// A SAMU's LRM on its `<id>.message` queue: keeps what it receives, in order, and answers as told.
class FakeLrm
{
public:
    FakeLrm(adapters::hub::AmqpEndpoint endpoint, std::string clientId, LrmBehaviour behaviour);
    ~FakeLrm();

    void start();
    void stop();
    void setBehaviour(LrmBehaviour behaviour) { _behaviour = behaviour; }
    void setLateAckDelay(std::chrono::milliseconds delay) { _lateAckDelay = delay; }
    std::vector<std::string> received() const;
    /// When each message of received() arrived.
    std::vector<std::chrono::steady_clock::time_point> arrivals() const;

private:
    void run();

    adapters::hub::AmqpEndpoint _endpoint;
    std::string _clientId;
    std::atomic<LrmBehaviour> _behaviour;
    std::atomic<std::chrono::milliseconds> _lateAckDelay{std::chrono::seconds(5)};
    std::atomic<bool> _stopping{false};
    std::thread _thread;
    mutable std::mutex _mutex;
    std::vector<std::string> _received;
    std::vector<std::chrono::steady_clock::time_point> _arrivals;
};

} // namespace sas::test
