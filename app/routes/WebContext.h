#pragma once

#include "adapters/oidc/OidcProvider.h"
#include "app/MappingState.h"
#include "app/routes/AgendaApi.h"
#include "core/model/RegulatorAccount.h"
#include "core/ports/AuditTrail.h"
#include "core/ports/Communes.h"
#include "web/Page.h"
#include "web/RegulatorSessions.h"

#include <functional>
#include <optional>
#include <string>

namespace sas::fhir::rest
{
class Exchange;
}

namespace sas::app
{

/// What the web pages work with (wired in app/Gateway.cpp).
struct WebContext
{
    AgendaApi& api;
    MappingState& mappings;
    const core::Communes& communes;
    adapters::oidc::OidcProvider* oidc; ///< null: sign-in not configured, browsers get an explanation page
    web::RegulatorSessions& sessions;
    std::chrono::seconds sessionLifetime;
    core::AuditTrail& audit; ///< every regulator search is recorded (codes only)
    /// Called after each successful regulator sign-in with the account vendors must hold (INT_R02); must return at
    /// once (the gateway queues the vendor calls). Empty: nothing to do.
    std::function<void(const core::RegulatorAccount&)> regulatorSignedIn = {};
};

/// The session cookie: __Host- so it is Secure, host-only and for every path.
constexpr const char* SESSION_COOKIE = "__Host-sas-session";

/// Writes an HTML page with the pages' security headers: a Content-Security-Policy allowing only our own script
/// and stylesheet and no framing, no referrer (the URL holds the patient's address), no caching, HSTS, no
/// cross-origin opener, no powerful browser features.
void sendHtml(fhir::rest::Exchange& exchange, const std::string& html, int status = 200);
/// 303 See Other to a path of ours (or the issuer, for sign-in).
void redirectTo(fhir::rest::Exchange& exchange, const std::string& location);
/// A French message page for an error, with the status of the one error mapping (fhir/rest/errorToHttp).
void sendErrorPage(fhir::rest::Exchange& exchange, const web::PageFrame& frame, const core::Error& error,
                   web::MessageView message);

/// The browser's live session, from its cookie.
std::optional<web::WebSession> currentSession(fhir::rest::Exchange& exchange, web::RegulatorSessions& sessions);
/// The frame of a signed-in user's page.
web::PageFrame frameOf(const web::WebSession& session, const std::string& title);
/// Sends the browser to the issuer to sign in, coming back to this request's URL afterwards (a GET under /sas/).
core::Status startSignIn(fhir::rest::Exchange& exchange, WebContext& web);

/// A form body (application/x-www-form-urlencoded), last value of a repeated field wins. Invalid when the body
/// is not a form.
core::Result<std::map<std::string, std::string>> readForm(fhir::rest::Exchange& exchange);
/// The session of a form's POST whose `csrf` field matches it; Forbidden otherwise (compared in constant time).
core::Result<web::WebSession> sessionOfForm(fhir::rest::Exchange& exchange, web::RegulatorSessions& sessions,
                                            const std::map<std::string, std::string>& form);

/// /sas/auth/callback, /sas/auth/logout, /sas/static/{name}.
void addSignInRoutes(fhir::rest::Router& router, WebContext& web);
/// The browser side of GET /sas/recherche (no client certificate): the regulator's search page.
core::Status answerRegulatorPage(fhir::rest::Exchange& exchange, WebContext& web);
/// /sas/recherche/orientation (form and POST), /sas/orientations, /sas/tableau-de-bord.
void addOrientationPages(fhir::rest::Router& router, WebContext& web);

} // namespace sas::app
