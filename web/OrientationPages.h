#pragma once

#include "web/Page.h"

#include <string>
#include <vector>

namespace sas::web
{

/// The orientation form of one agenda SAS slot (or "hors créneaux" in en sus mode): who, where, when, the phone
/// number to call, and the hidden fields posted with the session's CSRF token.
struct OrientationFormView
{
    std::string practitioner;
    std::string address;
    std::string phone;
    std::string when;        ///< "mardi 10/06 à 14:30" for a slot; empty in en sus mode (the regulator picks a time)
    std::string type;        ///< "slot" or "en-sus"
    std::string placeId;
    std::string ruleId;
    std::string date;        ///< slot: the occurrence's date; en sus: today's date as the form's minimum
    std::string backHref;    ///< the search page
    std::string csrfToken;
};

std::string renderOrientationForm(const PageFrame& frame, const OrientationFormView& view);

/// One row of an orientations list.
struct OrientationRow
{
    std::string id;
    std::string when;
    std::string practitioner;
    std::string type;        ///< "Créneau SAS", "En sus"
    std::string status;      ///< booked | honoured | not-honoured
    std::string statusLabel;
};

/// A regulator's orientations (read only), or a practitioner's / structure's with the honoured / not honoured
/// buttons (posted with the CSRF token) when `actionHref` is set ("/sas/tableau-de-bord/orientations/").
struct OrientationListView
{
    std::string heading;
    std::string emptyText;
    std::vector<OrientationRow> rows;
    std::string actionHref;
    std::string csrfToken;
};

std::string renderOrientationList(const PageFrame& frame, const OrientationListView& view);

} // namespace sas::web
