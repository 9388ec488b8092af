#include "web/OrientationPages.h"

#include "web/html.h"

namespace sas::web
{

std::string renderOrientationForm(const PageFrame& frame, const OrientationFormView& view)
{
    const bool enSus = view.type == "en-sus";
    std::string body = "<section class=\"orientation\" id=\"orientation-form\">\n<h1>" +
                       std::string(enSus ? "Adresser un patient hors créneaux" : "Adresser un patient") + "</h1>\n<dl>" +
                       "<dt>Praticien</dt><dd id=\"form-practitioner\">" + escapeHtml(view.practitioner) +
                       "</dd><dt>Adresse</dt><dd>" + escapeHtml(view.address) + "</dd>";
    if (!view.when.empty())
        body += "<dt>Créneau</dt><dd id=\"form-when\">" + escapeHtml(view.when) + "</dd>";
    body += "<dt>Téléphone</dt><dd id=\"form-phone\">" +
            (view.phone.empty() ? std::string("non renseigné")
                                : "<a href=\"tel:" + escapeHtml(view.phone) + "\">" + escapeHtml(view.phone) + "</a>") +
            "</dd></dl>\n<p class=\"notice\">Appelez le praticien pour confirmer avant d'enregistrer l'orientation.</p>\n"
            "<form method=\"post\" action=\"/sas/recherche/orientation\" id=\"orientation\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"" +
            escapeHtml(view.csrfToken) + "\"><input type=\"hidden\" name=\"type\" value=\"" + escapeHtml(view.type) +
            "\"><input type=\"hidden\" name=\"place\" value=\"" + escapeHtml(view.placeId) +
            "\"><input type=\"hidden\" name=\"back\" value=\"" + escapeHtml(view.backHref) + "\">";
    if (enSus)
        body += "<label>Date <input type=\"date\" name=\"date\" required min=\"" + escapeHtml(view.date) + "\" value=\"" +
                escapeHtml(view.date) + "\"></label> <label>Heure <input type=\"time\" name=\"time\" required step=\"900\">"
                "</label> ";
    else
        body += "<input type=\"hidden\" name=\"rule\" value=\"" + escapeHtml(view.ruleId) +
                "\"><input type=\"hidden\" name=\"date\" value=\"" + escapeHtml(view.date) + "\">";
    body += "<button type=\"submit\" id=\"confirm-orientation\">Enregistrer l'orientation</button> <a href=\"" +
            escapeHtml(view.backHref) + "\">Retour aux résultats</a></form>\n</section>";
    return renderPage(frame, body);
}

std::string renderOrientationList(const PageFrame& frame, const OrientationListView& view)
{
    std::string body = "<section class=\"orientations\" id=\"orientations\" data-count=\"" +
                       std::to_string(view.rows.size()) + "\">\n<h1>" + escapeHtml(view.heading) + "</h1>\n";
    if (view.rows.empty())
        body += "<p class=\"none\" id=\"no-orientation\">" + escapeHtml(view.emptyText) + "</p>\n";
    else
    {
        body += "<table><thead><tr><th>Date</th><th>Praticien</th><th>Type</th><th>Statut</th>" +
                std::string(view.actionHref.empty() ? "" : "<th>Action</th>") + "</tr></thead><tbody>\n";
        for (const auto& row : view.rows)
        {
            body += "<tr data-id=\"" + escapeHtml(row.id) + "\" data-status=\"" + escapeHtml(row.status) + "\"><td>" +
                    escapeHtml(row.when) + "</td><td>" + escapeHtml(row.practitioner) + "</td><td>" + escapeHtml(row.type) +
                    "</td><td class=\"status\">" + escapeHtml(row.statusLabel) + "</td>";
            if (!view.actionHref.empty())
            {
                body += "<td><form method=\"post\" action=\"" + escapeHtml(view.actionHref + row.id) +
                        "\" class=\"status-form\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                        escapeHtml(view.csrfToken) +
                        "\"><button name=\"status\" value=\"honoured\" class=\"honoured\">Honorée</button>"
                        "<button name=\"status\" value=\"not-honoured\" class=\"not-honoured\">Non honorée</button>"
                        "</form></td>";
            }
            body += "</tr>\n";
        }
        body += "</tbody></table>\n";
    }
    body += "</section>";
    return renderPage(frame, body);
}

} // namespace sas::web
