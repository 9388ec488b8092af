// OpenID Connect sign-in of regulators over the real binary and the dev issuer (tools/oidc-dev-issuer.mjs, the
// stand-in for Pro Santé Connect): the whole authorization-code flow, then every way an ID token or a sign-in
// return must be refused — each with a French page and no session.
#include "tests/support/DevIssuer.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <algorithm>

using sas::test::ClientTls;
using sas::test::DevIssuer;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

const std::string CALL = "origin=SAMU33-LRM&streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063";

class SignInTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        issuer = new DevIssuer();
        gateway = new GatewayProcess(sas::test::GatewayOptions{issuer->gatewaySettings(), ""});
        gateway->start();
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        delete issuer;
        gateway = nullptr;
        issuer = nullptr;
    }

    static HttpResponse browser(const std::string& target, const std::string& cookie = {})
    {
        std::vector<std::pair<std::string, std::string>> headers;
        if (!cookie.empty())
            headers.emplace_back("Cookie", cookie);
        return HttpsClient(gateway->port(), ClientTls{}).get(target, headers);
    }

    /// The gateway's redirect to the issuer, the issuer's (auto-approved) redirect back: the callback's target.
    static std::string callbackTarget(const std::string& target)
    {
        auto start = browser(target);
        EXPECT_EQ(start.status, 303) << start.body;
        const Poco::URI authorize(start.header("location"));
        EXPECT_EQ("https://localhost:" + std::to_string(authorize.getPort()), issuer->issuer());
        EXPECT_NE(authorize.getRawQuery().find("code_challenge_method=S256"), std::string::npos);
        EXPECT_NE(authorize.getRawQuery().find("nonce="), std::string::npos);
        auto approved = HttpsClient(authorize.getPort(), ClientTls{}).get(authorize.getPathAndQuery());
        EXPECT_EQ(approved.status, 302) << approved.body;
        const Poco::URI back(approved.header("location"));
        EXPECT_EQ(back.getPort(), gateway->port());
        return back.getPathAndQuery();
    }

    static std::string cookieOf(const HttpResponse& response)
    {
        const std::string setCookie = response.header("set-cookie");
        return setCookie.substr(0, setCookie.find(';'));
    }

    static DevIssuer* issuer;
    static GatewayProcess* gateway;
};

DevIssuer* SignInTest::issuer = nullptr;
GatewayProcess* SignInTest::gateway = nullptr;

} // namespace

TEST_F(SignInTest, ARegulatorSignsInAndLandsOnTheSearchPage)
{
    auto callback = browser(callbackTarget("/sas/recherche?" + CALL));
    ASSERT_EQ(callback.status, 303) << callback.body;
    EXPECT_EQ(callback.header("location"), "/sas/recherche?" + CALL);
    const std::string setCookie = callback.header("set-cookie");
    EXPECT_EQ(setCookie.rfind("__Host-sas-session=", 0), 0u) << setCookie;
    for (const char* attribute : {"secure", "httponly", "samesite=lax", "path=/"})
    {
        std::string lower = setCookie;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_NE(lower.find(attribute), std::string::npos) << setCookie;
    }

    auto page = browser("/sas/recherche?" + CALL, cookieOf(callback));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("5 Cours De L&#39;intendance, Bordeaux, Gironde"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("Sébastien Loridon"), std::string::npos);
    EXPECT_NE(page.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer");

    // A made-up cookie is no session: back to the issuer.
    EXPECT_EQ(browser("/sas/recherche?" + CALL, "__Host-sas-session=0123456789abcdef").status, 303);
}

TEST_F(SignInTest, SpoiledIdTokensAreRefusedWithAFrenchPage)
{
    for (const std::string tamper : {"expired", "audience", "issuer", "signature", "nonce", "future"})
    {
        SCOPED_TRACE(tamper);
        const std::string target = callbackTarget("/sas/recherche?" + CALL);
        issuer->tamperNextToken(tamper);
        auto callback = browser(target);
        EXPECT_EQ(callback.status, 401) << callback.body;
        EXPECT_NE(callback.body.find("data-code=\"token-refused\""), std::string::npos) << callback.body;
        EXPECT_NE(callback.body.find("Connexion refusée"), std::string::npos);
        EXPECT_TRUE(callback.header("set-cookie").empty());
    }
}

TEST_F(SignInTest, UnknownOrReplayedStatesAreRefused)
{
    const std::string target = callbackTarget("/sas/recherche?" + CALL);
    auto first = browser(target);
    ASSERT_EQ(first.status, 303) << first.body;
    auto replayed = browser(target);
    EXPECT_EQ(replayed.status, 400) << replayed.body;
    EXPECT_NE(replayed.body.find("data-code=\"state-unknown\""), std::string::npos) << replayed.body;
    EXPECT_TRUE(replayed.header("set-cookie").empty());

    auto unknown = browser("/sas/auth/callback?code=abc&state=never-issued");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.body.find("déjà été utilisée"), std::string::npos) << unknown.body;

    auto refusedByIssuer = browser("/sas/auth/callback?error=access_denied&state=x");
    EXPECT_EQ(refusedByIssuer.status, 401);
}

TEST_F(SignInTest, FormsNeedTheSessionsCsrfTokenAndOutputIsEscaped)
{
    const std::string hostile = "origin=SAMU33-LRM&streetnumber=1&streetname=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                                "&inseecode=33063&practitioner=%22%3E%3Cimg+src%3Dx%3E";
    auto callback = browser(callbackTarget("/sas/recherche?" + hostile));
    ASSERT_EQ(callback.status, 303);
    const std::string cookie = cookieOf(callback);
    auto page = browser("/sas/recherche?" + hostile, cookie);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(page.body.find("<img src"), std::string::npos);
    EXPECT_NE(page.body.find("alert(1)&lt;/"), std::string::npos) << page.body;

    auto forged = HttpsClient(gateway->port(), ClientTls{})
                      .send(HttpRequest{"POST", "/sas/recherche/orientation", {{"Cookie", cookie}},
                                        "csrf=forged&type=slot&place=p&rule=1&date=2030-01-01",
                                        "application/x-www-form-urlencoded"});
    EXPECT_EQ(forged.status, 403) << forged.body;
    EXPECT_NE(forged.body.find("data-code=\"csrf\""), std::string::npos);
}

TEST_F(SignInTest, CertificatesKeepTheirJsonAndOtherKindsAreRefused)
{
    auto lrm = HttpsClient(gateway->port(), ClientTls{"lrm-demo"}).get("/sas/recherche?" + CALL);
    EXPECT_EQ(lrm.status, 200);
    EXPECT_EQ(lrm.header("content-type").rfind("application/json", 0), 0u);
    EXPECT_EQ(HttpsClient(gateway->port(), ClientTls{"vendor-demo"}).get("/sas/recherche?" + CALL).status, 403);
}

// Outgoing TLS fails closed: a gateway that trusts another CA for the issuer never redirects a regulator to it
// (the discovery document is not fetched over an unverified connection) and says so in French.
TEST_F(SignInTest, AnIssuerWhoseCertificateIsNotTrustedIsNeverUsed)
{
    auto settings = issuer->gatewaySettings();
    settings.push_back("oidc.caFile=" + sas::test::pkiDirectory() + "/other-ca.pem");
    GatewayProcess distrustful(sas::test::GatewayOptions{settings, ""});
    distrustful.start();

    const auto page = HttpsClient(distrustful.port(), ClientTls{}).get("/sas/recherche?" + CALL);
    EXPECT_NE(page.status, 303) << page.header("location");
    EXPECT_TRUE(page.header("location").empty());
    EXPECT_NE(page.body.find("authentification indisponible"), std::string::npos) << page.body;
}
