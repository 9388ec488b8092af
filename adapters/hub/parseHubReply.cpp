#include "adapters/hub/parseHubReply.h"

#include <rapidjson/document.h>

namespace sas::adapters::hub
{
namespace
{

const rapidjson::Value* member(const rapidjson::Value* object, const char* name)
{
    if (!object || !object->IsObject())
        return nullptr;
    auto found = object->FindMember(name);
    return found == object->MemberEnd() ? nullptr : &found->value;
}

std::string textOf(const rapidjson::Value* value)
{
    return value && value->IsString() ? std::string(value->GetString(), value->GetStringLength()) : std::string();
}

} // namespace

core::Result<core::ports::HubReply> parseHubReply(std::string_view body)
{
    using core::ErrorCode;
    rapidjson::Document document;
    document.Parse(body.data(), body.size());
    if (document.HasParseError() || !document.IsObject())
        return core::fail(ErrorCode::Invalid, "not a JSON object");
    core::ports::HubReply reply;
    reply.ownDistributionId = textOf(member(&document, "distributionID"));
    reply.sender = textOf(member(&document, "senderID"));
    const std::string kind = textOf(member(&document, "distributionKind"));
    const rapidjson::Value* content = member(&document, "content");
    const rapidjson::Value* message =
        content && content->IsArray() && !content->Empty()
            ? member(member(member(&(*content)[0], "jsonContent"), "embeddedJsonContent"), "message")
            : nullptr;
    if (reply.ownDistributionId.empty() || !message)
        return core::fail(ErrorCode::Invalid, "no distributionID or no content message");

    if (kind == "Ack")
    {
        const rapidjson::Value* reference = member(message, "reference");
        reply.kind = core::ports::HubReply::Kind::Ack;
        reply.referencedDistributionId = textOf(member(reference, "distributionID"));
        if (reply.referencedDistributionId.empty())
            return core::fail(ErrorCode::Invalid, "an Ack without reference.distributionID");
        const rapidjson::Value* refused = member(reference, "refused");
        reply.refused = refused && refused->IsBool() && refused->GetBool();
        reply.step = textOf(member(reference, "step"));
        return reply;
    }
    if (kind == "Error")
    {
        const rapidjson::Value* error = member(message, "error");
        const rapidjson::Value* code = member(member(error, "errorCode"), "statusCode");
        if (!error || !code || !code->IsNumber())
            return core::fail(ErrorCode::Invalid, "an Error without error.errorCode.statusCode");
        reply.kind = core::ports::HubReply::Kind::Error;
        reply.statusCode = static_cast<int>(code->GetDouble());
        reply.statusString = textOf(member(member(error, "errorCode"), "statusString"));
        reply.cause = textOf(member(error, "errorCause"));
        reply.referencedDistributionId = textOf(member(error, "referencedDistributionID"));
        reply.fallbackDistributionId = textOf(member(member(error, "sourceMessage"), "distributionID"));
        return reply;
    }
    return core::fail(ErrorCode::Invalid, "distributionKind '" + kind + "' is neither Ack nor Error");
}

} // namespace sas::adapters::hub
