#pragma once

#include "web/Page.h"

#include <string>
#include <vector>

namespace sas::web
{

/// One slot as the regulator sees it; the route has formatted the times in the place's zone.
struct SlotView
{
    std::string time;        ///< "14:30"
    std::string end;         ///< "14:45"
    std::string modalities;  ///< "Cabinet, Téléconsultation"
    std::string bookHref;    ///< agenda SAS: the orientation form
    std::string vendorHref;  ///< a vendor's slot: its booking link (opened in a new tab)
};

struct DayView
{
    std::string label; ///< "Aujourd'hui", "Demain", "Après-demain" + date
    std::vector<SlotView> slots;
};

struct CardView
{
    std::string placeId;
    std::string name;
    std::string address;
    std::string distance;          ///< "2,4 km"; empty for a city search
    std::string phone;             ///< the doctor's number: the regulator calls to confirm an agenda SAS slot
    std::string additionalInfo;    ///< for regulators only
    std::string participationLabel; ///< "Participe au SAS", "… via la CPTS"; empty when not participating
    bool preferredDoctor = false;
    bool cpts = false;
    std::string enSusHref;         ///< en sus mode: the "hors créneaux" orientation form
    std::vector<DayView> days;
};

struct SearchPageView
{
    std::string address;
    std::string specialty;
    std::string preferredDoctor;        ///< the doctor as the LRM named them; empty when none
    std::string preferredDoctorCode;    ///< "", "sas_pf_001", "sas_pf_002"
    std::string preferredDoctorMessage;
    std::string dialect;
    bool enSus = false;
    std::string enSusSwitchHref;        ///< the same search in the other mode
    int page = 1;
    int totalPages = 0;
    int totalCards = 0;
    std::string pageHrefPrefix;         ///< "/sas/recherche?…&seed=…&page=" — the page number is appended
    std::vector<CardView> cards;
    std::vector<std::string> vendorNotices; ///< vendors whose slots may be missing ("doctolib : pas de réponse…")
};

/// The regulator's search page: the context, the "en sus" switch, the cards (5 a page) with their slots by day,
/// the pager, a warning naming the booking vendors whose slots may be missing; an empty result shows the platform's "no offer in 48 h" message with the button to search en sus.
std::string renderSearchPage(const PageFrame& frame, const SearchPageView& view);

} // namespace sas::web
