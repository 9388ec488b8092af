#include "web/SearchPage.h"

#include "web/html.h"

namespace sas::web
{
namespace
{

/// The platform's limit: four slots a day before "voir plus" (sas-platform.md §1.9).
constexpr std::size_t SLOTS_SHOWN = 4;

std::string contextSection(const SearchPageView& view)
{
    std::string html = "<section class=\"context\" id=\"context\">\n<h1>Recherche SAS</h1>\n<dl>"
                       "<dt>Adresse du patient</dt><dd id=\"context-address\">" +
                       escapeHtml(view.address) + "</dd><dt>Spécialité</dt><dd id=\"context-specialty\">" +
                       escapeHtml(view.specialty) + "</dd><dt>Médecin traitant</dt><dd id=\"context-doctor\"";
    if (!view.preferredDoctorCode.empty())
        html += " data-code=\"" + escapeHtml(view.preferredDoctorCode) + "\" class=\"notice\">" +
                escapeHtml(view.preferredDoctorMessage);
    else
        html += ">" + escapeHtml(view.preferredDoctor);
    html += "</dd></dl>\n";
    html += "<label class=\"switch\"><input type=\"checkbox\" id=\"en-sus-switch\" data-href=\"" +
            escapeHtml(view.enSusSwitchHref) + "\"" + (view.enSus ? " checked" : "") +
            "> Créneaux en sus des disponibilités</label> <a class=\"switch-link\" id=\"en-sus-link\" href=\"" +
            escapeHtml(view.enSusSwitchHref) + "\">" + (view.enSus ? "Revenir aux disponibilités" : "Rechercher en sus") +
            "</a>\n</section>\n";
    return html;
}

std::string slotHtml(const SlotView& slot, bool hidden)
{
    const std::string label = escapeHtml(slot.time) + (slot.end.empty() ? "" : "–" + escapeHtml(slot.end));
    const std::string extra = std::string(hidden ? " more" : "") + "\" title=\"" + escapeHtml(slot.modalities) + "\"";
    if (!slot.vendorHref.empty())
        return "<a class=\"slot vendor" + extra + " href=\"" + escapeHtml(slot.vendorHref) +
               "\" target=\"_blank\" rel=\"noopener noreferrer\">" + label + "</a>";
    if (!slot.bookHref.empty())
        return "<a class=\"slot sas" + extra + " href=\"" + escapeHtml(slot.bookHref) + "\">" + label + "</a>";
    return "<span class=\"slot" + extra + ">" + label + "</span>";
}

std::string cardHtml(const CardView& card)
{
    std::string html = "<article class=\"card" + std::string(card.preferredDoctor ? " preferred" : "") +
                       "\" data-place=\"" + escapeHtml(card.placeId) + "\">\n<header>";
    if (card.preferredDoctor)
        html += "<span class=\"badge doctor\">MÉDECIN TRAITANT</span>";
    if (!card.participationLabel.empty())
        html += "<span class=\"badge participation\">" + escapeHtml(card.participationLabel) + "</span>";
    if (card.cpts)
        html += "<span class=\"badge cpts\">CPTS</span>";
    html += "<h2 class=\"name\">" + escapeHtml(card.name) + "</h2><p class=\"address\">" + escapeHtml(card.address);
    if (!card.distance.empty())
        html += " <span class=\"distance\">" + escapeHtml(card.distance) + "</span>";
    html += "</p>";
    if (!card.phone.empty())
        html += "<p class=\"phone\">Téléphone : <a href=\"tel:" + escapeHtml(card.phone) + "\">" + escapeHtml(card.phone) +
                "</a></p>";
    if (!card.additionalInfo.empty())
        html += "<p class=\"info\"><strong>Informations complémentaires :</strong> " + escapeHtml(card.additionalInfo) +
                "</p>";
    html += "</header>\n<div class=\"days\">";
    for (const auto& day : card.days)
    {
        html += "<div class=\"day\"><h3>" + escapeHtml(day.label) + "</h3>";
        if (day.slots.empty())
            html += "<p class=\"none\">—</p>";
        for (std::size_t i = 0; i < day.slots.size(); ++i)
            html += slotHtml(day.slots[i], i >= SLOTS_SHOWN);
        if (day.slots.size() > SLOTS_SHOWN)
            html += "<button type=\"button\" class=\"see-more\">voir plus</button>";
        html += "</div>";
    }
    html += "</div>";
    if (!card.enSusHref.empty())
        html += "<p><a class=\"button en-sus\" href=\"" + escapeHtml(card.enSusHref) +
                "\">Adresser un patient hors créneaux</a></p>";
    html += "\n</article>\n";
    return html;
}

std::string pager(const SearchPageView& view)
{
    if (view.totalPages <= 1)
        return {};
    std::string html = "<nav class=\"pager\" id=\"pager\" data-page=\"" + std::to_string(view.page) + "\" data-pages=\"" +
                       std::to_string(view.totalPages) + "\">";
    const auto link = [&](int page, const std::string& label, const std::string& rel) {
        return "<a href=\"" + escapeHtml(view.pageHrefPrefix + std::to_string(page)) + "\" rel=\"" + rel + "\">" + label +
               "</a>";
    };
    if (view.page > 1)
        html += link(view.page - 1, "Précédent", "prev");
    for (int page = 1; page <= view.totalPages; ++page)
        html += page == view.page ? "<span class=\"current\" aria-current=\"page\">" + std::to_string(page) + "</span>"
                                  : link(page, std::to_string(page), "page");
    if (view.page < view.totalPages)
        html += link(view.page + 1, "Suivant", "next");
    html += "</nav>\n";
    return html;
}

} // namespace

std::string renderSearchPage(const PageFrame& frame, const SearchPageView& view)
{
    std::string body = contextSection(view);
    if (!view.vendorNotices.empty())
    {
        // The regulator must not take a short list for the whole offer when a vendor did not answer.
        body += "<div class=\"message warning\" id=\"vendor-notices\"><p>Des créneaux de logiciels de prise de "
                "rendez-vous peuvent manquer :</p><ul>";
        for (const auto& notice : view.vendorNotices)
            body += "<li>" + escapeHtml(notice) + "</li>";
        body += "</ul></div>\n";
    }
    body += "<section class=\"results\" id=\"results\" data-mode=\"" + std::string(view.enSus ? "en-sus" : "slots") +
            "\" data-total=\"" + std::to_string(view.totalCards) + "\">\n";
    if (view.cards.empty())
    {
        body += "<div class=\"message info\" id=\"no-result\" data-code=\"" +
                std::string(view.enSus ? "no-en-sus" : "no-result-48h") + "\">";
        if (view.enSus)
            body += "<p>Aucune offre de soins n'a accepté d'être contactée par la régulation médicale pour prendre en "
                    "charge des patients en sus des disponibilités dans la zone/adresse recherchée.</p>";
        else
            body += "<p>Aucune offre de soins n'est disponible dans les 48h sur la zone/adresse recherchée.</p>"
                    "<p>Veuillez lancer la recherche \"Créneaux en sus des disponibilités\" pour identifier l'offre de "
                    "soins acceptant d'être contactée par la régulation médicale pour prendre en charge des patients en "
                    "sus des disponibilités.</p><p><a class=\"button\" id=\"search-en-sus\" href=\"" +
                    escapeHtml(view.enSusSwitchHref) + "\">Rechercher Créneaux en sus des disponibilités</a></p>";
        body += "</div>\n";
    }
    else
    {
        body += "<p class=\"count\">" + std::to_string(view.totalCards) + " résultat" +
                (view.totalCards > 1 ? "s" : "") + " — page " + std::to_string(view.page) + " sur " +
                std::to_string(view.totalPages) + "</p>\n";
        for (const auto& card : view.cards)
            body += cardHtml(card);
        body += pager(view);
    }
    body += "</section>";
    return renderPage(frame, body);
}

} // namespace sas::web
