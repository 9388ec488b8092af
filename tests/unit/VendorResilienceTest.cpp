#include "adapters/vendors/AnswerCache.h"
#include "adapters/vendors/CircuitBreaker.h"

#include <gtest/gtest.h>

using namespace sas::adapters::vendors;
using namespace std::chrono_literals;

namespace
{

class ManualClock final : public sas::core::Clock
{
public:
    std::chrono::system_clock::time_point now() const override { return _now; }
    void advance(std::chrono::milliseconds by) { _now += by; }

private:
    std::chrono::system_clock::time_point _now{std::chrono::seconds(1'700'000'000)};
};

sas::core::VendorSlot slotAt(std::chrono::system_clock::time_point start)
{
    sas::core::VendorSlot slot;
    slot.start = start;
    return slot;
}

} // namespace

TEST(VendorCircuitBreaker, OpensAfterConsecutiveFailuresAndLetsOneTrialThroughLater)
{
    ManualClock clock;
    CircuitBreaker breaker({3, 30s}, clock);
    breaker.recordFailure("v");
    breaker.recordFailure("v");
    breaker.recordSuccess("v"); // not consecutive any more
    breaker.recordFailure("v");
    breaker.recordFailure("v");
    EXPECT_TRUE(breaker.allow("v"));
    breaker.recordFailure("v");
    EXPECT_TRUE(breaker.isOpen("v"));
    EXPECT_FALSE(breaker.allow("v"));
    EXPECT_TRUE(breaker.allow("other")) << "per vendor";

    clock.advance(29s);
    EXPECT_FALSE(breaker.allow("v"));
    clock.advance(1s);
    EXPECT_TRUE(breaker.allow("v")) << "half-open: one trial";
    EXPECT_FALSE(breaker.allow("v")) << "only one";
    breaker.recordFailure("v");
    EXPECT_FALSE(breaker.allow("v")) << "the failed trial reopens it";
    clock.advance(30s);
    EXPECT_TRUE(breaker.allow("v"));
    breaker.recordSuccess("v");
    EXPECT_FALSE(breaker.isOpen("v"));
    EXPECT_TRUE(breaker.allow("v"));
}

TEST(VendorAnswerCache, ServesFreshCoveredWindowsOnly)
{
    ManualClock clock;
    AnswerCache cache(60s, 100, clock);
    const auto t0 = clock.now();
    cache.store("v", sas::core::VendorFlow::PractitionerIndividual, "810100050075", t0, t0 + 48h,
                {slotAt(t0 + 1h), slotAt(t0 + 30h)});

    auto hit = cache.find("v", sas::core::VendorFlow::PractitionerIndividual, "810100050075", t0 + 2h, t0 + 48h);
    ASSERT_TRUE(hit);
    ASSERT_EQ(hit->size(), 1u) << "filtered to the asked window";
    EXPECT_FALSE(cache.find("v", sas::core::VendorFlow::Cpts, "810100050075", t0, t0 + 48h)) << "flow is part of the key";
    EXPECT_FALSE(cache.find("v", sas::core::VendorFlow::PractitionerIndividual, "810100050075", t0, t0 + 49h))
        << "a wider window than fetched is not covered";

    clock.advance(59s);
    EXPECT_TRUE(cache.find("v", sas::core::VendorFlow::PractitionerIndividual, "810100050075", t0, t0 + 48h));
    clock.advance(1s);
    EXPECT_FALSE(cache.find("v", sas::core::VendorFlow::PractitionerIndividual, "810100050075", t0, t0 + 48h))
        << "stale after the freshness";
}

TEST(VendorAnswerCache, StaysWithinItsSize)
{
    ManualClock clock;
    AnswerCache cache(60s, 3, clock);
    const auto t0 = clock.now();
    for (int i = 0; i < 10; ++i)
        cache.store("v", sas::core::VendorFlow::PractitionerIndividual, std::to_string(i), t0, t0 + 1h, {});
    EXPECT_LE(cache.size(), 3u);
}

TEST(VendorAnswerCache, ZeroFreshnessDisablesIt)
{
    ManualClock clock;
    AnswerCache cache(0s, 10, clock);
    cache.store("v", sas::core::VendorFlow::Sos, "334173748400020", clock.now(), clock.now() + 1h, {});
    EXPECT_FALSE(cache.find("v", sas::core::VendorFlow::Sos, "334173748400020", clock.now(), clock.now() + 1h));
}
