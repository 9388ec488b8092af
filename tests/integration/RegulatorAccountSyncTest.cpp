// INT_R02 regulator accounts against a real HTTPS vendor simulator with mutual TLS (sas-ig.md §1.5, §8.E).
#include "adapters/vendors/RegulatorAccountSync.h"
#include "tests/support/TestPaths.h"
#include "tests/support/VendorSimulator.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace sas;
using namespace std::chrono_literals;
using adapters::vendors::AccountSyncState;
using adapters::vendors::RegulatorAccountSync;
using adapters::vendors::VendorRegistry;
using test::VendorSimulator;

namespace
{

std::shared_ptr<const VendorRegistry> registry(const VendorSimulator& endToEnd, const VendorSimulator& slotsOnly)
{
    const std::string pki = test::pkiDirectory();
    std::string text = "vendors = booking, listing\n";
    for (const auto& [id, vendor, capability] :
         {std::tuple{"booking", &endToEnd, "end-to-end"}, std::tuple{"listing", &slotsOnly, "slots-only"}})
    {
        const std::string p = std::string("vendor.") + id + ".";
        text += p + "capability = " + capability + "\n" + p + "flows = ps\n" + p + "baseUrl.test = " + vendor->baseUrl() +
                "\n" + p + "tls.certificate = " + pki + "/gateway-client.pem\n" + p + "tls.privateKey = " + pki +
                "/gateway-client.key\n" + p + "tls.ca = " + pki + "/ca.pem\n";
    }
    const std::string file = test::makeWorkDirectory("accounts") + "/vendors.properties";
    std::ofstream(file) << text;
    auto loaded = adapters::vendors::loadVendorRegistry(file, "test");
    if (!loaded)
        throw std::runtime_error(loaded.error().message);
    return std::make_shared<const VendorRegistry>(std::move(*loaded));
}

core::RegulatorAccount regulator()
{
    core::RegulatorAccount account;
    account.technicalId = "b6e39355-8a61-4556-b340-36f7b95fec6a";
    account.family = "MARIUS";
    account.given = "Jules";
    account.email = "jules.marius@test.com";
    return account;
}

} // namespace

TEST(RegulatorAccountSync, CreateSwitchToNationalIdAndDeactivate)
{
    VendorSimulator booking;
    VendorSimulator listing;
    auto vendors = registry(booking, listing);
    RegulatorAccountSync sync([vendors] { return vendors; }, {3, 10ms, 5000ms});

    // Login with the technical id only: POST, FrPractitionerRegul, INTRN identifier, meta.source = the SAS.
    auto account = regulator();
    auto statuses = sync.onLogin(account);
    ASSERT_EQ(statuses.size(), 1u) << "only end-to-end vendors hold regulator accounts";
    EXPECT_EQ(statuses[0].vendorId, "booking");
    EXPECT_EQ(statuses[0].state, AccountSyncState::Synced) << statuses[0].lastError;
    EXPECT_NE(statuses[0].vendorLocation.find("/Practitioner/"), std::string::npos);
    auto seen = booking.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].uri, "/fhir/Practitioner");
    EXPECT_EQ(seen[0].clientCommonName, "gateway-client");
    EXPECT_NE(seen[0].body.find(R"("source":"urn:oid:1.2.250.1.213.3.6")"), std::string::npos);
    EXPECT_NE(seen[0].body.find("StructureDefinition/FrPractitionerRegul"), std::string::npos);
    EXPECT_NE(seen[0].body.find(R"("code":"INTRN"}]},"system":"urn:oid:1.2.250.1.213.3.6","value":"b6e39355)"),
              std::string::npos)
        << seen[0].body;
    EXPECT_TRUE(listing.requests().empty());

    // The same login again: nothing changed, nothing sent (idempotent).
    sync.onLogin(account);
    EXPECT_EQ(booking.requests().size(), 1u);

    // The national id becomes known: PUT keyed on the OLD technical id, body with the new national one.
    account.nationalId = "810002673899";
    statuses = sync.onLogin(account);
    EXPECT_EQ(statuses[0].state, AccountSyncState::Synced);
    seen = booking.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].method, "PUT");
    EXPECT_EQ(seen[1].uri, "/fhir/Practitioner?identifier=urn:oid:1.2.250.1.213.3.6%7Cb6e39355-8a61-4556-b340-36f7b95fec6a");
    EXPECT_NE(seen[1].body.find(R"("code":"IDNPS"}]},"system":"urn:oid:1.2.250.1.71.4.2.1","value":"810002673899")"),
              std::string::npos);
    const auto accounts = booking.accountsJson();
    ASSERT_EQ(accounts.size(), 1u) << "switched, not duplicated";
    EXPECT_EQ(accounts[0].rfind("urn:oid:1.2.250.1.71.4.2.1|810002673899 ", 0), 0u);

    // De-authorisation: at once, PUT active=false keyed on the national id, never DELETE.
    statuses = sync.deactivate(account);
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0].state, AccountSyncState::Synced);
    seen = booking.requests();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[2].method, "PUT");
    EXPECT_EQ(seen[2].uri, "/fhir/Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899");
    EXPECT_NE(seen[2].body.find(R"("active":false)"), std::string::npos);
    for (const auto& request : seen)
        EXPECT_NE(request.method, "DELETE");
}

TEST(RegulatorAccountSync, FailuresStayPendingAndAreRetriedIdempotently)
{
    VendorSimulator booking;
    VendorSimulator listing;
    auto vendors = registry(booking, listing);
    RegulatorAccountSync sync([vendors] { return vendors; }, {3, 10ms, 5000ms});

    booking.failNextWrites(3);
    auto statuses = sync.onLogin(regulator());
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0].state, AccountSyncState::Pending);
    EXPECT_EQ(statuses[0].attempts, 3);
    EXPECT_EQ(statuses[0].lastError, "HTTP 503");
    EXPECT_EQ(booking.requests().size(), 3u);
    EXPECT_EQ(booking.requests()[1].method, "PUT") << "after a failed POST, retries are the idempotent PUT";

    sync.retryFailed();
    const auto after = sync.status(regulator().technicalId);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].state, AccountSyncState::Synced);
    EXPECT_EQ(booking.accountsJson().size(), 1u);

    // A deactivation for a regulator the vendor never knew sends nothing.
    auto stranger = regulator();
    stranger.technicalId = "1ef1c748-01a3-6180-b098-73283ce4e5b1";
    EXPECT_TRUE(sync.deactivate(stranger).empty());
}
