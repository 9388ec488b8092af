#include "app/routes/WebContext.h"

#include "app/routes/JsonApi.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/auditAgentOf.h"
#include "web/OrientationPages.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace sas::app
{
namespace
{

using core::ErrorCode;
using core::IdentityKind;
using fhir::rest::Access;
using fhir::rest::Exchange;
using namespace std::chrono;

/// Where a form may send the browser back: only the search page.
std::string safeBack(const std::string& back)
{
    return back.rfind("/sas/recherche?", 0) == 0 && back.find_first_of("\r\n") == std::string::npos ? back
                                                                                                    : "/sas/orientations";
}

core::ClientIdentity regulatorOf(const web::WebSession& session)
{
    return core::ClientIdentity{session.identityName(), IdentityKind::Lrm};
}

/// The audit trail names a signed-in regulator by their OpenID Connect subject, as for their searches.
core::AuditAgent regulatorAgentOf(const web::WebSession& session, const Exchange& exchange)
{
    return core::AuditAgent{"regulator", session.subject, exchange.requestId()};
}

std::string whenText(sys_seconds instant, const core::TimeZones& zones, const std::string& zoneName)
{
    auto zone = zones.zone(zoneName.empty() ? "Europe/Paris" : zoneName);
    const auto local = instant + (zone ? (*zone)->offsetAt(instant) : seconds{0});
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> time(local - day);
    char text[40];
    std::snprintf(text, sizeof text, "%02u/%02u/%d %02d:%02d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()), static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return text;
}

const char* statusLabel(const std::string& status)
{
    if (status == "honoured")
        return "Honorée";
    if (status == "not-honoured")
        return "Non honorée";
    return "Programmée";
}

core::Status orientationForm(Exchange& exchange, WebContext& web)
{
    auto session = currentSession(exchange, web.sessions);
    if (!session)
        return startSignIn(exchange, web);
    const web::PageFrame frame = frameOf(*session, "Orientation");
    auto record = web.api.store.loadPlace(exchange.queryValue("place"));
    if (!record)
    {
        sendErrorPage(exchange, frame, record.error(),
                      {"error", "place-unknown", "Praticien introuvable", {"Ce lieu de consultation n'existe plus."}, {}});
        return {};
    }
    web::OrientationFormView view;
    view.type = exchange.queryValue("type") == "en-sus" ? "en-sus" : "slot";
    view.practitioner = (record->practitioner.givenName + " " + record->practitioner.familyName);
    view.address = record->place.address;
    view.phone = record->place.phone;
    view.placeId = record->place.id;
    view.backHref = safeBack(exchange.queryValue("back"));
    view.csrfToken = session->csrfToken;
    if (view.type == "slot")
    {
        view.ruleId = exchange.queryValue("rule");
        view.date = exchange.queryValue("date");
        auto date = parseDate(view.date, "date");
        if (!date || view.ruleId.empty() || view.ruleId.find_first_not_of("0123456789") != std::string::npos)
        {
            sendErrorPage(exchange, frame, core::makeError(ErrorCode::Invalid, "bad slot", "rule"),
                          {"error", "slot-unknown", "Créneau inconnu", {"Ce créneau n'est pas valide."}, {}});
            return {};
        }
        for (const auto& rule : record->rules)
            if (std::to_string(rule.id) == view.ruleId)
            {
                char time[8];
                std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(rule.start.count() / 60),
                              static_cast<int>(rule.start.count() % 60));
                view.when = view.date + " à " + time;
            }
    }
    else
    {
        const auto now = time_point_cast<seconds>(web.api.clock.now());
        view.date = formatDate(local_days{floor<days>(now).time_since_epoch()});
    }
    sendHtml(exchange, web::renderOrientationForm(frame, view));
    return {};
}

core::Status createOrientation(Exchange& exchange, WebContext& web)
{
    auto form = readForm(exchange);
    if (!form)
        return core::fail(form.error());
    auto session = sessionOfForm(exchange, web.sessions, *form);
    if (!session)
    {
        sendErrorPage(exchange, web::PageFrame{"Orientation", "", ""}, session.error(),
                      {"error", "csrf", "Orientation refusée",
                       {"Ce formulaire n'appartient pas à votre session : relancez la recherche depuis votre logiciel "
                        "de régulation."},
                       {}});
        return {};
    }
    const web::PageFrame frame = frameOf(*session, "Orientation");
    auto field = [&](const char* name) { auto f = form->find(name); return f == form->end() ? std::string() : f->second; };
    const std::string back = safeBack(field("back"));
    core::Result<core::Booking> booked = core::fail(ErrorCode::Invalid, "type is slot or en-sus", "type");
    if (field("type") == "slot")
    {
        auto date = parseDate(field("date"), "date");
        const std::string rule = field("rule");
        if (!date)
            booked = core::fail(date.error());
        else if (rule.empty() || rule.size() > 18 || rule.find_first_not_of("0123456789") != std::string::npos)
            booked = core::fail(ErrorCode::Invalid, "rule is a slot number", "rule");
        else
            booked = web.api.agenda.book(regulatorOf(*session), field("place"), std::stoll(rule), *date,
                                         regulatorAgentOf(*session, exchange));
    }
    else if (field("type") == "en-sus")
    {
        auto record = web.api.store.loadPlace(field("place"));
        auto local = parseLocalDateTime(field("date") + "T" + field("time") + ":00", "time");
        if (!record)
            booked = core::fail(record.error());
        else if (!local)
            booked = core::fail(local.error());
        else
        {
            auto zone = web.api.zones.zone(record->place.timeZone.empty() ? "Europe/Paris" : record->place.timeZone);
            // The wall-clock time the regulator typed, in the place's zone.
            const sys_seconds guess{local->time_since_epoch()};
            const sys_seconds at = zone ? guess - (*zone)->offsetAt(guess) : guess;
            booked = web.api.agenda.bookEnSus(regulatorOf(*session), field("place"), at,
                                              regulatorAgentOf(*session, exchange));
        }
    }
    if (!booked)
    {
        const bool taken = booked.error().code == ErrorCode::Conflict;
        sendErrorPage(exchange, frame, booked.error(),
                      {"error", taken ? "slot-taken" : "orientation-refused", "Orientation non enregistrée",
                       {taken ? "Ce créneau vient d'être pris : choisissez-en un autre." : booked.error().message},
                       {{"Retour aux résultats", back, "back-to-results"}}});
        return {};
    }
    Poco::Logger::get("sas.web").information("orientation %?d recorded by %s", booked->id,
                                             session->identityName().substr(0, 80));
    auto record = web.api.store.loadPlace(booked->placeId);
    const std::string who = record ? record->practitioner.givenName + " " + record->practitioner.familyName
                                   : booked->practitionerId;
    const std::string zone = record ? record->place.timeZone : std::string();
    sendHtml(exchange,
             web::renderMessage(frame, {"success", "orientation-recorded", "Orientation enregistrée",
                                        {"Patient orienté vers " + who + " le " +
                                             whenText(booked->start, web.api.zones, zone) + ".",
                                         "Numéro d'orientation : " + std::to_string(booked->id) + "."},
                                        {{"Retour aux résultats", back, "back-to-results"},
                                         {"Mes orientations", "/sas/orientations", "my-orientations"}}}),
             201);
    return {};
}

web::OrientationRow rowOf(const core::Booking& booking, WebContext& web)
{
    web::OrientationRow row;
    row.id = std::to_string(booking.id);
    auto record = web.api.store.loadPlace(booking.placeId);
    row.practitioner = record ? record->practitioner.givenName + " " + record->practitioner.familyName
                              : booking.practitionerId;
    row.when = whenText(booking.start, web.api.zones, record ? record->place.timeZone : std::string());
    row.type = booking.enSus ? "En sus" : "Créneau SAS";
    row.status = booking.status;
    row.statusLabel = statusLabel(booking.status);
    return row;
}

core::Status regulatorOrientations(Exchange& exchange, WebContext& web)
{
    auto session = currentSession(exchange, web.sessions);
    if (!session)
        return startSignIn(exchange, web);
    const web::PageFrame frame = frameOf(*session, "Mes orientations");
    core::BookingFilter filter;
    filter.regulator = session->identityName();
    auto bookings = web.api.store.bookings(filter);
    if (!bookings)
    {
        sendErrorPage(exchange, frame, bookings.error(),
                      {"error", "unavailable", "Orientations indisponibles", {bookings.error().message}, {}});
        return {};
    }
    web::OrientationListView view;
    view.heading = "Mes orientations";
    view.emptyText = "Vous n'avez encore orienté aucun patient.";
    for (const auto& booking : *bookings)
        view.rows.push_back(rowOf(booking, web));
    sendHtml(exchange, web::renderOrientationList(frame, view));
    return {};
}

/// The places a signed-in user answers for: the practitioner whose national id they signed in with, and the
/// structures that list their identity name among managers.
core::Result<std::vector<core::BookingFilter>> dashboardScopes(const web::WebSession& session, WebContext& web)
{
    std::vector<core::BookingFilter> scopes;
    if (!session.nationalId.empty())
    {
        auto places = web.api.store.placeIdsOf(session.nationalId);
        if (!places)
            return core::fail(places.error());
        if (!places->empty())
        {
            core::BookingFilter filter;
            filter.practitionerId = session.nationalId;
            scopes.push_back(filter);
        }
    }
    auto structures = web.api.store.structures();
    if (!structures)
        return core::fail(structures.error());
    for (const auto& structure : *structures)
        if (std::find(structure.managers.begin(), structure.managers.end(), session.identityName()) !=
            structure.managers.end())
        {
            core::BookingFilter filter;
            filter.structureId = structure.id;
            scopes.push_back(filter);
        }
    return scopes;
}

core::Status practitionerDashboard(Exchange& exchange, WebContext& web)
{
    auto session = currentSession(exchange, web.sessions);
    if (!session)
        return startSignIn(exchange, web);
    const web::PageFrame frame = frameOf(*session, "Tableau de bord");
    auto scopes = dashboardScopes(*session, web);
    if (!scopes)
        return core::fail(scopes.error());
    web::OrientationListView view;
    view.heading = "Orientations reçues";
    view.emptyText = scopes->empty() ? "Votre identité ne correspond à aucun praticien ni structure de l'annuaire SAS."
                                     : "Aucune orientation reçue.";
    view.actionHref = "/sas/tableau-de-bord/orientations/";
    view.csrfToken = session->csrfToken;
    std::set<std::int64_t> seen;
    for (const auto& filter : *scopes)
    {
        auto bookings = web.api.store.bookings(filter);
        if (!bookings)
            return core::fail(bookings.error());
        for (const auto& booking : *bookings)
            if (seen.insert(booking.id).second)
                view.rows.push_back(rowOf(booking, web));
    }
    sendHtml(exchange, web::renderOrientationList(frame, view));
    return {};
}

core::Status markOrientation(Exchange& exchange, WebContext& web)
{
    auto form = readForm(exchange);
    if (!form)
        return core::fail(form.error());
    auto session = sessionOfForm(exchange, web.sessions, *form);
    if (!session)
    {
        sendErrorPage(exchange, web::PageFrame{"Tableau de bord", "", ""}, session.error(),
                      {"error", "csrf", "Action refusée", {"Ce formulaire n'appartient pas à votre session."}, {}});
        return {};
    }
    const web::PageFrame frame = frameOf(*session, "Tableau de bord");
    const std::string idText = exchange.pathParameters().at("id");
    const auto status = form->find("status");
    if (idText.empty() || idText.size() > 18 || idText.find_first_not_of("0123456789") != std::string::npos ||
        status == form->end() || (status->second != "honoured" && status->second != "not-honoured"))
    {
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Invalid, "bad status", "status"),
                      {"error", "status-invalid", "Action refusée",
                       {"Choisissez « Honorée » ou « Non honorée » pour une orientation existante."}, {}});
        return {};
    }
    auto booking = web.api.store.booking(std::stoll(idText));
    if (!booking)
        return core::fail(booking.error());
    auto scopes = dashboardScopes(*session, web);
    if (!scopes)
        return core::fail(scopes.error());
    auto record = web.api.store.loadPlace(booking->placeId);
    if (!record)
        return core::fail(record.error());
    const bool mine = std::any_of(scopes->begin(), scopes->end(), [&](const core::BookingFilter& scope) {
        return (!scope.practitionerId.empty() && scope.practitionerId == booking->practitionerId) ||
               (!scope.structureId.empty() && record->structure && record->structure->id == scope.structureId);
    });
    if (!mine)
    {
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Forbidden, "not yours"),
                      {"error", "forbidden", "Action refusée", {"Cette orientation ne vous est pas adressée."}, {}});
        return {};
    }
    if (auto saved = web.api.store.setBookingStatus(
            booking->id, status->second,
            core::bookingStatusAudit(core::AuditAgent{"practitioner", session->subject, exchange.requestId()}, *booking, status->second));
        !saved)
        return saved;
    redirectTo(exchange, "/sas/tableau-de-bord");
    return {};
}

} // namespace

void addOrientationPages(fhir::rest::Router& router, WebContext& web)
{
    router.add("GET", "/sas/recherche/orientation", Access::publicRoute(),
               [&web](Exchange& exchange) { return orientationForm(exchange, web); });
    router.add("POST", "/sas/recherche/orientation", Access::publicRoute(),
               [&web](Exchange& exchange) { return createOrientation(exchange, web); });
    router.add("GET", "/sas/orientations", Access::publicRoute(),
               [&web](Exchange& exchange) { return regulatorOrientations(exchange, web); });
    router.add("GET", "/sas/tableau-de-bord", Access::publicRoute(),
               [&web](Exchange& exchange) { return practitionerDashboard(exchange, web); });
    router.add("POST", "/sas/tableau-de-bord/orientations/{id}", Access::publicRoute(),
               [&web](Exchange& exchange) { return markOrientation(exchange, web); });
}

} // namespace sas::app
