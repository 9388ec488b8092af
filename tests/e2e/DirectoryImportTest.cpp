// `sas-gateway directory import` run as the real binary next to a serving gateway (sharing its embedded
// PostgreSQL), then the imported doctors searched through /sas/api/search over mutual TLS; a modified file
// re-imported and searched again; bad files refused with sysexits codes.
#include "tests/support/GatewayProcess.h"
#include "tests/support/HttpsClient.h"
#include "tests/support/tomorrow.h"
#include "tests/support/RppsLines.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

using sas::test::ClientTls;
using sas::test::GatewayProcess;
using sas::test::HttpRequest;
using sas::test::HttpResponse;
using sas::test::HttpsClient;
using sas::test::RppsActivityLine;

namespace
{

using sas::test::tomorrow;

HttpResponse call(const GatewayProcess& gateway, const std::string& who, const std::string& method,
                  const std::string& target, const std::string& body = {})
{
    HttpsClient client(gateway.port(), ClientTls{who});
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    if (!body.empty())
        request.contentType = "application/json";
    return client.send(request);
}

RppsActivityLine gp(std::string rpps, std::string family, std::string given, std::string structure, std::string postcode,
                    std::string insee, std::string commune)
{
    RppsActivityLine line;
    line.id = std::move(rpps);
    line.family = std::move(family);
    line.given = std::move(given);
    line.structure = std::move(structure);
    line.number = "10";
    line.streetType = "Cours";
    line.street = "DE L'INTENDANCE";
    line.postcode = std::move(postcode);
    line.insee = std::move(insee);
    line.commune = std::move(commune);
    line.phone = "05 56 11 22 33";
    return line;
}

std::string write(const GatewayProcess& gateway, const std::string& name, const std::string& text)
{
    const std::string path = gateway.varDirectory() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

/// "name@placeId" of every card of a Bordeaux search for GPs.
std::vector<std::string> bordeauxCards(const GatewayProcess& gateway)
{
    auto response = call(gateway, "lrm-demo", "GET", "/sas/api/search?specialty=SM54&insee=33063");
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> cards;
    if (response.status != 200)
        return cards;
    Poco::JSON::Parser parser;
    auto json = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
    auto array = json->getArray("cards");
    for (std::size_t i = 0; i < array->size(); ++i)
        cards.push_back(array->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") + "@" +
                        array->getObject(static_cast<unsigned>(i))->getValue<std::string>("placeId"));
    std::sort(cards.begin(), cards.end());
    return cards;
}

/// The index follows the import through NOTIFY: wait until the search shows `expected`.
std::vector<std::string> awaitCards(const GatewayProcess& gateway, const std::vector<std::string>& expected)
{
    std::vector<std::string> cards;
    for (int attempt = 0; attempt < 50; ++attempt)
    {
        cards = bordeauxCards(gateway);
        if (cards == expected)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return cards;
}

} // namespace

TEST(DirectoryImportCommand, ImportSearchReimportSearchAgain)
{
    GatewayProcess gateway;
    gateway.start();

    const auto martin = gp("10000000101", "MARTIN", "Anne", "R101", "33000", "33063", "BORDEAUX");
    const auto bernard = gp("10000000102", "BERNARD", "Paul", "R102", "33000", "33063", "BORDEAUX");
    const auto toulouse = gp("10000000103", "ROUX", "Marc", "R103", "31000", "31555", "TOULOUSE");
    std::string day1 = sas::test::rppsHeader() + "\n" + martin.text() + "\n" + bernard.text() + "\n" + toulouse.text() + "\n";
    auto imported = gateway.runCommand({"directory", "import", write(gateway, "day1.txt", day1), "--territory", "gironde"});
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_NE(imported.output.find("3 lines read, 2 SAS activities"), std::string::npos) << imported.output;
    EXPECT_NE(imported.output.find("1 outside the départements"), std::string::npos) << imported.output;
    EXPECT_NE(imported.output.find("practitioners: 2 added, 0 updated, 0 unchanged, 0 deactivated"), std::string::npos)
        << imported.output;
    // Not a terminal: plain progress lines, no bar.
    EXPECT_EQ(imported.output.find('\r'), std::string::npos);

    // The serving gateway still has its database (the command shared the embedded cluster) and sees the import.
    // Search shows places with slots: the agenda SAS is entered in the gateway, on the imported places.
    const std::string slot = R"({"date":")" + tomorrow() + R"(","start":"10:00","end":"10:20","modalities":["AMB"]})";
    for (const std::string place : {"810000000101-R101", "810000000102-R102"})
    {
        auto created = call(gateway, "admin", "POST", "/sas/api/places/" + place + "/slots", slot);
        ASSERT_EQ(created.status, 201) << created.body;
    }
    EXPECT_EQ(awaitCards(gateway, {"Anne MARTIN@810000000101-R101", "Paul BERNARD@810000000102-R102"}),
              (std::vector<std::string>{"Anne MARTIN@810000000101-R101", "Paul BERNARD@810000000102-R102"}));

    // Day two: Martin renamed, Bernard gone from the directory.
    auto renamed = martin;
    renamed.family = "MARTIN-LEGRAND";
    std::string day2 = sas::test::rppsHeader() + "\n" + renamed.text() + "\n" + toulouse.text() + "\n";
    auto second = gateway.runCommand({"directory", "import", write(gateway, "day2.txt", day2), "--departements", "33"});
    ASSERT_EQ(second.exitCode, 0) << second.output;
    EXPECT_NE(second.output.find("practitioners: 0 added, 1 updated, 0 unchanged, 1 deactivated"), std::string::npos)
        << second.output;
    EXPECT_NE(second.output.find("places: 0 added, 0 updated, 1 unchanged, 1 deactivated"), std::string::npos)
        << second.output;
    // Martin keeps the slot entered in the gateway under her new name; Bernard is no longer proposed.
    EXPECT_EQ(awaitCards(gateway, {"Anne MARTIN-LEGRAND@810000000101-R101"}),
              std::vector<std::string>{"Anne MARTIN-LEGRAND@810000000101-R101"});
}

TEST(DirectoryImportCommand, BadFilesAndArgumentsAreRefusedWithSysexitsCodes)
{
    GatewayProcess gateway;
    std::string semicolons = sas::test::rppsHeader();
    for (char& c : semicolons)
        if (c == '|')
            c = ';';
    auto wrong = gateway.runCommand({"directory", "import", write(gateway, "wrong.csv", semicolons + "\n")});
    EXPECT_EQ(wrong.exitCode, 65) << wrong.output;
    EXPECT_NE(wrong.output.find("line 1: columns are not separated by '|' (found ';')"), std::string::npos) << wrong.output;

    auto missing = gateway.runCommand({"directory", "import", gateway.varDirectory() + "/absent.txt"});
    EXPECT_EQ(missing.exitCode, 66) << missing.output;

    auto territory = gateway.runCommand({"directory", "import", write(gateway, "x.txt", "x\n"), "--territory", "atlantis"});
    EXPECT_EQ(territory.exitCode, 64) << territory.output;
    EXPECT_NE(territory.output.find("known: gironde, haute-garonne, paris"), std::string::npos) << territory.output;

    auto departements = gateway.runCommand({"directory", "import", write(gateway, "y.txt", "y\n"), "--departements", "33,99"});
    EXPECT_EQ(departements.exitCode, 64) << departements.output;

    auto usage = gateway.runCommand({"directory", "export"});
    EXPECT_EQ(usage.exitCode, 64) << usage.output;
}
