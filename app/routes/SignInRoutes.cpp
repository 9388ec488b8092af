#include "app/routes/WebContext.h"

#include "fhir/rest/Exchange.h"
#include "web/staticAssets.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPCookie.h>

namespace sas::app
{
namespace
{

using core::ErrorCode;
using fhir::rest::Access;
using fhir::rest::Exchange;

const web::PageFrame ANONYMOUS{"Connexion", "", ""};

web::MessageView signInFailed(const std::string& code, const std::string& why)
{
    return web::MessageView{"error", code, "Connexion refusée",
                            {why, "Relancez la recherche depuis votre logiciel de régulation médicale pour vous "
                                  "connecter à nouveau."},
                            {}};
}

core::Status callback(Exchange& exchange, WebContext& web)
{
    if (!web.oidc)
        return startSignIn(exchange, web); // explains that sign-in is not configured
    auto& log = Poco::Logger::get("sas.web");
    if (const std::string error = exchange.queryValue("error"); !error.empty())
    {
        log.warning("sign-in refused by the issuer: %s", error.substr(0, 40));
        sendErrorPage(exchange, ANONYMOUS, core::makeError(ErrorCode::Unauthenticated, "refused by the issuer"),
                      signInFailed("issuer-refused", "Le fournisseur d'identité a refusé la connexion."));
        return {};
    }
    auto signIn = web.sessions.takeSignIn(exchange.queryValue("state"));
    if (!signIn)
    {
        log.warning("sign-in with an unknown, expired or replayed state");
        sendErrorPage(exchange, ANONYMOUS, core::makeError(ErrorCode::Invalid, "unknown state", "state"),
                      signInFailed("state-unknown", "Cette demande de connexion est inconnue, expirée ou a déjà été "
                                                    "utilisée."));
        return {};
    }
    const std::string code = exchange.queryValue("code");
    if (code.empty())
    {
        sendErrorPage(exchange, ANONYMOUS, core::makeError(ErrorCode::Invalid, "no code", "code"),
                      signInFailed("code-missing", "Le fournisseur d'identité n'a pas transmis de code d'autorisation."));
        return {};
    }
    auto claims = web.oidc->redeem(code, signIn->codeVerifier, signIn->nonce);
    if (!claims)
    {
        log.warning("sign-in failed: %s", claims.error().message);
        const bool issuerDown = claims.error().code == ErrorCode::UpstreamUnavailable ||
                                claims.error().code == ErrorCode::UpstreamTimeout;
        web::MessageView message =
            issuerDown ? web::MessageView{"error", "issuer-unavailable", "Service d'authentification indisponible",
                                          {"Le service d'authentification Pro Santé Connect ne répond pas. Veuillez "
                                           "réessayer dans quelques instants."},
                                          {}}
                       : signInFailed("token-refused", "Le jeton d'identité transmis par le fournisseur d'identité n'est "
                                                       "pas valide.");
        message.paragraphs.push_back("Détail technique : " + claims.error().message);
        sendErrorPage(exchange, ANONYMOUS, claims.error(), message);
        return {};
    }
    web::WebSession session;
    session.subject = claims->subject;
    session.nationalId = !claims->subjectNameId.empty() ? claims->subjectNameId : claims->preferredUsername;
    session.displayName = claims->displayName();
    if (web.regulatorSignedIn)
    {
        // INT_R02: the issuer's stable subject is the account's technical id; the IDNPS when the token carries one.
        core::RegulatorAccount account;
        account.technicalId = claims->subject;
        if (!claims->subjectNameId.empty())
            account.nationalId = claims->subjectNameId;
        account.family = claims->familyName;
        account.given = claims->givenName;
        web.regulatorSignedIn(account);
    }
    session = web.sessions.open(std::move(session));
    log.information("sign-in of %s", session.identityName().substr(0, 80));
    Poco::Net::HTTPCookie cookie(SESSION_COOKIE, session.id);
    cookie.setPath("/");
    cookie.setSecure(true);
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
    cookie.setMaxAge(static_cast<int>(web.sessionLifetime.count()));
    exchange.response().addCookie(cookie);
    redirectTo(exchange, signIn->returnTo);
    return {};
}

core::Status logout(Exchange& exchange, WebContext& web)
{
    auto form = readForm(exchange);
    if (!form)
        return core::fail(form.error());
    auto session = sessionOfForm(exchange, web.sessions, *form);
    if (!session)
    {
        sendErrorPage(exchange, ANONYMOUS, session.error(),
                      {"error", "csrf", "Déconnexion impossible", {"Ce formulaire n'appartient pas à votre session."}, {}});
        return {};
    }
    web.sessions.close(session->id);
    Poco::Net::HTTPCookie cookie(SESSION_COOKIE, "");
    cookie.setPath("/");
    cookie.setSecure(true);
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
    cookie.setMaxAge(0);
    exchange.response().addCookie(cookie);
    sendHtml(exchange, web::renderMessage(ANONYMOUS, {"info", "signed-out", "Vous êtes déconnecté",
                                                      {"Votre session SAS est fermée."}, {}}));
    return {};
}

} // namespace

void addSignInRoutes(fhir::rest::Router& router, WebContext& web)
{
    router.add("GET", "/sas/auth/callback", Access::publicRoute(),
               [&web](Exchange& exchange) -> core::Status { return callback(exchange, web); });
    router.add("POST", "/sas/auth/logout", Access::publicRoute(),
               [&web](Exchange& exchange) -> core::Status { return logout(exchange, web); });
    router.add("GET", "/sas/static/{name}", Access::publicRoute(), [](Exchange& exchange) -> core::Status {
        const auto* asset = web::staticAsset(exchange.pathParameters().at("name"));
        if (!asset)
            return core::fail(ErrorCode::NotFound, "no such file");
        exchange.response().set("X-Content-Type-Options", "nosniff");
        exchange.response().set("Cache-Control", "public, max-age=300");
        exchange.sendText(std::string(asset->body), std::string(asset->contentType));
        return {};
    });
}

} // namespace sas::app
