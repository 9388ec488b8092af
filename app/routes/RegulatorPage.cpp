#include "app/routes/ContextualCallRoute.h"
#include "app/routes/WebContext.h"

#include "app/routes/JsonApi.h"
#include "core/time/ZoneRules.h"
#include "fhir/rest/Exchange.h"
#include "web/SearchPage.h"
#include "web/html.h"

#include <Poco/URI.h>

#include <cstdio>

namespace sas::app
{
namespace
{

using adapters::lrm::ContextualCall;
using core::ErrorCode;
using fhir::rest::Exchange;
using namespace std::chrono;

std::string rawQueryOf(Exchange& exchange)
{
    const std::string& uri = exchange.request().getURI();
    const std::size_t question = uri.find('?');
    return question == std::string::npos ? std::string() : uri.substr(question + 1);
}

std::string encodeComponent(const std::string& value)
{
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]%\"<>`{}|\\^ ", out);
    return out;
}

std::string hhmm(sys_seconds instant, seconds offset)
{
    const auto local = instant + offset;
    const auto time = hh_mm_ss<seconds>(local - floor<days>(local));
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return text;
}

std::string dayLabel(int index, local_days date)
{
    static const char* NAMES[] = {"Aujourd'hui", "Demain", "Après-demain"};
    const year_month_day ymd{date};
    char text[48];
    std::snprintf(text, sizeof text, "%s %02u/%02u", NAMES[index], static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()));
    return text;
}

std::string modalityLabels(core::Modalities modalities)
{
    std::string out;
    const std::pair<core::Modalities, const char*> labels[] = {
        {core::InPerson, "Cabinet"}, {core::Teleconsultation, "Téléconsultation"}, {core::HomeVisit, "Domicile"}};
    for (const auto& [bit, label] : labels)
        if (modalities & bit)
            out += (out.empty() ? "" : ", ") + std::string(label);
    return out;
}

std::string distanceText(double km)
{
    char text[24];
    std::snprintf(text, sizeof text, "%.1f km", km);
    std::string out = text;
    if (auto dot = out.find('.'); dot != std::string::npos)
        out[dot] = ',';
    return out;
}

web::CardView cardView(const core::SearchCard& card, WebContext& web, const std::string& backHref, bool enSus)
{
    web::CardView view;
    view.placeId = card.placeId;
    view.name = card.displayName;
    view.address = card.address;
    if (card.distanceKm)
        view.distance = distanceText(*card.distanceKm);
    view.preferredDoctor = card.preferredDoctor;
    view.cpts = !card.cptsFiness.empty();
    if (card.participates)
        view.participationLabel = view.cpts ? "Participe au SAS via la CPTS" : "Participe au SAS";
    bool acceptsEnSus = false;
    if (auto record = web.api.store.loadPlace(card.placeId))
    {
        view.phone = record->place.phone;
        view.additionalInfo = record->place.additionalInfo;
        acceptsEnSus = record->settings.acceptsEnSus();
    }
    if (enSus && acceptsEnSus && !view.cpts)
        view.enSusHref = "/sas/recherche/orientation?type=en-sus&place=" + encodeComponent(card.placeId) +
                         "&back=" + encodeComponent(backHref);

    auto zone = web.api.zones.zone(card.timeZone.empty() ? "Europe/Paris" : card.timeZone);
    const auto now = time_point_cast<seconds>(web.api.clock.now());
    const seconds nowOffset = zone ? (*zone)->offsetAt(now) : seconds{0};
    const local_days today{floor<days>(now + nowOffset).time_since_epoch()};
    for (int index = 0; index < 3; ++index)
        view.days.push_back(web::DayView{dayLabel(index, today + days{index}), {}});
    for (const auto& slot : card.slots)
    {
        const seconds offset = zone ? (*zone)->offsetAt(slot.start) : seconds{0};
        const auto index = (slot.date - today).count();
        if (index < 0 || index > 2)
            continue;
        web::SlotView slotView;
        slotView.time = hhmm(slot.start, offset);
        slotView.end = hhmm(slot.end, offset);
        slotView.modalities = modalityLabels(slot.modalities);
        if (slot.source == core::SlotSource::Vendor)
            slotView.vendorHref = slot.bookingLink; // booked at the vendor (INT_SSO); none: shown, not bookable here
        else
            slotView.bookHref = "/sas/recherche/orientation?type=slot&place=" + encodeComponent(card.placeId) +
                                "&rule=" + std::to_string(slot.ruleId) + "&date=" + formatDate(slot.date) +
                                "&back=" + encodeComponent(backHref);
        view.days[static_cast<std::size_t>(index)].slots.push_back(std::move(slotView));
    }
    return view;
}

/// What the regulator must know about a vendor whose slots are missing from the result.
std::string vendorNotice(const core::VendorOutcome& outcome)
{
    switch (outcome.status)
    {
    case core::VendorStatus::Ok:
        return {};
    case core::VendorStatus::Timeout:
        return outcome.vendorId + " : pas de réponse dans le délai";
    case core::VendorStatus::Error:
        return outcome.vendorId + " : indisponible";
    case core::VendorStatus::CircuitOpen:
        return outcome.vendorId + " : momentanément écarté après des échecs répétés";
    case core::VendorStatus::NonConformant:
        return outcome.vendorId + " : réponse incomplète, des créneaux ont été écartés";
    }
    return {};
}

void sendCallError(Exchange& exchange, const web::PageFrame& frame, const ContextualCall& call)
{
    switch (call.decision)
    {
    case ContextualCall::Decision::NotLrm:
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Invalid, "no origin", "origin"),
                      {"error", "not-lrm", "Recherche impossible",
                       {"Cette page s'ouvre depuis votre logiciel de régulation médicale : l'origine de l'appel n'a "
                        "pas été transmise."},
                       {}});
        return;
    case ContextualCall::Decision::OriginError:
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Forbidden, "unknown origin", "origin"),
                      {"error", "origin-unknown", "Flux désactivé", {adapters::lrm::ORIGIN_ERROR_MESSAGE}, {}});
        return;
    default:
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Invalid, "no usable address", "inseecode"),
                      {"error", "address-unknown", "Adresse non reconnue",
                       {"L'adresse transmise par le logiciel de régulation médicale n'a pas pu être reconnue : un code "
                        "INSEE connu ou une commune est nécessaire, et un nom de voie lorsqu'un numéro est transmis.",
                        "Veuillez vérifier l'adresse du patient dans votre logiciel de régulation et relancer la "
                        "recherche."},
                       {}});
    }
}

} // namespace

core::Status answerRegulatorPage(Exchange& exchange, WebContext& web)
{
    auto session = currentSession(exchange, web.sessions);
    if (!session)
        return startSignIn(exchange, web);
    const web::PageFrame frame = frameOf(*session, "Recherche SAS");
    ContextualCall call = readCallOf(exchange, web.api, web.mappings, web.communes);
    if (call.decision != ContextualCall::Decision::Search)
    {
        sendCallError(exchange, frame, call);
        return {};
    }
    core::SearchRequest request = searchRequestOf(call, exchange);
    const bool enSus = request.mode == core::SearchMode::EnSus;
    auto result = web.api.engine.search(request);
    // The audit trail names the search by codes only: never the address, the patient or the query.
    core::AuditRecord audit{core::AuditAgent{"regulator", session->subject, exchange.requestId()},
                            "E",
                            "search-type",
                            "Slot",
                            "",
                            std::nullopt,
                            std::string("kind=") + (enSus ? "en-sus" : "contextual-call") +
                                ";territory=" + (result ? result->location.departement : std::string("unknown")) +
                                ";dialect=" + call.dialect,
                            result ? "0" : "4"};
    if (auto recorded = web.audit.append(audit); !recorded)
    {
        sendErrorPage(exchange, frame, core::makeError(ErrorCode::Unavailable, "the audit trail is unavailable"),
                      {"error", "search-failed", "Recherche impossible",
                       {"La recherche n'a pas pu être enregistrée ; veuillez réessayer dans quelques instants."},
                       {}});
        return {};
    }
    if (!result)
    {
        if (result.error().code == ErrorCode::NotFound)
            sendErrorPage(exchange, frame, result.error(),
                          {"error", "address-unknown", "Adresse non reconnue",
                           {"La zone \"" + call.addressString + "\" n'est pas reconnue par le moteur de recherche SAS.",
                            "Veuillez vérifier l'adresse du patient dans votre logiciel de régulation et relancer la "
                            "recherche."},
                           {}});
        else
            sendErrorPage(exchange, frame, result.error(),
                          {"error", "search-failed", "Recherche impossible", {result.error().message}, {}});
        return {};
    }

    const std::string base = web::safeQuery(web::withoutParameters(rawQueryOf(exchange), {"page", "seed", "ensus"}));
    const std::string modePart = enSus ? "&ensus=1" : "";
    const std::string seedPart = "&seed=" + std::to_string(result->seed);
    web::SearchPageView view;
    view.address = call.addressString;
    view.specialty = call.specialty.label;
    view.dialect = call.dialect;
    view.preferredDoctorCode = call.preferredDoctor.errorCode;
    view.preferredDoctorMessage = call.preferredDoctor.errorMessage;
    view.preferredDoctor = !call.preferredDoctor.text.empty() ? call.preferredDoctor.text : call.preferredDoctor.rpps;
    view.enSus = enSus;
    view.enSusSwitchHref = "/sas/recherche?" + base + (enSus ? "" : "&ensus=1");
    view.page = result->page;
    view.totalPages = result->totalPages;
    view.totalCards = result->totalCards;
    view.pageHrefPrefix = "/sas/recherche?" + base + modePart + seedPart + "&page=";
    for (const auto& outcome : result->vendors)
        if (std::string notice = vendorNotice(outcome); !notice.empty())
            view.vendorNotices.push_back(std::move(notice));
    const std::string backHref = view.pageHrefPrefix + std::to_string(result->page);
    for (const auto& card : result->cards)
    {
        web::CardView cardView_ = cardView(card, web, backHref, enSus);
        if (card.preferredDoctor && view.preferredDoctor.empty())
            view.preferredDoctor = card.displayName;
        view.cards.push_back(std::move(cardView_));
    }
    sendHtml(exchange, web::renderSearchPage(frame, view));
    return {};
}

} // namespace sas::app
