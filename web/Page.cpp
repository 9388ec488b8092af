#include "web/Page.h"

#include "web/html.h"

namespace sas::web
{

std::string renderPage(const PageFrame& frame, const std::string& bodyHtml)
{
    std::string html = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" +
                       escapeHtml(frame.title) +
                       " — SAS</title>\n<link rel=\"stylesheet\" href=\"/sas/static/sas.css\">\n"
                       "<script src=\"/sas/static/sas.js\" defer></script>\n</head>\n<body>\n"
                       "<header class=\"top\"><span class=\"brand\">Service d'accès aux soins</span>";
    if (!frame.userName.empty())
    {
        html += "<nav><a href=\"/sas/orientations\" id=\"nav-orientations\">Mes orientations</a>"
                "<a href=\"/sas/tableau-de-bord\" id=\"nav-dashboard\">Tableau de bord praticien</a></nav>"
                "<span class=\"user\" id=\"user-name\">" +
                escapeHtml(frame.userName) +
                "</span><form method=\"post\" action=\"/sas/auth/logout\" class=\"logout\">"
                "<input type=\"hidden\" name=\"csrf\" value=\"" +
                escapeHtml(frame.csrfToken) + "\"><button type=\"submit\">Se déconnecter</button></form>";
    }
    html += "</header>\n<main>\n" + bodyHtml + "\n</main>\n</body>\n</html>\n";
    return html;
}

std::string renderMessage(const PageFrame& frame, const MessageView& message)
{
    std::string body = "<section class=\"message " + escapeHtml(message.kind) + "\" id=\"message\" data-state=\"" +
                       escapeHtml(message.kind) + "\" data-code=\"" + escapeHtml(message.code) + "\">\n<h1>" +
                       escapeHtml(message.heading) + "</h1>\n";
    for (const auto& paragraph : message.paragraphs)
        body += "<p>" + escapeHtml(paragraph) + "</p>\n";
    if (!message.actions.empty())
    {
        body += "<p class=\"actions\">";
        for (const auto& action : message.actions)
            body += "<a class=\"button\" href=\"" + escapeHtml(action.href) + "\"" +
                    (action.id.empty() ? "" : " id=\"" + escapeHtml(action.id) + "\"") + ">" + escapeHtml(action.label) +
                    "</a>";
        body += "</p>\n";
    }
    body += "</section>";
    return renderPage(frame, body);
}

} // namespace sas::web
