// INT_L02 messages built from orientations: shape, routing, omissions, and that each passes the gate.
#include "adapters/hub/HubMessageComposer.h"
#include "adapters/hub/formatHubTime.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

namespace
{

using namespace std::chrono;
using sas::core::Instant;
using sas::core::orientation::OrientationChange;

class FixedClock final : public sas::core::Clock
{
public:
    system_clock::time_point now() const override { return system_clock::time_point(seconds(1761667554)); }
};

Instant at(long epochSeconds)
{
    return Instant(seconds(epochSeconds));
}

sas::core::Orientation bookedPs()
{
    sas::core::Orientation o;
    o.id = "2d2db05f-e2b0-4169-be8f-891806da2c74";
    o.regulator = sas::core::OrientationRegulator{"r1", "3620100057/70326SR", "", "RICART", "Pauline", "pauline.ricart@ghsas.fr", "33"};
    o.practitioner = sas::core::OrientationPractitioner{"810005681340", "MOREL", "Didier", "SM54", "10"};
    o.category = sas::core::OrientationCategory::Ps;
    o.status = sas::core::OrientationStatus::Booked;
    o.start = at(1750161600); // 2025-06-17T12:00:00Z
    o.end = at(1750162800);
    o.created = at(1750148100);
    return o;
}

struct Fixture
{
    FixedClock clock;
    sas::adapters::hub::HubMessageGate gate;
    sas::adapters::hub::HubMessageComposer composer{
        sas::adapters::hub::HubRouting{"fr.health.test.ptfsas", {{"33", {"fr.health.samu330"}}}, hours(24)}, clock, gate};
};

Poco::JSON::Object::Ptr parse(const std::string& body)
{
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr messageOf(const Poco::JSON::Object::Ptr& envelope)
{
    return envelope->getArray("content")
        ->getObject(0)
        ->getObject("jsonContent")
        ->getObject("embeddedJsonContent")
        ->getObject("message");
}

} // namespace

TEST(FormatHubTime, ParisOffsetSecondsNoZ)
{
    using sas::adapters::hub::formatHubTime;
    EXPECT_EQ(formatHubTime(at(1761667554)), "2025-10-28T17:05:54+01:00"); // winter
    EXPECT_EQ(formatHubTime(at(1750161600)), "2025-06-17T14:00:00+02:00"); // summer
    EXPECT_EQ(formatHubTime(at(1761440399)), "2025-10-26T02:59:59+02:00"); // last second of summer time
    EXPECT_EQ(formatHubTime(at(1761440400)), "2025-10-26T02:00:00+01:00");
}

TEST(HubMessageComposer, CreateOfABookedPsIsTheGoldenShape)
{
    Fixture f;
    auto messages = f.composer.compose(bookedPs(), OrientationChange::Created);
    ASSERT_EQ(messages.size(), 1u);
    const auto& message = messages[0];
    ASSERT_FALSE(message.rejected) << message.error;
    EXPECT_EQ(message.recipient, "fr.health.samu330");
    EXPECT_EQ(message.method, "CreateAppointment");
    EXPECT_EQ(message.distributionId.rfind("fr.health.test.ptfsas_", 0), 0u);

    auto envelope = parse(message.body);
    EXPECT_EQ(envelope->getValue<std::string>("distributionID"), message.distributionId);
    EXPECT_EQ(envelope->getValue<std::string>("senderID"), "fr.health.test.ptfsas");
    EXPECT_EQ(envelope->getValue<std::string>("dateTimeSent"), "2025-10-28T17:05:54+01:00");
    EXPECT_EQ(envelope->getValue<std::string>("dateTimeExpires"), "2025-10-29T17:05:54+01:00");
    EXPECT_EQ(envelope->getValue<std::string>("distributionKind"), "Report");
    auto rcde = messageOf(envelope);
    EXPECT_EQ(rcde->getValue<std::string>("messageId"), message.distributionId);
    EXPECT_EQ(rcde->getValue<std::string>("sentAt"), "2025-10-28T17:05:54+01:00");
    EXPECT_EQ(rcde->getObject("sender")->getValue<std::string>("URI"), "hubex:fr.health.test.ptfsas");
    auto appointment = rcde->getObject("appointment");
    EXPECT_EQ(appointment->getValue<std::string>("appointmentId"), "2d2db05f-e2b0-4169-be8f-891806da2c74");
    EXPECT_EQ(appointment->getValue<std::string>("start"), "2025-06-17T14:00:00+02:00");
    EXPECT_EQ(appointment->getValue<std::string>("created"), "2025-06-17T10:15:00+02:00");
    EXPECT_EQ(appointment->getValue<std::string>("status"), "booked");
    EXPECT_EQ(appointment->getValue<std::string>("orientationCategory"), "PS");
    auto practitioner = appointment->getObject("practitioner");
    EXPECT_EQ(practitioner->getValue<std::string>("rppsId"), "810005681340");
    EXPECT_EQ(practitioner->getValue<std::string>("specialityCode"), "SM54");
    EXPECT_FALSE(practitioner->has("specialtyCode"));
    EXPECT_EQ(appointment->getObject("regulator")->getValue<std::string>("regulatorId"), "3620100057/70326SR");
}

TEST(HubMessageComposer, UpdatesCarryTheFullSnapshotUnderANewId)
{
    Fixture f;
    auto created = f.composer.compose(bookedPs(), OrientationChange::Created);
    auto cancelled = bookedPs();
    cancelled.status = sas::core::OrientationStatus::Cancelled;
    auto updated = f.composer.compose(cancelled, OrientationChange::Updated);
    ASSERT_EQ(updated.size(), 1u);
    ASSERT_FALSE(updated[0].rejected) << updated[0].error;
    EXPECT_NE(updated[0].distributionId, created[0].distributionId);
    auto appointment = messageOf(parse(updated[0].body))->getObject("appointment");
    EXPECT_EQ(appointment->getValue<std::string>("method"), "UpdateAppointment");
    EXPECT_EQ(appointment->getValue<std::string>("status"), "cancelled");
    EXPECT_EQ(appointment->getValue<std::string>("appointmentId"), "2d2db05f-e2b0-4169-be8f-891806da2c74");
    EXPECT_TRUE(appointment->has("practitioner"));
}

TEST(HubMessageComposer, OptionalFieldsAreOmittedNotEmpty)
{
    Fixture f;
    auto sos = bookedPs();
    sos.status = sas::core::OrientationStatus::Pending;
    sos.category = sas::core::OrientationCategory::Sos;
    sos.practitioner.reset();
    sos.end.reset();
    sos.regulator->nationalId.clear(); // only a SAS technical id: never sent
    sos.regulator->technicalId = "b6e39355-8a61-4556-b340-36f7b95fec6a";
    auto messages = f.composer.compose(sos, OrientationChange::Created);
    ASSERT_FALSE(messages[0].rejected) << messages[0].error;
    auto appointment = messageOf(parse(messages[0].body))->getObject("appointment");
    EXPECT_FALSE(appointment->has("practitioner"));
    EXPECT_FALSE(appointment->has("organization"));
    EXPECT_FALSE(appointment->has("end"));
    EXPECT_FALSE(appointment->getObject("regulator")->has("regulatorId"));
    EXPECT_EQ(messages[0].body.find("b6e39355"), std::string::npos);

    auto adeli = bookedPs();
    adeli.practitioner->nationalId = "0123456789"; // ADELI: no rppsId the Hub accepts
    adeli.structure = sas::core::OrientationStructure{"1350000000", "CDS de Rennes"};
    auto adeliMessages = f.composer.compose(adeli, OrientationChange::Created);
    ASSERT_FALSE(adeliMessages[0].rejected) << adeliMessages[0].error;
    auto adeliAppointment = messageOf(parse(adeliMessages[0].body))->getObject("appointment");
    EXPECT_FALSE(adeliAppointment->has("practitioner"));
    EXPECT_EQ(adeliAppointment->getObject("organization")->getValue<std::string>("organizationId"), "1350000000");
}

TEST(HubMessageComposer, UnroutableOrIncompleteIsRecordedNotSent)
{
    Fixture f;
    auto elsewhere = bookedPs();
    elsewhere.regulator->territory = "75";
    auto messages = f.composer.compose(elsewhere, OrientationChange::Created);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_TRUE(messages[0].rejected);
    EXPECT_TRUE(messages[0].body.empty());
    EXPECT_NE(messages[0].error.find("'75'"), std::string::npos);

    auto unknown = bookedPs();
    unknown.regulator.reset();
    EXPECT_TRUE(f.composer.compose(unknown, OrientationChange::Created)[0].rejected);

    auto noEmail = bookedPs();
    noEmail.regulator->email.clear();
    EXPECT_TRUE(f.composer.compose(noEmail, OrientationChange::Created)[0].rejected);
}

TEST(HubMessageComposer, OneMessagePerRecipient)
{
    FixedClock clock;
    sas::adapters::hub::HubMessageGate gate;
    sas::adapters::hub::HubMessageComposer composer(
        sas::adapters::hub::HubRouting{"fr.health.test.ptfsas", {{"33", {"fr.health.samu330", "fr.health.samu440"}}}, hours(24)},
        clock, gate);
    auto messages = composer.compose(bookedPs(), OrientationChange::Created);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[1].recipient, "fr.health.samu440");
    EXPECT_NE(messages[0].distributionId, messages[1].distributionId);
}

TEST(HubMessageComposer, ReissueKeepsContentWithANewIdAndTime)
{
    Fixture f;
    auto original = f.composer.compose(bookedPs(), OrientationChange::Created)[0];
    auto reissued = f.composer.reissue(original.body);
    ASSERT_TRUE(reissued) << reissued.error().message;
    EXPECT_NE(reissued->distributionId, original.distributionId);
    EXPECT_EQ(reissued->method, "CreateAppointment");
    EXPECT_EQ(reissued->recipient, "fr.health.samu330");
    auto before = messageOf(parse(original.body))->getObject("appointment");
    auto after = messageOf(parse(reissued->body));
    EXPECT_EQ(after->getValue<std::string>("messageId"), reissued->distributionId);
    EXPECT_EQ(after->getObject("appointment")->getValue<std::string>("appointmentId"),
              before->getValue<std::string>("appointmentId"));
}
