// The regulator's pages in a real browser: Debian's chromium driven by playwright-core (tests/e2e/node/
// browser.test.mjs) against the real binary and the dev OpenID Connect issuer. This launcher starts both, adds
// one test territory so all seven LRM dialects have an installation, fills the directory and the agenda SAS
// through the admin API, then runs the browser suite (screenshots in tests/e2e/screenshots/).
#include "tests/support/DevIssuer.h"
#include "adapters/geo/ZoneinfoTimeZones.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sys/wait.h>

using sas::test::ClientTls;
using sas::test::HttpRequest;
using sas::test::HttpsClient;

namespace
{

std::string dayAfter(int days)
{
    // The date in Paris, the places' zone, whose days the page's columns follow (UTC + 2 h was wrong every winter
    // evening from 22:00 to 23:00 UTC, when Paris is UTC + 1).
    static const auto paris = sas::adapters::geo::ZoneinfoTimeZones().zone("Europe/Paris");
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>((*paris)->toLocal(now)) +
                                          std::chrono::days(days)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return text;
}

void put(int port, const std::string& target, const std::string& body, int expected = 200)
{
    auto response = HttpsClient(port, ClientTls{"admin"}).send(HttpRequest{"PUT", target, {}, body, "application/json"});
    ASSERT_EQ(response.status, expected) << target << ": " << response.body;
}

void post(int port, const std::string& target, const std::string& body)
{
    auto response = HttpsClient(port, ClientTls{"admin"}).send(HttpRequest{"POST", target, {}, body, "application/json"});
    ASSERT_EQ(response.status, 201) << target << ": " << response.body;
}

const char* PARTICIPATES = R"("settings":{"participates":true,"via":1,"hasSoftware":false,"editorDisabled":true,
                              "hoursDeclared":true})";

/// Seven places around Bordeaux with slots tomorrow (the first is the preferred doctor of the Exos call), one in
/// Toulouse taking patients "en sus" without slots.
void fillDirectory(int port)
{
    const std::array<std::pair<const char*, const char*>, 7> bordeaux{{{"10002909371", "Médecin Traitant"},
                                                                        {"10000000101", "Alice Aubert"},
                                                                        {"10000000102", "Bruno Bernard"},
                                                                        {"10000000103", "Chloé Chevalier"},
                                                                        {"10000000104", "David Dubois"},
                                                                        {"10000000105", "Emma Etienne"},
                                                                        {"10000000106", "Fabien Fontaine"}}};
    for (std::size_t i = 0; i < bordeaux.size(); ++i)
    {
        const std::string rpps = bordeaux[i].first;
        const std::string name = bordeaux[i].second;
        const std::string given = name.substr(0, name.find(' '));
        const std::string family = name.substr(name.find(' ') + 1);
        put(port, "/sas/api/directory/practitioners/8" + rpps,
            R"({"idKind":"rpps","nationalId":")" + rpps + R"(","familyName":")" + family + R"(","givenName":")" + given +
                R"(","profession":"Médecin","specialties":["SM54"],)" + PARTICIPATES + "}");
        const std::string place = "bx-" + std::to_string(i + 1);
        put(port, "/sas/api/directory/places/" + place,
            R"({"practitionerId":"8)" + rpps + R"(","address":")" + std::to_string(10 + i) +
                R"( cours Victor Hugo, 33000 Bordeaux","inseeCode":"33063","latitude":)" +
                std::to_string(44.835 + 0.004 * static_cast<double>(i)) +
                R"(,"longitude":-0.575,"timeZone":"Europe/Paris","phone":"05 56 00 00 0)" + std::to_string(i + 1) +
                R"(","additionalInfo":")" + (i == 0 ? "<b>Entrée</b> par la cour" : "") + R"("})");
        for (const char* start : {"10:00", "11:00"})
        {
            const std::string end = std::string(start).substr(0, 3) + "15";
            post(port, "/sas/api/places/" + place + "/slots",
                 R"({"date":")" + dayAfter(1) + R"(","start":")" + start + R"(","end":")" + end +
                     R"(","modalities":["AMB"]})");
        }
    }
    put(port, "/sas/api/directory/practitioners/810000000201",
        R"({"idKind":"rpps","nationalId":"10000000201","familyName":"Garnier","givenName":"Hélène",
            "profession":"Médecin","specialties":["SM54"],)" + std::string(PARTICIPATES) + "}");
    put(port, "/sas/api/directory/places/tls-1",
        R"({"practitionerId":"810000000201","address":"1 place du Capitole, 31000 Toulouse","inseeCode":"31555",
            "latitude":43.6045,"longitude":1.4440,"timeZone":"Europe/Paris","phone":"05 61 00 00 01"})");
}

struct CommandResult
{
    int exitCode;
    std::string output;
};

CommandResult runShell(const std::string& command)
{
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen((command + " 2>&1").c_str(), "r"), &pclose);
    std::string output;
    std::array<char, 4096> buffer{};
    while (pipe && fgets(buffer.data(), buffer.size(), pipe.get()))
        output += buffer.data();
    const int status = pipe ? pclose(pipe.release()) : -1;
    return CommandResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

} // namespace

TEST(Browser, RegulatorPagesInChromium)
{
    const std::string node = std::string(SAS_SOURCE_DIR) + "/tests/e2e/node";
    ASSERT_TRUE(std::filesystem::exists(node + "/node_modules/playwright-core"))
        << "npm packages are missing: scripts/test installs them (npm ci in tests/e2e/node)";
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "chromium is missing: scripts/deps installs it";

    // The shipped mappings plus one territory whose installations use the four dialects no shipped SAMU runs.
    const auto mapping = std::filesystem::path(sas::test::makeWorkDirectory("browser-mapping")) / "mapping";
    std::filesystem::copy(SAS_SOURCE_DIR "/mapping", mapping, std::filesystem::copy_options::recursive);
    std::ofstream(mapping / "territories" / "browser-test.xml")
        << R"(<?xml version="1.0" encoding="UTF-8"?>
<territory xmlns="urn:sas-gateway:mapping:1" id="browser-test" name="Browser test installations">
  <departement code="24"/>
  <lrm origin="TEST-APPLIGOS" dialect="appligos" hubRecipient="fr.health.samu240" environment="production"/>
  <lrm origin="TEST-SCRIPTAL" dialect="scriptal" hubRecipient="fr.health.samu240" environment="production"/>
  <lrm origin="TEST-SISAMU" dialect="sisamu" hubRecipient="fr.health.samu240" environment="production"/>
  <lrm origin="TEST-BISOM" dialect="bisom" hubRecipient="fr.health.samu240" environment="production"/>
</territory>
)";

    sas::test::DevIssuer issuer;
    auto settings = issuer.gatewaySettings();
    settings.push_back("mapping.directory=" + mapping.string());
    sas::test::GatewayProcess gateway(sas::test::GatewayOptions{settings, ""});
    gateway.start();
    fillDirectory(gateway.port());
    if (HasFatalFailure())
        return;

    const std::string screenshots = std::string(SAS_SOURCE_DIR) + "/tests/e2e/screenshots";
    const auto result = runShell("cd '" + node + "' && node browser.test.mjs https://localhost:" +
                                 std::to_string(gateway.port()) + " '" + issuer.issuer() + "' '" + screenshots + "' '" +
                                 sas::test::pkiDirectory() + "'");
    EXPECT_EQ(result.exitCode, 0) << result.output << "\n--- gateway log ---\n" << gateway.log().substr(0, 20000);
    EXPECT_NE(result.output.find(" 0 failed"), std::string::npos) << result.output;
}
