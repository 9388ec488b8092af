#include "web/OpsPage.h"

#include "web/html.h"

namespace sas::web
{

std::string renderOpsPage(const PageFrame& frame, const OpsView& view)
{
    std::string body = "<section class=\"ops\" id=\"ops\">\n<h1>Exploitation</h1>\n<p>Version des correspondances "
                       "territoriales en vigueur : <code id=\"mapping-version\">" +
                       escapeHtml(view.mappingVersion) + "</code> — page générée le " + escapeHtml(view.generatedAt) +
                       "</p>\n<h2>Éditeurs</h2>\n";
    if (view.vendors.empty())
        body += "<p class=\"none\">Aucun éditeur configuré.</p>\n";
    else
    {
        body += "<table id=\"vendors\"><thead><tr><th>Éditeur</th><th>Disjoncteur</th><th>Dernière réponse</th>"
                "<th>Appels</th><th>Taux d'erreur</th></tr></thead><tbody>\n";
        for (const auto& row : view.vendors)
            body += "<tr data-vendor=\"" + escapeHtml(row.vendor) + "\" data-circuit=\"" + escapeHtml(row.circuit) +
                    "\"><td>" + escapeHtml(row.vendor) + "</td><td class=\"circuit " + escapeHtml(row.circuit) + "\">" +
                    escapeHtml(row.circuit) + "</td><td>" + escapeHtml(row.lastAnswer) + "</td><td>" +
                    escapeHtml(row.calls) + "</td><td>" + escapeHtml(row.errorRate) + "</td></tr>\n";
        body += "</tbody></table>\n";
    }
    body += "<h2>Messages Hub Santé</h2>\n<table id=\"hub-messages\"><thead><tr><th>État</th><th>Messages</th></tr>"
            "</thead><tbody>\n";
    for (const auto& [state, count] : view.hubMessages)
        body += "<tr data-state=\"" + escapeHtml(state) + "\"><td>" + escapeHtml(state) + "</td><td>" +
                std::to_string(count) + "</td></tr>\n";
    body += "</tbody></table>\n</section>";
    return renderPage(frame, body);
}

} // namespace sas::web
