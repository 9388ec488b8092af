#include "fhir/rest/sendStored.h"

#include "fhir/json/JsonReader.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/weakETag.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

namespace sas::fhir::rest
{
namespace
{

std::string httpDate(const std::string& instant)
{
    int zone = 0;
    Poco::DateTime parsed = Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, instant, zone);
    return Poco::DateTimeFormatter::format(parsed, Poco::DateTimeFormat::HTTP_FORMAT);
}

std::string preferredReturn(Exchange& exchange)
{
    const std::string prefer = exchange.request().get("Prefer", "");
    for (const char* choice : {"return=minimal", "return=OperationOutcome", "return=representation"})
        if (prefer.find(choice) != std::string::npos)
            return choice;
    return "return=representation";
}

} // namespace

core::Status sendStored(Exchange& exchange, const store::StoredResource& stored, int status)
{
    auto representation = exchange.representation();
    if (!representation)
        return core::fail(representation.error());
    auto& response = exchange.response();
    response.set("ETag", weakETag(stored.version));
    response.set("Last-Modified", httpDate(stored.lastUpdated));

    const std::string choice = preferredReturn(exchange);
    if (choice == "return=minimal" || stored.json.empty())
    {
        exchange.sendText("", "text/plain", status);
        return {};
    }
    if (choice == "return=OperationOutcome")
    {
        Node outcome = Node::resource("OperationOutcome");
        Node issue = Node::object();
        issue.set("severity", Node::string("information"));
        issue.set("code", Node::string("informational"));
        issue.set("diagnostics", Node::string(stored.type + "/" + stored.id + " is at version " +
                                              std::to_string(stored.version)));
        outcome.append("issue", std::move(issue));
        exchange.sendResource(outcome, status);
        return {};
    }
    if (representation->format == Format::Json && !representation->pretty)
    {
        exchange.sendText(stored.json, representation->contentType, status);
        return {};
    }
    auto parsed = readJson(stored.json);
    if (!parsed)
        return core::fail(core::ErrorCode::Internal, "stored " + stored.type + "/" + stored.id + " no longer parses");
    exchange.sendResource(parsed->resource, status);
    return {};
}

} // namespace sas::fhir::rest
