#include "app/routes/WebContext.h"

#include "fhir/rest/Exchange.h"
#include "fhir/rest/errorToHttp.h"

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <openssl/crypto.h>

namespace sas::app
{

using core::ErrorCode;
using fhir::rest::Exchange;

namespace
{

/// The pages are only ever served over TLS: browsers must never try plain HTTP for this host for a year.
constexpr const char* HSTS = "max-age=31536000";

} // namespace

void sendHtml(Exchange& exchange, const std::string& html, int status)
{
    auto& response = exchange.response();
    response.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    response.set("X-Frame-Options", "DENY");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-store");
    response.set("Strict-Transport-Security", HSTS);
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    response.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    exchange.sendText(html, "text/html; charset=utf-8", status);
}

void redirectTo(Exchange& exchange, const std::string& location)
{
    auto& response = exchange.response();
    response.set("Location", location);
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-store");
    response.set("Strict-Transport-Security", HSTS);
    exchange.sendText("", "text/plain", 303);
}

void sendErrorPage(Exchange& exchange, const web::PageFrame& frame, const core::Error& error, web::MessageView message)
{
    if (message.kind.empty())
        message.kind = "error";
    sendHtml(exchange, web::renderMessage(frame, message), fhir::rest::errorToHttp(error.code).status);
}

std::optional<web::WebSession> currentSession(Exchange& exchange, web::RegulatorSessions& sessions)
{
    Poco::Net::NameValueCollection cookies;
    exchange.request().getCookies(cookies);
    const std::string id = cookies.get(SESSION_COOKIE, "");
    if (id.empty() || id.size() > 128)
        return std::nullopt;
    return sessions.find(id);
}

web::PageFrame frameOf(const web::WebSession& session, const std::string& title)
{
    return web::PageFrame{title, session.displayName.empty() ? session.subject : session.displayName, session.csrfToken};
}

core::Status startSignIn(Exchange& exchange, WebContext& web)
{
    const web::PageFrame anonymous{"Connexion", "", ""};
    if (!web.oidc)
    {
        sendErrorPage(exchange, anonymous, core::makeError(ErrorCode::Unauthenticated, "sign-in not configured"),
                      {"error", "sign-in-disabled", "Connexion impossible",
                       {"La connexion des régulateurs (Pro Santé Connect) n'est pas configurée sur cette passerelle.",
                        "Les logiciels de régulation peuvent appeler ce service avec leur certificat client."},
                       {}});
        return {};
    }
    auto request = web.oidc->authorize();
    if (!request)
    {
        sendErrorPage(exchange, anonymous, request.error(),
                      {"error", "issuer-unavailable", "Service d'authentification indisponible",
                       {"Le service d'authentification Pro Santé Connect ne répond pas. Veuillez réessayer dans "
                        "quelques instants."},
                       {}});
        return {};
    }
    std::string returnTo = exchange.request().getURI();
    if (returnTo.rfind("/sas/", 0) != 0 || exchange.request().getMethod() != "GET")
        returnTo = "/sas/orientations";
    web.sessions.rememberSignIn(request->state, web::PendingSignIn{request->nonce, request->codeVerifier, returnTo, {}});
    redirectTo(exchange, request->url);
    return {};
}

core::Result<std::map<std::string, std::string>> readForm(Exchange& exchange)
{
    if (exchange.request().getContentType().rfind("application/x-www-form-urlencoded", 0) != 0)
        return core::fail(ErrorCode::UnsupportedMediaType, "this page takes a form (application/x-www-form-urlencoded)");
    auto body = exchange.readBody();
    if (!body)
        return core::fail(body.error());
    std::map<std::string, std::string> form;
    try
    {
        Poco::URI uri("/?" + *body);
        for (const auto& [key, value] : uri.getQueryParameters())
            form[key] = value;
    }
    catch (const Poco::Exception&)
    {
        return core::fail(ErrorCode::Invalid, "the form is not well encoded");
    }
    return form;
}

core::Result<web::WebSession> sessionOfForm(Exchange& exchange, web::RegulatorSessions& sessions,
                                            const std::map<std::string, std::string>& form)
{
    auto session = currentSession(exchange, sessions);
    if (!session)
        return core::fail(ErrorCode::Unauthenticated, "no session: sign in again");
    const auto field = form.find("csrf");
    const std::string& expected = session->csrfToken;
    if (field == form.end() || field->second.size() != expected.size() ||
        CRYPTO_memcmp(field->second.data(), expected.data(), expected.size()) != 0)
        return core::fail(ErrorCode::Forbidden, "the form's CSRF token does not belong to this session", "csrf");
    return *session;
}

} // namespace sas::app
