// The Hub's patterns use `\d`, which RapidJSON's internal regex engine does not know: use std::regex. In RapidJSON
// 1.1.0 defining INTERNALREGEX at all (to any value) turns it off and selects std::regex, while defining STDREGEX
// ourselves turns regexes off altogether (schema.h lines 22-31): define the first only.
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#include "adapters/hub/HubMessageGate.h"

#include "adapters/hub/hubSchemas.h"
#include "fhir/search/parseDateRange.h"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <regex>
#include <stdexcept>
#include <string>

namespace sas::adapters::hub
{
namespace
{

using core::ErrorCode;

rapidjson::SchemaDocument compile(const std::string& name)
{
    for (const auto& [file, text] : hubSchemas())
        if (file == name)
        {
            rapidjson::Document document;
            document.Parse(text.data(), text.size());
            if (document.HasParseError())
                throw std::logic_error("compiled-in schema " + name + " is not JSON");
            return rapidjson::SchemaDocument(document);
        }
    throw std::logic_error("schema " + name + " is not compiled in");
}

std::string textOf(const rapidjson::Value* value)
{
    return value && value->IsString() ? std::string(value->GetString(), value->GetStringLength()) : std::string();
}

const rapidjson::Value* member(const rapidjson::Value* object, const char* name)
{
    if (!object || !object->IsObject())
        return nullptr;
    auto found = object->FindMember(name);
    return found == object->MemberEnd() ? nullptr : &found->value;
}

/// One schema violation as an issue: where in the message, which keyword.
void validate(const rapidjson::SchemaDocument& schema, const rapidjson::Value& value, const std::string& where,
              const std::string& schemaName, core::Error& error)
{
    rapidjson::SchemaValidator validator(schema);
    if (value.Accept(validator))
        return;
    rapidjson::StringBuffer documentPointer, schemaPointer;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(documentPointer);
    validator.GetInvalidSchemaPointer().StringifyUriFragment(schemaPointer);
    std::string path = documentPointer.GetString();
    if (!path.empty() && path[0] == '#')
        path.erase(0, 1);
    error.with(core::Issue{core::Severity::Error, "invalid",
                           schemaName + ": '" + validator.GetInvalidSchemaKeyword() + "' fails at " +
                               schemaPointer.GetString(),
                           where + path});
}

} // namespace

struct HubMessageGate::Schemas
{
    rapidjson::SchemaDocument envelope = compile("EDXL-DE-envelope-only.schema.json");
    rapidjson::SchemaDocument header = compile("RC-DE.schema.json");
    rapidjson::SchemaDocument appointment = compile("RS-SAS-RDV.schema.json");
};

HubMessageGate::HubMessageGate() : _schemas(std::make_unique<Schemas>()) { }
HubMessageGate::~HubMessageGate() = default;

core::Status HubMessageGate::check(std::string_view text) const
{
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError() || !document.IsObject())
        return core::fail(ErrorCode::Invalid, "the message is not a JSON object");

    core::Error error = core::makeError(ErrorCode::Invalid, "the message breaks the Hub's rules");
    error.issues.clear();
    auto rule = [&error](bool holds, const std::string& what, const std::string& where) {
        if (!holds)
            error.with(core::Issue{core::Severity::Error, "invalid", what, where});
    };

    validate(_schemas->envelope, document, "", "EDXL-DE", error);
    const rapidjson::Value* content = member(&document, "content");
    rule(content && content->IsArray() && content->Size() == 1, "exactly one content item", "/content");
    const rapidjson::Value* message = content && content->IsArray() && content->Size() > 0
                                          ? member(member(&(*content)[0], "jsonContent"), "embeddedJsonContent")
                                          : nullptr;
    message = member(message, "message");
    const std::string messagePath = "/content/0/jsonContent/embeddedJsonContent/message";
    if (!message || !message->IsObject())
    {
        rule(false, "the RC-DE message is missing", messagePath);
        return core::fail(std::move(error));
    }
    validate(_schemas->header, *message, messagePath, "RC-DE", error);
    static const std::vector<std::string> HEADER{"messageId", "sender", "sentAt", "kind", "status", "recipient"};
    for (auto it = message->MemberBegin(); it != message->MemberEnd(); ++it)
    {
        const std::string name(it->name.GetString(), it->name.GetStringLength());
        rule(name == "appointment" || std::find(HEADER.begin(), HEADER.end(), name) != HEADER.end(),
             "only the RC-DE header and 'appointment' may be sent, not '" + name + "'", messagePath + "/" + name);
    }
    const rapidjson::Value* appointment = member(message, "appointment");
    if (appointment)
        validate(_schemas->appointment, *appointment, messagePath + "/appointment", "RS-SAS-RDV", error);
    else
        rule(false, "the RS-SAS-RDV payload 'appointment' is missing", messagePath);

    const std::string sender = textOf(member(&document, "senderID"));
    const std::string distributionId = textOf(member(&document, "distributionID"));
    static const std::regex ID_CHARACTERS("^[A-Za-z0-9._-]+$");
    static const std::regex HUB_TIME("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[\\-+]\\d{2}:\\d{2}$");
    rule(std::regex_match(distributionId, ID_CHARACTERS) && distributionId.substr(0, distributionId.find('_')) == sender &&
             distributionId.find('_') != std::string::npos && distributionId.size() > sender.size() + 1,
         "distributionID must be <senderID>_<id> in [A-Za-z0-9._-]", "/distributionID");
    rule(textOf(member(message, "messageId")) == distributionId, "messageId must equal distributionID",
         messagePath + "/messageId");
    const rapidjson::Value* senderObject = member(message, "sender");
    rule(textOf(member(senderObject, "name")) == sender && textOf(member(senderObject, "URI")) == "hubex:" + sender,
         "sender must be the senderID and hubex:<senderID>", messagePath + "/sender");
    const std::string sent = textOf(member(&document, "dateTimeSent"));
    const std::string expires = textOf(member(&document, "dateTimeExpires"));
    rule(std::regex_match(sent, HUB_TIME), "dateTimeSent must be seconds with an offset, no Z", "/dateTimeSent");
    rule(std::regex_match(expires, HUB_TIME), "dateTimeExpires must be seconds with an offset, no Z",
         "/dateTimeExpires");
    rule(textOf(member(message, "sentAt")) == sent, "sentAt must equal dateTimeSent", messagePath + "/sentAt");
    const auto sentRange = fhir::search::parseDateRange(sent);
    const auto expiresRange = fhir::search::parseDateRange(expires);
    rule(sentRange && expiresRange && expiresRange->low > sentRange->low, "dateTimeExpires must be after dateTimeSent",
         "/dateTimeExpires");
    rule(textOf(member(&document, "distributionKind")) == "Report" && textOf(member(message, "kind")) == "Report",
         "an appointment is a Report", "/distributionKind");
    rule(textOf(member(&document, "distributionStatus")) == "Actual" && textOf(member(message, "status")) == "Actual",
         "an appointment is Actual", "/distributionStatus");
    const rapidjson::Value* address = member(member(&document, "descriptor"), "explicitAddress");
    const std::string recipient = textOf(member(address, "explicitAddressValue"));
    rule(textOf(member(address, "explicitAddressScheme")) == "hubex" && !recipient.empty(),
         "the explicit address is hubex and names the recipient", "/descriptor/explicitAddress");
    const rapidjson::Value* recipients = member(message, "recipient");
    rule(recipients && recipients->IsArray() && recipients->Size() == 1 &&
             textOf(member(&(*recipients)[0], "name")) == recipient &&
             textOf(member(&(*recipients)[0], "URI")) == "hubex:" + recipient,
         "one recipient, the explicit address (name, hubex:name)", messagePath + "/recipient");

    if (!error.issues.empty())
    {
        error.message = "the message breaks the Hub's rules: " + error.issues.front().diagnostics + " at " +
                        error.issues.front().expression;
        return core::fail(std::move(error));
    }
    return {};
}

} // namespace sas::adapters::hub
