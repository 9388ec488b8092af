#pragma once

#include "adapters/hub/AmqpConnection.h"

#include <string>
#include <vector>

#include <sys/types.h>

namespace sas::test
{

/// A private RabbitMQ node (Debian's rabbitmq-server 3.10) shaped like the Hub Santé (lrm-hub.md §2.2), started and
/// stopped by the test suite (recipe: shared/research/rabbitmq-test-broker.md): its own node name, ports, epmd, cookie
/// and data directory under the test work directory; AMQPS only (TLS 1.2, client certificate required, SASL
/// EXTERNAL with the certificate's CN as user); topic exchange `hubsante` bound with `#` to `dispatch`, direct
/// exchange `distribution` to `<client>.message|ack|info` for every client; each client may write `hubsante` with
/// its own id as routing key and read its own queues, nothing else; the user `fr.health.hub` plays the dispatcher.
/// Client certificates (CN = client id) come from the build tree's dev CA.
class TestRabbitMq
{
public:
    /// `serverCertificate`: the dev PKI certificate the broker presents ("wrong-host" to test host name checks).
    explicit TestRabbitMq(std::vector<std::string> clients, std::string serverCertificate = "server");
    ~TestRabbitMq();
    TestRabbitMq(const TestRabbitMq&) = delete;
    TestRabbitMq& operator=(const TestRabbitMq&) = delete;

    /// Starts the node and waits until it accepts connections (throws with its log otherwise).
    void start();
    /// Stops the node (messages in durable queues survive a restart).
    void stop();

    int port() const { return _port; }
    /// Connection settings for a client id (its certificate, the dev CA, localhost).
    adapters::hub::AmqpEndpoint endpoint(const std::string& clientId) const;
    /// Gateway settings (--set) that make it publish to this broker as `clientId`.
    std::vector<std::string> gatewaySettings(const std::string& clientId) const;
    /// Messages ready in a queue (rabbitmqctl), -1 when it cannot tell.
    long messagesIn(const std::string& queue) const;
    std::string log() const;

private:
    int rabbitmqctl(const std::vector<std::string>& arguments, std::string* output = nullptr) const;
    std::vector<std::string> environment() const;
    void writeConfiguration() const;

    std::vector<std::string> _clients;
    std::string _directory;
    std::string _certificates;
    std::string _serverCertificate;
    int _port;
    int _distPort;
    int _epmdPort;
    int _ctlPort;
    std::string _node;
    pid_t _pid = -1;
};

} // namespace sas::test
