#include "fhir/rest/ClientLimiter.h"

#include <gtest/gtest.h>

using sas::core::ClientIdentity;
using sas::core::IdentityKind;
using sas::fhir::rest::ClientLimiter;
using sas::fhir::rest::KindLimits;
using namespace std::chrono_literals;

namespace
{

struct ManualClock
{
    std::chrono::steady_clock::time_point now{};
    ClientLimiter::Clock function()
    {
        return [this] { return now; };
    }
};

const ClientIdentity VENDOR_A{"vendor-a", IdentityKind::Vendor};
const ClientIdentity VENDOR_B{"vendor-b", IdentityKind::Vendor};
const ClientIdentity LRM{"lrm", IdentityKind::Lrm};

} // namespace

TEST(ClientLimiterTest, ABurstThenOneRequestPerRefillEachIdentityItsOwnBucket)
{
    ManualClock clock;
    ClientLimiter limiter({{IdentityKind::Vendor, KindLimits{2, 3, 0}}}, clock.function());
    for (int i = 0; i < 3; ++i)
    {
        ASSERT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
        limiter.release(VENDOR_A);
    }
    auto refused = limiter.admit(VENDOR_A);
    EXPECT_EQ(refused.verdict, ClientLimiter::Verdict::RateLimited);
    EXPECT_EQ(refused.retryAfter, 1s);
    EXPECT_EQ(limiter.admit(VENDOR_B).verdict, ClientLimiter::Verdict::Admitted); // another vendor: its own bucket
    EXPECT_EQ(limiter.admit(LRM).verdict, ClientLimiter::Verdict::Admitted);      // a kind without limits

    clock.now += 500ms; // one token at 2/s
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::RateLimited);
    clock.now += 1h; // refills up to the burst, not beyond
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::RateLimited);
    EXPECT_EQ(limiter.rateLimited(), 3u);
}

TEST(ClientLimiterTest, ARetryAfterCoversTheWaitForOneToken)
{
    ManualClock clock;
    ClientLimiter limiter({{IdentityKind::Vendor, KindLimits{0.25, 1, 0}}}, clock.function());
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    EXPECT_EQ(limiter.admit(VENDOR_A).retryAfter, 4s);
    clock.now += 3s;
    EXPECT_EQ(limiter.admit(VENDOR_A).retryAfter, 1s);
    clock.now += 1s;
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
}

TEST(ClientLimiterTest, AtMostMaxConcurrentInProgressPerIdentity)
{
    ClientLimiter limiter({{IdentityKind::Vendor, KindLimits{0, 0, 2}}});
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    auto third = limiter.admit(VENDOR_A);
    EXPECT_EQ(third.verdict, ClientLimiter::Verdict::TooManyConcurrent);
    EXPECT_EQ(third.retryAfter, 1s);
    EXPECT_EQ(limiter.admit(VENDOR_B).verdict, ClientLimiter::Verdict::Admitted);
    limiter.release(VENDOR_A);
    EXPECT_EQ(limiter.admit(VENDOR_A).verdict, ClientLimiter::Verdict::Admitted);
    EXPECT_EQ(limiter.concurrencyLimited(), 1u);
}
