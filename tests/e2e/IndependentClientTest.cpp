// An independent client, fhir-kit-client from npm, against the real binary over mutual TLS, every
// response body checked by three offline R4 validators (tests/e2e/node/). scripts/test installs
// the npm packages.
#include "tests/support/GatewayProcess.h"
#include "tests/support/TestPaths.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sys/wait.h>

namespace
{

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

TEST(IndependentClient, FhirKitClientWorksAndEveryBodyPassesTheOfflineValidators)
{
    const std::string directory = std::string(SAS_SOURCE_DIR) + "/tests/e2e/node";
    ASSERT_TRUE(std::filesystem::exists(directory + "/node_modules/fhir-kit-client"))
        << "npm packages are missing: scripts/test installs them (npm ci in tests/e2e/node)";

    sas::test::GatewayProcess gateway;
    gateway.start();
    const auto result = runShell("cd '" + directory + "' && node independentClient.js https://localhost:" +
                                 std::to_string(gateway.port()) + "/fhir '" + sas::test::pkiDirectory() + "'");
    EXPECT_EQ(result.exitCode, 0) << result.output;
    EXPECT_NE(result.output.find(" 0 failed"), std::string::npos) << result.output;
}
