#include "fhir/rest/RequestPipeline.h"

#include "fhir/rest/Exchange.h"
#include "fhir/rest/HeaderDeadline.h"
#include "fhir/rest/malformedPercent.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Random.h>

#include <chrono>
#include <cstdio>
#include <optional>

namespace sas::fhir::rest
{
namespace
{

using core::ErrorCode;

class PipelineHandler final : public Poco::Net::HTTPRequestHandler
{
public:
    explicit PipelineHandler(RequestPipeline& pipeline) : _pipeline(pipeline) { }
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        _pipeline.handle(request, response);
        HeaderDeadline::responseSent();
    }

private:
    RequestPipeline& _pipeline;
};

struct PeerSubject
{
    bool present = false;
    std::string commonName;
    std::string organizationalUnit;
};

/// The verified client certificate's subject. TLS has already checked the chain, dates and CRL.
PeerSubject peerSubject(Poco::Net::HTTPServerRequest& request)
{
    PeerSubject subject;
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (!impl)
        return subject;
    try
    {
        Poco::Net::SecureStreamSocket socket(impl->socket());
        if (socket.havePeerCertificate())
        {
            Poco::Net::X509Certificate certificate = socket.peerCertificate();
            subject.present = true;
            subject.commonName = certificate.commonName();
            subject.organizationalUnit = certificate.subjectName(Poco::Crypto::X509Certificate::NID_ORGANIZATION_UNIT_NAME);
        }
    }
    catch (const Poco::Exception&)
    {
        // Not a TLS socket: no certificate.
    }
    return subject;
}

bool hasBody(const Poco::Net::HTTPServerRequest& request)
{
    return request.getChunkedTransferEncoding() ||
           (request.hasContentLength() && request.getContentLength64() > 0);
}

bool isSafeRequestId(const std::string& id)
{
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

/// POCO does not validate the request-line method: anything outside HTTP's registered set is
/// "OTHER" in logs and metrics, so a stranger can neither inject text nor create series at will.
std::string methodLabel(const std::string& method)
{
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
        if (method == known)
            return method;
    return "OTHER";
}

std::string allowHeader(const Route& route)
{
    std::string allow;
    for (const auto& [method, handler] : route.handlers)
        allow += (allow.empty() ? "" : ", ") + method;
    return allow;
}

} // namespace

RequestPipeline::RequestPipeline(const Router& router, const CertificateIdentityMap& identities, HttpMetrics& metrics,
                                 InFlightRequests& inFlight, PipelineLimits limits)
    : _router(router), _identities(identities), _metrics(metrics), _inFlight(inFlight), _limits(limits),
      _clientLimiter(std::make_shared<ClientLimiter>(_limits.clients)), _accessLog(Poco::Logger::get("sas.access")),
      _log(Poco::Logger::get("sas.http"))
{
    std::weak_ptr<ClientLimiter> limiter = _clientLimiter;
    _metrics.addGauge("sas_http_throttled_rate_total", "Requests refused with 429 by an identity's rate limit",
                      [limiter] {
                          auto alive = limiter.lock();
                          return alive ? static_cast<double>(alive->rateLimited()) : 0.0;
                      });
    _metrics.addGauge("sas_http_throttled_concurrency_total",
                      "Requests refused with 429 by an identity's concurrency cap", [limiter] {
                          auto alive = limiter.lock();
                          return alive ? static_cast<double>(alive->concurrencyLimited()) : 0.0;
                      });
    Poco::Random random;
    random.seed();
    _instanceTag = random.next();
}

Poco::Net::HTTPRequestHandler* RequestPipeline::createRequestHandler(const Poco::Net::HTTPServerRequest&)
{
    HeaderDeadline::headReceived();
    return new PipelineHandler(*this);
}

void RequestPipeline::notifyServerStopped(const void* server, bool abortCurrent)
{
    serverStopped(server, abortCurrent);
}

std::string RequestPipeline::newRequestId(const Poco::Net::HTTPServerRequest& request)
{
    const std::string incoming = request.get("X-Request-Id", ""); // a copy: get() may return its default argument
    if (isSafeRequestId(incoming))
        return incoming;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%06llx-%08llx", _instanceTag & 0xffffff, ++_sequence);
    return buffer;
}

void RequestPipeline::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    const auto started = std::chrono::steady_clock::now();
    Exchange exchange(request, response, newRequestId(request));
    exchange.setBodyLimit(_limits.maxBodyBytes);
    response.set("X-Request-Id", exchange.requestId());
    std::string routeTemplate = "unmatched";

    InFlightGuard guard(_inFlight);
    try
    {
        if (!guard.admitted())
        {
            response.setKeepAlive(false);
            exchange.sendError(core::makeError(ErrorCode::Unavailable, "the gateway is shutting down"));
        }
        else
            serve(exchange, routeTemplate);
    }
    catch (const std::exception& e)
    {
        _log.error("request %s on %s failed: %s", exchange.requestId(), routeTemplate, std::string(e.what()));
        if (!response.sent())
            exchange.sendError(core::makeError(ErrorCode::Internal,
                                               "internal error; quote request id " + exchange.requestId()));
    }
    catch (...)
    {
        _log.error("request %s on %s failed with a non-standard exception", exchange.requestId(), routeTemplate);
        if (!response.sent())
            exchange.sendError(core::makeError(ErrorCode::Internal,
                                               "internal error; quote request id " + exchange.requestId()));
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int status = exchange.status();
    const std::string method = methodLabel(request.getMethod());
    _metrics.observe(routeTemplate, method, status, seconds);
    const auto& identity = exchange.identity();
    _accessLog.information("rid=%s identity=%s kind=%s method=%s route=%s status=%d ms=%.2f", exchange.requestId(),
                           identity ? identity->name : std::string("-"),
                           std::string(identity ? core::toString(identity->kind) : "-"), method,
                           routeTemplate, status, seconds * 1000.0);
}

void RequestPipeline::serve(Exchange& exchange, std::string& routeTemplate)
{
    auto& request = exchange.request();
    const auto match = _router.match(exchange.path());
    // Access is per method: an unknown method on an all-public route still needs no certificate.
    const auto methodEntry = match ? match->route->handlers.find(request.getMethod())
                                   : std::map<std::string, MethodHandler>::const_iterator();
    const bool methodKnown = match && methodEntry != match->route->handlers.end();
    const bool isPublic = match && (methodKnown ? methodEntry->second.access.isPublic : match->route->allPublic());
    if (match)
        routeTemplate = match->route->pathTemplate;

    // Identify the caller before anything else, so unknown routes reveal nothing to strangers.
    const PeerSubject subject = peerSubject(request);
    if (subject.present)
    {
        if (auto identity = _identities.identify(subject.commonName, subject.organizationalUnit))
            exchange.setIdentity(*identity);
    }
    if (!isPublic)
    {
        if (!subject.present)
            return exchange.sendError(core::makeError(ErrorCode::Unauthenticated,
                                                      "a client certificate is required for this route"));
        if (!exchange.identity())
            return exchange.sendError(core::makeError(ErrorCode::Forbidden,
                                                      "the client certificate is not registered with this gateway"));
    }

    // The request target, before any handler reads it: Poco::URI would drop a query with a malformed escape, and a
    // query of thousands of parameters costs every parser that walks it.
    const std::string_view target = request.getURI();
    const auto question = target.find('?');
    const std::string_view rawQuery = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    if (hasMalformedPercent(target.substr(0, question)))
        return exchange.sendError(core::makeError(ErrorCode::Invalid,
                                                  "the request path has a malformed percent-escape ('%' must be "
                                                  "followed by two hexadecimal digits)"));
    if (const std::size_t count = countQueryParameters(rawQuery); count > _limits.maxQueryParameters)
        return exchange.sendError(core::makeError(ErrorCode::Invalid,
                                                  "the query has " + std::to_string(count) +
                                                      " parameters; at most " +
                                                      std::to_string(_limits.maxQueryParameters) + " are accepted"));
    if (!(match && match->route->lenientQuery))
        if (const auto parameter = firstMalformedParameter(rawQuery))
            return exchange.sendError(core::makeError(ErrorCode::Invalid,
                                                      "query parameter '" + *parameter +
                                                          "' has a malformed percent-escape ('%' must be followed by "
                                                          "two hexadecimal digits)",
                                                      *parameter));

    // Transport-level body policy, before routing: never read an oversized body at all.
    if (hasBody(request))
    {
        if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(_limits.maxBodyBytes))
        {
            return exchange.sendError(core::makeError(
                ErrorCode::PayloadTooLarge,
                "request body exceeds the limit of " + std::to_string(_limits.maxBodyBytes) + " bytes"));
        }
        if (!isAcceptedBodyMediaType(request.getContentType()))
            return exchange.sendError(bodyFormat(request.getContentType()).error());
    }

    if (!match)
        return exchange.sendError(core::makeError(ErrorCode::NotFound, "no route for " + exchange.path()));
    exchange.setPathParameters(match->pathParameters);

    if (!methodKnown)
    {
        exchange.response().set("Allow", allowHeader(*match->route));
        return exchange.sendError(core::makeError(ErrorCode::MethodNotAllowed,
                                                  methodLabel(request.getMethod()) + " is not allowed on " +
                                                      routeTemplate));
    }
    if (!isPublic && !methodEntry->second.access.kinds.contains(exchange.identity()->kind))
        return exchange.sendError(core::makeError(ErrorCode::Forbidden,
                                                  std::string("identity kind '") +
                                                      core::toString(exchange.identity()->kind) +
                                                      "' may not call " + routeTemplate));

    // Limits after authentication (a stranger has no bucket to drain) and before the body is read, so a slow
    // upload counts against its sender's concurrency cap, never against other clients' threads.
    std::optional<ClientLease> lease;
    if (const auto& identity = exchange.identity())
    {
        const auto admission = _clientLimiter->admit(*identity);
        if (admission.verdict != ClientLimiter::Verdict::Admitted)
        {
            exchange.response().set("Retry-After", std::to_string(admission.retryAfter.count()));
            exchange.response().setKeepAlive(false); // the unread body must not be taken for the next request
            return exchange.sendError(core::makeError(
                ErrorCode::TooManyRequests,
                admission.verdict == ClientLimiter::Verdict::RateLimited
                    ? "request rate limit of this client exceeded; retry after " +
                          std::to_string(admission.retryAfter.count()) + " s"
                    : "too many concurrent requests from this client; retry after " +
                          std::to_string(admission.retryAfter.count()) + " s"));
        }
        lease.emplace(*_clientLimiter, *identity);
    }

    core::Status status = methodEntry->second.handler(exchange);
    if (!status && !exchange.sent())
        exchange.sendError(status.error());
}

} // namespace sas::fhir::rest
