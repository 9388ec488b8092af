#include "fhir/rest/Exchange.h"

#include "fhir/json/JsonWriter.h"
#include "fhir/rest/errorToHttp.h"
#include "fhir/xml/XmlWriter.h"

#include <Poco/URI.h>

namespace sas::fhir::rest
{

Exchange::Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   std::string requestId)
    : _request(request), _response(response), _requestId(std::move(requestId))
{
    try
    {
        Poco::URI uri(request.getURI());
        _path = uri.getPath();
        _query = uri.getQueryParameters();
    }
    catch (const Poco::SyntaxException&)
    {
        // Malformed percent-encoding: keep the raw path so routing answers 404/400, never throw here.
        const std::string& raw = request.getURI();
        _path = raw.substr(0, raw.find('?'));
    }
}

std::string Exchange::queryValue(const std::string& name) const
{
    std::string value;
    for (const auto& [key, v] : _query)
        if (key == name)
            value = v;
    return value;
}

core::Result<Representation> Exchange::representation() const
{
    return negotiateRepresentation(_request.get("Accept", ""), queryValue("_format"), queryValue("_pretty"));
}

void Exchange::sendResource(const Node& resource, int status)
{
    Representation chosen = representation().value_or(Representation{Format::Json, false, "application/fhir+json; charset=utf-8"});
    const std::string body = chosen.format == Format::Xml ? writeXml(resource, chosen.pretty)
                                                          : writeJson(resource, chosen.pretty);
    _response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    _response.setContentType(chosen.contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

void Exchange::sendError(const core::Error& error)
{
    if (error.code == core::ErrorCode::Unauthenticated)
        _response.set("WWW-Authenticate", "Mutual-TLS"); // RFC 9110 requires a challenge with 401
    sendResource(errorToOperationOutcome(error), errorToHttp(error.code).status);
}

void Exchange::sendText(const std::string& body, const std::string& contentType, int status)
{
    _response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    _response.setContentType(contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

} // namespace sas::fhir::rest
