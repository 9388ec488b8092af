#pragma once

#include <string>
#include <vector>

namespace sas::web
{

/// What every page around its content shows: the title, who is signed in (with the sign-out form and its CSRF
/// token), the navigation.
struct PageFrame
{
    std::string title;
    std::string userName;  ///< empty: nobody signed in, no navigation
    std::string csrfToken; ///< the session's, for the sign-out form
};

/// A link or a button of a message page.
struct PageAction
{
    std::string label;
    std::string href;
    std::string id; ///< a DOM id, for tests and scripts; may be empty
};

/// A French message page: a failure the regulator must understand, or a confirmation.
struct MessageView
{
    std::string kind;    ///< "error", "info" or "success": the page's class and its data-state
    std::string code;    ///< stable, machine-readable (data-code), e.g. "origin-unknown"
    std::string heading;
    std::vector<std::string> paragraphs;
    std::vector<PageAction> actions;
};

/// The HTML document: the frame around `bodyHtml` (already escaped), the stylesheet and the script of
/// /sas/static, no inline script or style (the Content-Security-Policy forbids them).
std::string renderPage(const PageFrame& frame, const std::string& bodyHtml);

/// A whole message page.
std::string renderMessage(const PageFrame& frame, const MessageView& message);

} // namespace sas::web
