// `sas-gateway vendor-check` (the real binary) against vendor simulators over mutual TLS.
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

using namespace sas::test;
using namespace std::chrono_literals;

namespace
{

struct CheckRun
{
    int exitCode = -1;
    std::string output;
};

CheckRun vendorCheck(const VendorSimulator& vendor, std::vector<std::string> extra = {})
{
    const std::string pki = pkiDirectory();
    std::vector<std::string> args = {"vendor-check", vendor.baseUrl(), "--cert", pki + "/gateway-client.pem", "--key",
                                     pki + "/gateway-client.key", "--ca", pki + "/ca.pem", "--rpps",
                                     "810100050075,10002673899", "--siret", "334173748400020", "--start",
                                     "2021-01-01T00:00:00Z", "--end", "2025-01-01T00:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    Poco::Pipe out;
    auto handle = Poco::Process::launch(SAS_GATEWAY_BINARY, args, nullptr, &out, &out);
    Poco::PipeInputStream stream(out);
    CheckRun run;
    Poco::StreamCopier::copyToString(stream, run.output);
    run.exitCode = handle.wait();
    return run;
}

bool failed(const CheckRun& run, const std::string& check)
{
    return run.output.find("FAIL " + check + " ") != std::string::npos;
}

} // namespace

TEST(VendorCheck, ConformantVendorPassesEveryCheck)
{
    VendorSimulator vendor(VendorSimulatorOptions{VendorBehaviour::Conformant});
    const CheckRun run = vendorCheck(vendor);
    std::cout << run.output;
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("RESULT: PASS"), std::string::npos);
    EXPECT_EQ(run.output.find("FAIL "), std::string::npos);
    for (const char* check : {"PASS mtls.without-certificate", "PASS ps.bundle.full-url", "PASS sos.bundle.search-mode",
                              "PASS empty.total-zero", "PASS errors.operation-outcome", "PASS ps.fhir.r4-valid"})
        EXPECT_NE(run.output.find(check), std::string::npos) << check;
}

TEST(VendorCheck, JsonReportIsMachineReadable)
{
    VendorSimulator vendor(VendorSimulatorOptions{VendorBehaviour::ServerError});
    const CheckRun run = vendorCheck(vendor, {"--json"});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(run.output.rfind("{\"baseUrl\":\"" + vendor.baseUrl() + "\",\"passed\":false,\"checks\":[", 0), 0u)
        << run.output;
    EXPECT_NE(run.output.find(R"({"id":"ps.status","title":"HTTP 200","passed":false,"detail":"HTTP 500"})"),
              std::string::npos)
        << run.output;
}

TEST(VendorCheck, EachDefectIsNamed)
{
    struct Case
    {
        VendorSimulatorOptions options;
        std::vector<std::string> extra;
        std::vector<std::string> failures;
    };
    const std::vector<Case> cases = {
        {{VendorBehaviour::Slow, "server", true, 10000ms}, {"--max-time-ms", "1000"}, {"ps.answer-time", "sos.answer-time"}},
        {{VendorBehaviour::ServerError}, {}, {"ps.status", "sos.status", "empty.total-zero"}},
        {{VendorBehaviour::MalformedJson}, {}, {"ps.bundle.searchset", "empty.total-zero"}},
        {{VendorBehaviour::WrongBundleType}, {}, {"ps.bundle.searchset", "sos.bundle.searchset", "empty.total-zero"}},
        {{VendorBehaviour::OutsideWindow}, {"--start", "2021-11-04T00:00:00Z", "--end", "2021-11-05T10:00:00Z"},
         {"ps.slots.free-in-window"}},
        {{VendorBehaviour::Sloppy},
         {},
         {"ps.bundle.full-url", "ps.resources.meta-profile", "ps.bundle.total", "ps.identifiers.prefixed",
          "empty.total-zero"}},
        {{VendorBehaviour::Conformant, "server", false}, {}, {"mtls.without-certificate"}},
        {{VendorBehaviour::Conformant, "wrong-host"}, {}, {"ps.mtls.with-certificate"}},
    };
    for (const auto& c : cases)
    {
        VendorSimulator vendor(c.options);
        const CheckRun run = vendorCheck(vendor, c.extra);
        std::cout << run.output;
        EXPECT_EQ(run.exitCode, 1) << run.output;
        for (const auto& check : c.failures)
            EXPECT_TRUE(failed(run, check)) << check << " should fail:\n" << run.output;
    }
}

TEST(VendorCheck, UsageErrorsExit64)
{
    Poco::Pipe out;
    auto handle = Poco::Process::launch(SAS_GATEWAY_BINARY, {"vendor-check", "http://plain.example"}, nullptr, &out, &out);
    Poco::PipeInputStream stream(out);
    std::string output;
    Poco::StreamCopier::copyToString(stream, output);
    EXPECT_EQ(handle.wait(), 64);
    EXPECT_NE(output.find("https://"), std::string::npos) << output;
}
