#include "fhir/rest/readResourceBody.h"

#include "fhir/json/JsonReader.h"
#include "fhir/rest/Exchange.h"
#include "fhir/xml/XmlReader.h"

namespace sas::fhir::rest
{

core::Result<Node> readResourceBody(Exchange& exchange, const std::string& expectedType, const ReadOptions& options)
{
    auto format = bodyFormat(exchange.request().getContentType());
    if (!format)
        return core::fail(format.error());
    auto body = exchange.readBody();
    if (!body)
        return core::fail(body.error());
    if (body->empty())
        return core::fail(core::ErrorCode::Invalid, "the request has no body; send a " + expectedType);
    auto parsed = *format == Format::Xml ? readXml(*body, options) : readJson(*body, options);
    if (!parsed)
        return core::fail(parsed.error());
    if (parsed->resource.resourceType() != expectedType)
        return core::fail(core::ErrorCode::Invalid,
                          "the body is a " + std::string(parsed->resource.resourceType()) + ", this URL takes a " +
                              expectedType,
                          "resourceType");
    return std::move(parsed->resource);
}

} // namespace sas::fhir::rest
