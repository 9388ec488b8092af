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

core::Result<std::string> Exchange::readBody()
{
    const std::size_t maxBytes = _bodyLimit;
    _bodyRead = true;
    std::string body;
    if (_request.hasContentLength() && _request.getContentLength64() > static_cast<Poco::Int64>(maxBytes))
        return core::fail(core::ErrorCode::PayloadTooLarge,
                          "request body exceeds the limit of " + std::to_string(maxBytes) + " bytes");
    std::istream& stream = _request.stream();
    char buffer[16384];
    if (_request.hasContentLength())
        body.reserve(static_cast<size_t>(_request.getContentLength64()));
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0)
    {
        body.append(buffer, static_cast<size_t>(stream.gcount()));
        if (body.size() > maxBytes)
        {
            _bodyRead = false; // the rest is still on the wire
            return core::fail(core::ErrorCode::PayloadTooLarge,
                              "request body exceeds the limit of " + std::to_string(maxBytes) + " bytes");
        }
    }
    return body;
}

void Exchange::beforeSend()
{
    const bool hasBody = _request.getChunkedTransferEncoding() ||
                         (_request.hasContentLength() && _request.getContentLength64() > 0);
    if (hasBody && !_bodyRead)
        _response.setKeepAlive(false);
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
    beforeSend();
    _response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    _response.setContentType(chosen.contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    // Flush now: POCO would flush when the connection loop disposes of the response, after the
    // request has left the in-flight count, and a graceful stop could cut it off.
    _response.send().write(body.data(), static_cast<std::streamsize>(body.size())).flush();
}

void Exchange::sendError(const core::Error& error)
{
    if (error.code == core::ErrorCode::Unauthenticated)
        _response.set("WWW-Authenticate", "Mutual-TLS"); // RFC 9110 requires a challenge with 401
    sendResource(errorToOperationOutcome(error), errorToHttp(error.code).status);
}

void Exchange::sendText(const std::string& body, const std::string& contentType, int status)
{
    beforeSend();
    _response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    _response.setContentType(contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _response.send().write(body.data(), static_cast<std::streamsize>(body.size())).flush();
}

} // namespace sas::fhir::rest
