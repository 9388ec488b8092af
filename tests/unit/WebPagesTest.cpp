// The web pages' building blocks: escaping, query handling, sessions (web/).
#include "tests/support/FakeClock.h"
#include "web/Page.h"
#include "web/RegulatorSessions.h"
#include "web/SearchPage.h"
#include "web/html.h"

#include <gtest/gtest.h>

using namespace sas::web;
using namespace std::chrono;

TEST(WebHtml, EscapesMarkupQuotesAndBrokenUtf8)
{
    EXPECT_EQ(escapeHtml(R"(<a href="x" onclick='y'>&</a>)"),
              "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(escapeHtml("Entrée\x01 \xe9t\xc3\xa9"), "Entrée \xEF\xBF\xBDt\xc3\xa9");
    EXPECT_EQ(safeQuery("a=\"><script>&b=caf\xe9"), "a=%22%3E%3Cscript%3E&b=caf%E9");
    EXPECT_EQ(withoutParameters("origin=X&page=2&seed=9&inseecode=33063&page=3", {"page", "seed"}),
              "origin=X&inseecode=33063");
}

TEST(WebPages, EveryCallerValueIsEscaped)
{
    SearchPageView view;
    view.address = "<img src=x onerror=alert(1)>";
    view.specialty = "\"><script>x</script>";
    view.enSusSwitchHref = "/sas/recherche?a=\"onmouseover=x";
    CardView card;
    card.name = "<b>Dr</b>";
    card.additionalInfo = "<script>alert(2)</script>";
    card.days.push_back(DayView{"Demain", {SlotView{"10:00", "10:15", "Cabinet", "/sas/x?a=1&b=\"", ""}}});
    view.cards.push_back(card);
    view.totalCards = 1;
    view.totalPages = 1;
    const std::string html = renderSearchPage(PageFrame{"<t>", "<user>", "tok\"en"}, view);
    for (const char* raw : {"<img", "<script>", "<b>Dr", "\"onmouseover", "<user>", "tok\"en", "<t>"})
        EXPECT_EQ(html.find(raw), std::string::npos) << raw;
    EXPECT_NE(html.find("&lt;script&gt;alert(2)"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("<script src=\"/sas/static/sas.js\" defer></script>"), std::string::npos);
}

TEST(WebPages, AnEmptyResultOffersTheEnSusSearch)
{
    SearchPageView view;
    view.enSusSwitchHref = "/sas/recherche?origin=X&ensus=1";
    const std::string html = renderSearchPage(PageFrame{"Recherche", "", ""}, view);
    EXPECT_NE(html.find("Aucune offre de soins n'est disponible dans les 48h"), std::string::npos);
    EXPECT_NE(html.find("id=\"search-en-sus\" href=\"/sas/recherche?origin=X&amp;ensus=1\""), std::string::npos);
}

TEST(RegulatorSessions, StatesAreSingleUseAndExpire)
{
    sas::tests::FakeClock clock(system_clock::time_point{hours(1000)});
    RegulatorSessions sessions(clock, hours(12), minutes(10), 3);
    sessions.rememberSignIn("s1", PendingSignIn{"n", "v", "/sas/recherche?x", {}});
    auto taken = sessions.takeSignIn("s1");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->nonce, "n");
    EXPECT_FALSE(sessions.takeSignIn("s1")) << "replayed";
    EXPECT_FALSE(sessions.takeSignIn("never"));

    sessions.rememberSignIn("s2", PendingSignIn{"n", "v", "/", {}});
    clock.set(clock.now() + minutes(11));
    EXPECT_FALSE(sessions.takeSignIn("s2")) << "expired";

    WebSession opened = sessions.open(WebSession{"", "", "sub", "810002909371", "Claire Martin", {}});
    EXPECT_EQ(opened.id.size(), 64u);
    EXPECT_NE(opened.id, opened.csrfToken);
    EXPECT_EQ(opened.identityName(), "psc:810002909371");
    ASSERT_TRUE(sessions.find(opened.id));
    clock.set(clock.now() + hours(12));
    EXPECT_FALSE(sessions.find(opened.id)) << "past its lifetime";

    // Bounded: the oldest go first.
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
    {
        ids.push_back(sessions.open(WebSession{}).id);
        clock.set(clock.now() + seconds(1));
    }
    EXPECT_FALSE(sessions.find(ids[0]));
    EXPECT_TRUE(sessions.find(ids[3]));
    sessions.close(ids[3]);
    EXPECT_FALSE(sessions.find(ids[3]));
}
