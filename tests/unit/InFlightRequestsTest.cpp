#include "fhir/rest/InFlightRequests.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;
using sas::fhir::rest::InFlightGuard;
using sas::fhir::rest::InFlightRequests;

TEST(InFlightRequests, CountsEnterAndLeave)
{
    InFlightRequests requests;
    EXPECT_EQ(requests.count(), 0);
    EXPECT_TRUE(requests.enter());
    EXPECT_TRUE(requests.enter());
    EXPECT_EQ(requests.count(), 2);
    requests.leave();
    EXPECT_EQ(requests.count(), 1);
    requests.leave();
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightRequests, DrainWithNothingInFlightReturnsZero)
{
    InFlightRequests requests;
    EXPECT_EQ(requests.drain(10s), 0);
}

TEST(InFlightRequests, DrainWaitsForARequestInAnotherThread)
{
    InFlightRequests requests;
    std::promise<void> entered;
    std::thread worker([&] {
        const bool admitted = requests.enter();
        entered.set_value();
        if (!admitted)
            return;
        // Keep the request in flight until draining has begun (enter() is then refused), so the
        // drain below really has to wait for this leave().
        while (requests.enter())
        {
            requests.leave();
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(20ms);
        requests.leave();
    });
    entered.get_future().wait();

    const int remaining = requests.drain(30s);
    worker.join();

    EXPECT_EQ(remaining, 0);
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightRequests, DrainTimesOutReturningTheRemainingCount)
{
    InFlightRequests requests;
    ASSERT_TRUE(requests.enter());
    ASSERT_TRUE(requests.enter());

    EXPECT_EQ(requests.drain(20ms), 2);

    requests.leave();
    requests.leave();
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightRequests, EnterIsRefusedOnceDrainHasStarted)
{
    InFlightRequests requests;
    ASSERT_EQ(requests.drain(0ms), 0);
    EXPECT_FALSE(requests.enter());
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightGuard, RegistersForItsLifetime)
{
    InFlightRequests requests;
    {
        InFlightGuard guard(requests);
        EXPECT_TRUE(guard.admitted());
        EXPECT_EQ(requests.count(), 1);
        {
            InFlightGuard nested(requests);
            EXPECT_EQ(requests.count(), 2);
        }
        EXPECT_EQ(requests.count(), 1);
    }
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightGuard, RefusedGuardDoesNotLeave)
{
    InFlightRequests requests;
    ASSERT_TRUE(requests.enter()); // one request still running
    ASSERT_EQ(requests.drain(0ms), 1);
    {
        InFlightGuard late(requests);
        EXPECT_FALSE(late.admitted());
    }
    EXPECT_EQ(requests.count(), 1) << "a refused guard must not decrement someone else's registration";
    requests.leave();
    EXPECT_EQ(requests.count(), 0);
}

TEST(InFlightGuard, LeavesWhenTheRequestThrows)
{
    InFlightRequests requests;
    try
    {
        InFlightGuard guard(requests);
        throw std::runtime_error("handler failed");
    }
    catch (const std::runtime_error&)
    {
    }
    EXPECT_EQ(requests.count(), 0);
    EXPECT_EQ(requests.drain(0ms), 0);
}
