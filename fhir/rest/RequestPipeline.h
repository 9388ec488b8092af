#pragma once

#include "fhir/rest/CertificateIdentityMap.h"
#include "fhir/rest/ClientLimiter.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/InFlightRequests.h"
#include "fhir/rest/Router.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <cstddef>
#include <memory>

namespace sas::fhir::rest
{

/// Request limits applied before any handler runs.
struct PipelineLimits
{
    std::size_t maxBodyBytes = 16 * 1024 * 1024;
    ClientLimits clients; ///< per-identity rate and concurrency limits (429 with Retry-After beyond them)
    std::size_t maxQueryParameters = 100; ///< '&'-separated pairs of the query string
};

/// Every request goes through here: request id, client identity from the certificate, access
/// rules (401/403), per-identity rate and concurrency limits (429), request-target checks (malformed
/// percent-encoding, too many query parameters: 400), body limits (413/415), routing (404/405), the handler, the one error boundary
/// (an exception becomes a 500 OperationOutcome and the server keeps serving), metrics and one
/// access-log line (never a body). Read-only after construction, shared by all server threads.
class RequestPipeline final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    RequestPipeline(const Router& router, const CertificateIdentityMap& identities, HttpMetrics& metrics,
                    InFlightRequests& inFlight, PipelineLimits limits);

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

    /// Tells the open connections the server has stopped (what Poco::Net::HTTPServer::stopAll does): idle keep-alive
    /// connections close, and busy ones too with `abortCurrent`.
    void notifyServerStopped(const void* server, bool abortCurrent);

    /// Serves one request; never throws.
    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

private:
    void serve(class Exchange& exchange, std::string& routeTemplate);
    std::string newRequestId(const Poco::Net::HTTPServerRequest& request);

    const Router& _router;
    const CertificateIdentityMap& _identities;
    HttpMetrics& _metrics;
    InFlightRequests& _inFlight;
    PipelineLimits _limits;
    std::shared_ptr<ClientLimiter> _clientLimiter;
    Poco::Logger& _accessLog;
    Poco::Logger& _log;
    std::atomic<unsigned long long> _sequence{0};
    unsigned long long _instanceTag;
};

} // namespace sas::fhir::rest
