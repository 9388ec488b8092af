// `sas-gateway mapping check`: what an integrator runs before deploying mapping files.
#include "tests/support/GatewayProcess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using sas::test::GatewayProcess;

TEST(MappingCheck, TheShippedMappingsPass)
{
    GatewayProcess gateway;
    auto outcome = gateway.runCommand({"mapping", "check", SAS_SOURCE_DIR "/mapping"});
    EXPECT_EQ(outcome.exitCode, 0) << outcome.output;
    EXPECT_NE(outcome.output.find("7 LRM dialects, 3 territories, 4 LRM installations, 0 problem(s)"),
              std::string::npos)
        << outcome.output;
}

TEST(MappingCheck, BrokenFilesAreListedWithFileLineAndColumnAndExit65)
{
    const auto root = std::filesystem::temp_directory_path() / "sas-mapping-check-broken";
    std::filesystem::remove_all(root);
    std::filesystem::copy(SAS_SOURCE_DIR "/mapping", root, std::filesystem::copy_options::recursive);
    std::ofstream(root / "territories" / "paris.xml")
        << "<territory xmlns=\"urn:sas-gateway:mapping:1\" id=\"paris\" name=\"SAS Paris\">\n"
        << "  <departement code=\"75\"/>\n"
        << "  <lrm origin=\"SAMU75-LRM\" dialect=\"nope\" hubRecipient=\"fr.health.samu750\" environment=\"production\"/>\n"
        << "  <unexpected/>\n"
        << "</territory>\n";
    std::ofstream(root / "dialects" / "exos.xml") << "<dialect xmlns=\"urn:sas-gateway:mapping:1\" id=\"exos\">";
    GatewayProcess gateway;
    auto outcome = gateway.runCommand({"mapping", "check", root.string()});
    EXPECT_EQ(outcome.exitCode, 65) << outcome.output;
    EXPECT_NE(outcome.output.find((root / "territories" / "paris.xml").string() + ":4:"), std::string::npos)
        << outcome.output;
    EXPECT_NE(outcome.output.find((root / "dialects" / "exos.xml").string() + ":1:"), std::string::npos)
        << outcome.output;
    // Every installation naming the broken dialect is reported too.
    EXPECT_NE(outcome.output.find("dialect 'exos' is not in mapping/dialects"), std::string::npos) << outcome.output;
    std::filesystem::remove_all(root);

    auto usage = gateway.runCommand({"mapping", "verify"});
    EXPECT_EQ(usage.exitCode, 64) << usage.output;
}
