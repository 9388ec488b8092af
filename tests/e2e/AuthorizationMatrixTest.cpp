// The authorization matrix (docs/authorization.md) run whole against the real binary: every registered route ×
// every kind of caller (each identity kind's client certificate, a regulator signed in through the dev OpenID
// Connect issuer, an unregistered certificate, nobody) gets exactly the answer in the table, and the table has a
// row for every route the gateway registers (GET /admin/routes), so a route added without a row fails here.
#include "tests/support/DevIssuer.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

using sas::test::ClientTls;
using sas::test::DevIssuer;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;

namespace
{

/// The callers of the table's columns, in its order.
const std::vector<std::string> CALLERS = {"vendor", "lrm", "admin", "practitioner", "structure-manager", "regulator",
                                          "stranger", "none"};

/// The client certificate of each column that presents one (dev PKI names).
const std::map<std::string, std::string> CERTIFICATES = {
    {"vendor", "vendor-demo"},           {"lrm", "lrm-demo"},       {"admin", "admin"},
    {"practitioner", "practitioner-demo"}, {"structure-manager", "structure-demo"}, {"stranger", "stranger"}};

struct MatrixRow
{
    int line = 0;
    std::string method;
    std::string target;
    std::string body;
    std::string route;
    std::map<std::string, int> expected; ///< by caller
};

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

/// `code` spans lose their backticks: "`/fhir`" → "/fhir".
std::string unquote(std::string cell)
{
    cell = trim(cell);
    if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`')
        cell = cell.substr(1, cell.size() - 2);
    return cell;
}

std::vector<std::string> cellsOf(const std::string& line)
{
    std::vector<std::string> cells;
    std::string cell;
    bool code = false;
    for (std::size_t i = 1; i < line.size(); ++i)
    {
        const char c = line[i];
        if (c == '`')
            code = !code;
        if (c == '|' && !code)
        {
            cells.push_back(unquote(cell));
            cell.clear();
        }
        else
            cell += c;
    }
    return cells;
}

/// The rows of the table under "## Matrix" in docs/authorization.md.
std::vector<MatrixRow> readMatrix()
{
    std::ifstream file(std::string(SAS_SOURCE_DIR) + "/docs/authorization.md");
    std::string line;
    std::vector<MatrixRow> rows;
    std::vector<std::string> header;
    int number = 0;
    bool inMatrix = false;
    while (std::getline(file, line))
    {
        ++number;
        if (line.rfind("## ", 0) == 0)
            inMatrix = line == "## Matrix";
        if (!inMatrix || line.rfind("|", 0) != 0)
            continue;
        auto cells = cellsOf(line);
        if (header.empty())
        {
            header = cells;
            continue;
        }
        if (cells.empty() || cells[0].rfind("---", 0) == 0)
            continue;
        if (cells.size() != header.size())
            throw std::runtime_error("docs/authorization.md line " + std::to_string(number) + ": wrong cell count");
        MatrixRow row;
        row.line = number;
        for (std::size_t i = 0; i < header.size(); ++i)
        {
            const std::string& column = header[i];
            if (column == "method")
                row.method = cells[i];
            else if (column == "request")
                row.target = cells[i];
            else if (column == "body")
                row.body = cells[i] == "-" ? "" : cells[i];
            else if (column == "route")
                row.route = cells[i];
            else
                row.expected[column] = std::stoi(cells[i]);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

class AuthorizationMatrixTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        issuer = new DevIssuer();
        gateway = new GatewayProcess(sas::test::GatewayOptions{issuer->gatewaySettings(), ""});
        gateway->start();
        session = issuer->signIn(gateway->port(), "/sas/orientations");
    }
    static void TearDownTestSuite()
    {
        delete gateway;
        delete issuer;
        gateway = nullptr;
        issuer = nullptr;
    }

    static HttpResponse call(const MatrixRow& row, const std::string& caller)
    {
        HttpRequest request;
        request.method = row.method;
        request.target = row.target;
        request.body = row.body;
        if (!row.body.empty())
            request.contentType = row.body.front() != '{' ? "application/x-www-form-urlencoded"
                                  : row.target.rfind("/fhir", 0) == 0 ? "application/fhir+json"
                                                                       : "application/json";
        ClientTls tls;
        if (auto certificate = CERTIFICATES.find(caller); certificate != CERTIFICATES.end())
            tls.certificate = certificate->second;
        if (caller == "regulator")
            request.headers.emplace_back("Cookie", session);
        return HttpsClient(gateway->port(), tls).send(request);
    }

    static DevIssuer* issuer;
    static GatewayProcess* gateway;
    static std::string session;
};

DevIssuer* AuthorizationMatrixTest::issuer = nullptr;
GatewayProcess* AuthorizationMatrixTest::gateway = nullptr;
std::string AuthorizationMatrixTest::session;

TEST_F(AuthorizationMatrixTest, EveryRegisteredRouteHasARowAndEveryRowARoute)
{
    auto routes = HttpsClient(gateway->port(), ClientTls{"admin"}).get("/admin/routes");
    ASSERT_EQ(routes.status, 200) << routes.body;
    std::set<std::string> registered;
    auto table = Poco::JSON::Parser().parse(routes.body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < table->size(); ++i)
    {
        auto entry = table->getObject(static_cast<unsigned>(i));
        registered.insert(entry->getValue<std::string>("method") + " " + entry->getValue<std::string>("path"));
    }
    ASSERT_GT(registered.size(), 40u);

    std::set<std::string> documented;
    for (const auto& row : readMatrix())
        documented.insert(row.method + " " + row.route);
    for (const auto& route : registered)
        EXPECT_TRUE(documented.contains(route)) << route << " is registered but has no row in docs/authorization.md";
    for (const auto& route : documented)
        EXPECT_TRUE(registered.contains(route)) << route << " is in docs/authorization.md but not registered";
}

TEST_F(AuthorizationMatrixTest, EveryCallerGetsTheAnswerOfTheTable)
{
    const auto rows = readMatrix();
    ASSERT_GT(rows.size(), 40u);
    std::ostringstream actualTable;
    int mismatches = 0;
    for (const auto& row : rows)
    {
        actualTable << "| " << row.method << " | `" << row.target << "` | " << (row.body.empty() ? "-" : "`" + row.body + "`")
                    << " | `" << row.route << "` |";
        for (const auto& caller : CALLERS)
        {
            const auto response = call(row, caller);
            actualTable << ' ' << response.status << " |";
            if (response.status != row.expected.at(caller))
            {
                ++mismatches;
                ADD_FAILURE() << "docs/authorization.md line " << row.line << ": " << row.method << ' ' << row.target
                              << " as " << caller << " → " << response.status << ", table says "
                              << row.expected.at(caller) << "\n" << response.body.substr(0, 300);
            }
        }
        actualTable << '\n';
    }
    if (mismatches > 0)
        std::cerr << "Observed matrix:\n" << actualTable.str();
}

TEST_F(AuthorizationMatrixTest, EveryPageCarriesTheSecurityHeaders)
{
    // Every HTML page and redirect of the table's public GET routes, signed in and not, and the admins' /ops.
    std::vector<std::pair<MatrixRow, std::string>> pages;
    for (const auto& row : readMatrix())
        if (row.method == "GET" && row.route.rfind("/sas/", 0) == 0 && row.route.find("/api/") == std::string::npos)
            for (const char* caller : {"regulator", "none"})
                pages.emplace_back(row, caller);
    MatrixRow ops;
    ops.method = "GET";
    ops.target = "/ops";
    pages.emplace_back(ops, "admin");
    int html = 0;
    for (const auto& [row, caller] : pages)
    {
        SCOPED_TRACE(row.target + " as " + caller);
        const auto response = call(row, caller);
        if (response.header("content-type").rfind("text/html", 0) == 0)
        {
            ++html;
            const std::string csp = response.header("content-security-policy");
            for (const char* directive : {"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'",
                                          "form-action 'self'", "base-uri 'none'"})
                EXPECT_NE(csp.find(directive), std::string::npos) << csp;
            EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
            EXPECT_EQ(response.header("x-frame-options"), "DENY");
            EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
            EXPECT_EQ(response.header("referrer-policy"), "no-referrer");
            EXPECT_EQ(response.header("cache-control"), "no-store");
            EXPECT_EQ(response.header("strict-transport-security"), "max-age=31536000");
        }
        else if (response.status == 303)
        {
            EXPECT_EQ(response.header("referrer-policy"), "no-referrer");
            EXPECT_EQ(response.header("strict-transport-security"), "max-age=31536000");
        }
        else
            EXPECT_EQ(response.header("x-content-type-options"), "nosniff") << response.header("content-type");
    }
    EXPECT_GE(html, 6);
}

TEST_F(AuthorizationMatrixTest, ABookingWithoutTheSessionsCsrfTokenIsRefused)
{
    for (const std::string body : {"type=slot&place=pl-1&rule=1&date=2030-01-01",
                                   "csrf=&type=slot&place=pl-1&rule=1&date=2030-01-01",
                                   "csrf=0123456789abcdef0123456789abcdef&type=slot&place=pl-1&rule=1&date=2030-01-01"})
    {
        SCOPED_TRACE(body);
        MatrixRow row;
        row.method = "POST";
        row.target = "/sas/recherche/orientation";
        row.body = body;
        const auto response = call(row, "regulator");
        EXPECT_EQ(response.status, 403) << response.body;
        EXPECT_NE(response.body.find("data-code=\"csrf\""), std::string::npos) << response.body;
    }
}

TEST_F(AuthorizationMatrixTest, ARegulatorsSearchIsAuditedWithCodesOnly)
{
    MatrixRow search;
    search.method = "GET";
    search.target = "/sas/recherche?origin=SAMU33-LRM&streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063";
    ASSERT_EQ(call(search, "regulator").status, 200);
    auto events = HttpsClient(gateway->port(), ClientTls{"admin"}).get("/fhir/AuditEvent?entity-type=Slot&_count=5");
    ASSERT_EQ(events.status, 200) << events.body;
    EXPECT_NE(events.body.find("\"code\":\"regulator\""), std::string::npos) << events.body;
    EXPECT_NE(events.body.find("\"code\":\"search-type\""), std::string::npos) << events.body;
    EXPECT_NE(events.body.find("\"type\":\"territory\",\"valueString\":\"33\""), std::string::npos) << events.body;
    // Nothing of the patient's address.
    for (const char* secret : {"intendance", "Intendance", "33063", "streetnumber"})
        EXPECT_EQ(events.body.find(secret), std::string::npos) << secret;
}

} // namespace
