#pragma once

#include "core/Result.h"
#include "core/model/ClientIdentity.h"
#include "fhir/model/Node.h"
#include "fhir/rest/Format.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sas::fhir::rest
{

/// One request being served: the POCO request and response, who is calling, the matched route,
/// and helpers that write FHIR representations. Handlers write the response through it.
class Exchange
{
public:
    Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, std::string requestId);

    Poco::Net::HTTPServerRequest& request() { return _request; }
    Poco::Net::HTTPServerResponse& response() { return _response; }
    const std::string& requestId() const { return _requestId; }

    const std::optional<core::ClientIdentity>& identity() const { return _identity; }
    void setIdentity(core::ClientIdentity identity) { _identity = std::move(identity); }

    /// Decoded query parameters in request order (repeats kept).
    const std::vector<std::pair<std::string, std::string>>& query() const { return _query; }
    /// The last value of a query parameter, or empty.
    std::string queryValue(const std::string& name) const;
    const std::string& path() const { return _path; }

    const std::map<std::string, std::string>& pathParameters() const { return _pathParameters; }
    void setPathParameters(std::map<std::string, std::string> parameters) { _pathParameters = std::move(parameters); }

    /// Reads the whole request body, refusing (PayloadTooLarge) past the pipeline's limit even when
    /// the client sent no Content-Length (chunked). Handlers read bodies only through this.
    core::Result<std::string> readBody();
    void setBodyLimit(std::size_t maxBytes) { _bodyLimit = maxBytes; }

    /// The representation asked for by Accept / _format / _pretty.
    core::Result<Representation> representation() const;

    /// Writes a resource in the negotiated representation (JSON when negotiation fails, since the
    /// caller is then writing an error anyway).
    void sendResource(const Node& resource, int status = 200);
    /// Writes an Error as an OperationOutcome with the status of its category.
    void sendError(const core::Error& error);
    /// Writes a non-FHIR body (Prometheus text, plain health answers).
    void sendText(const std::string& body, const std::string& contentType, int status = 200);

    bool sent() const { return _response.sent(); }
    int status() const { return static_cast<int>(_response.getStatus()); }

private:
    /// Last step before any response is sent: a body nobody read would be parsed as the next
    /// request on a keep-alive connection, so such a connection is closed after this response.
    void beforeSend();

    Poco::Net::HTTPServerRequest& _request;
    Poco::Net::HTTPServerResponse& _response;
    std::string _requestId;
    std::string _path;
    std::vector<std::pair<std::string, std::string>> _query;
    std::optional<core::ClientIdentity> _identity;
    std::map<std::string, std::string> _pathParameters;
    bool _bodyRead = false;
    std::size_t _bodyLimit = 16 * 1024 * 1024;
};

} // namespace sas::fhir::rest
