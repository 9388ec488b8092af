// The gateway's AMQPS connection to the Hub Santé fails closed: a broker whose certificate names another host, or
// comes from a CA we do not trust for the Hub, gets no connection (and so no message). A private RabbitMQ plays it.
#include "adapters/hub/AmqpConnection.h"
#include "tests/support/TestPaths.h"
#include "tests/support/TestRabbitMq.h"

#include <gtest/gtest.h>

using sas::adapters::hub::AmqpConnection;
using sas::test::TestRabbitMq;

namespace
{

const std::string PTF = "fr.health.test.ptfsas";

} // namespace

TEST(HubTls, TheBrokersHostNameAndChainAreVerified)
{
    TestRabbitMq broker({PTF}, "wrong-host"); // a valid dev-CA certificate, for elsewhere.invalid
    broker.start();

    const auto wrongName = AmqpConnection::open(broker.endpoint(PTF));
    ASSERT_FALSE(wrongName.has_value()) << "a certificate for another host name must not be accepted";
    EXPECT_EQ(wrongName.error().code, sas::core::ErrorCode::UpstreamUnavailable);

    auto otherCa = broker.endpoint(PTF);
    otherCa.verifyHostname = false;
    otherCa.caFile = sas::test::pkiDirectory() + "/other-ca.pem";
    EXPECT_FALSE(AmqpConnection::open(otherCa).has_value()) << "a chain to an untrusted CA must not be accepted";

    // The same broker with the name check off and the right CA: the two refusals above were the checks, not the broker.
    auto nameUnchecked = broker.endpoint(PTF);
    nameUnchecked.verifyHostname = false;
    EXPECT_TRUE(AmqpConnection::open(nameUnchecked).has_value());
}
