#include "adapters/hub/HubMessageComposer.h"

#include "adapters/hub/formatHubTime.h"

#include <Poco/UUIDGenerator.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sas::adapters::hub
{
namespace
{

using core::orientation::OutboundMessage;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr const char* SPECIALITY_URL = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
constexpr const char* PROFESSION_URL = "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante";

void field(Writer& writer, const char* name, const std::string& value)
{
    writer.Key(name);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void optionalField(Writer& writer, const char* name, const std::string& value)
{
    if (!value.empty())
        field(writer, name, value);
}

void party(Writer& writer, const std::string& id)
{
    writer.StartObject();
    field(writer, "name", id);
    field(writer, "URI", "hubex:" + id);
    writer.EndObject();
}

/// RS-SAS-RDV payload (field order of the official examples).
void appointmentPayload(Writer& writer, const core::Orientation& o, const std::string& method)
{
    writer.StartObject();
    field(writer, "appointmentId", o.id);
    field(writer, "method", method);
    field(writer, "created", formatHubTime(o.created));
    field(writer, "status", core::toString(o.status));
    if (o.category)
        field(writer, "orientationCategory", core::toString(*o.category));
    field(writer, "start", formatHubTime(o.start));
    if (o.end)
        field(writer, "end", formatHubTime(*o.end));
    // Only a named RPPS practitioner: an ADELI-only one has no rppsId the Hub accepts (lrm-hub.md behaviour 44).
    if (o.practitioner && o.practitioner->nationalId.size() == 12 && o.practitioner->nationalId[0] == '8' &&
        !o.practitioner->lastName.empty() && !o.practitioner->firstName.empty())
    {
        const auto& p = *o.practitioner;
        writer.Key("practitioner");
        writer.StartObject();
        field(writer, "rppsId", p.nationalId);
        field(writer, "lastName", p.lastName);
        field(writer, "firstName", p.firstName);
        if (!p.specialtyCode.empty())
        {
            field(writer, "specialityCode", p.specialtyCode);
            field(writer, "specialityUrl", SPECIALITY_URL);
        }
        if (!p.professionCode.empty())
        {
            field(writer, "professionUrl", PROFESSION_URL);
            field(writer, "professionCode", p.professionCode);
        }
        writer.EndObject();
    }
    if (o.structure && !o.structure->nationalId.empty() && !o.structure->name.empty() &&
        (o.structure->nationalId[0] == '1' || o.structure->nationalId[0] == '3'))
    {
        writer.Key("organization");
        writer.StartObject();
        field(writer, "organizationId", o.structure->nationalId);
        field(writer, "name", o.structure->name);
        writer.EndObject();
    }
    const auto& regulator = *o.regulator;
    writer.Key("regulator");
    writer.StartObject();
    optionalField(writer, "regulatorId", regulator.nationalId); // national id only, never the SAS technical id
    field(writer, "regulatorName", regulator.lastName);
    field(writer, "regulatorFirstname", regulator.firstName);
    field(writer, "regulatorEmail", regulator.email);
    writer.EndObject();
    writer.EndObject();
}

std::string envelope(const core::Orientation& o, const std::string& method, const std::string& sender,
                     const std::string& recipient, const std::string& distributionId, const std::string& sent,
                     const std::string& expires)
{
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    field(writer, "distributionID", distributionId);
    field(writer, "senderID", sender);
    field(writer, "dateTimeSent", sent);
    field(writer, "dateTimeExpires", expires);
    field(writer, "distributionStatus", "Actual");
    field(writer, "distributionKind", "Report");
    writer.Key("descriptor");
    writer.StartObject();
    field(writer, "language", "fr-FR");
    writer.Key("explicitAddress");
    writer.StartObject();
    field(writer, "explicitAddressScheme", "hubex");
    field(writer, "explicitAddressValue", recipient);
    writer.EndObject();
    writer.EndObject();
    writer.Key("content");
    writer.StartArray();
    writer.StartObject();
    writer.Key("jsonContent");
    writer.StartObject();
    writer.Key("embeddedJsonContent");
    writer.StartObject();
    writer.Key("message");
    writer.StartObject();
    field(writer, "messageId", distributionId);
    writer.Key("sender");
    party(writer, sender);
    field(writer, "sentAt", sent);
    field(writer, "status", "Actual");
    field(writer, "kind", "Report");
    writer.Key("recipient");
    writer.StartArray();
    party(writer, recipient);
    writer.EndArray();
    writer.Key("appointment");
    appointmentPayload(writer, o, method);
    writer.EndObject();
    writer.EndObject();
    writer.EndObject();
    writer.EndObject();
    writer.EndArray();
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

core::Instant nowOf(const core::Clock& clock)
{
    return std::chrono::floor<std::chrono::seconds>(clock.now());
}

} // namespace

std::string HubMessageComposer::newDistributionId() const
{
    return _routing.senderId + "_" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::vector<OutboundMessage> HubMessageComposer::compose(const core::Orientation& orientation,
                                                         core::orientation::OrientationChange change)
{
    const std::string method =
        change == core::orientation::OrientationChange::Created ? "CreateAppointment" : "UpdateAppointment";
    auto rejected = [&method](std::string recipient, std::string why) {
        return std::vector<OutboundMessage>{OutboundMessage{std::move(recipient), method, "", "", true, std::move(why)}};
    };
    if (!orientation.regulator)
        return rejected("", "the booking regulator has no account here: no territory to route to, no name to send");
    const auto recipients = _routing.recipientsByTerritory.find(orientation.regulator->territory);
    if (recipients == _routing.recipientsByTerritory.end() || recipients->second.empty())
        return rejected("", "no LRM is configured for territory '" + orientation.regulator->territory + "'");
    if (orientation.regulator->email.empty())
        return rejected("", "the booking regulator's account has no e-mail, which the LRM message requires");

    std::vector<OutboundMessage> messages;
    const core::Instant sent = nowOf(_clock);
    for (const auto& recipient : recipients->second)
    {
        OutboundMessage message{recipient, method, newDistributionId(), "", false, ""};
        message.body = envelope(orientation, method, _routing.senderId, recipient, message.distributionId,
                                formatHubTime(sent), formatHubTime(sent + _routing.expiry));
        if (auto checked = _gate.check(message.body); !checked)
        {
            message.rejected = true;
            message.error = checked.error().message;
        }
        messages.push_back(std::move(message));
    }
    return messages;
}

core::Result<OutboundMessage> HubMessageComposer::reissue(const std::string& body) const
{
    rapidjson::Document document;
    document.Parse(body.data(), body.size());
    if (document.HasParseError() || !document.IsObject() || !document.HasMember("content"))
        return core::fail(core::ErrorCode::Internal, "a stored message is not the JSON we sent");
    const std::string distributionId = newDistributionId();
    const core::Instant now = nowOf(_clock);
    const std::string sent = formatHubTime(now);
    const std::string expires = formatHubTime(now + _routing.expiry);
    auto set = [&document](rapidjson::Value& object, const char* name, const std::string& value) {
        object[name].SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), document.GetAllocator());
    };
    set(document, "distributionID", distributionId);
    set(document, "dateTimeSent", sent);
    set(document, "dateTimeExpires", expires);
    rapidjson::Value& message = document["content"][0]["jsonContent"]["embeddedJsonContent"]["message"];
    set(message, "messageId", distributionId);
    set(message, "sentAt", sent);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    OutboundMessage reissued{document["descriptor"]["explicitAddress"]["explicitAddressValue"].GetString(),
                             message["appointment"]["method"].GetString(), distributionId,
                             std::string(buffer.GetString(), buffer.GetSize()), false, ""};
    if (auto checked = _gate.check(reissued.body); !checked)
        return core::fail(checked.error());
    return reissued;
}

} // namespace sas::adapters::hub
