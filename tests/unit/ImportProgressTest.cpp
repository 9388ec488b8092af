// Progress of a directory import: a bar on a terminal, a plain periodic line otherwise.
#include "app/ImportProgressPrinter.h"
#include "tests/support/FakeClock.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace std::chrono_literals;
using sas::app::ImportProgressPrinter;
using sas::app::ImportProgressState;

TEST(ImportProgress, BarAndLineShowLinesShareRateAndTimeLeft)
{
    // 45 % of the bytes in 9 s: 11 s left.
    const ImportProgressState state{812345, 450, 1000, 9.0};
    EXPECT_EQ(sas::app::formatProgressBar(state), "[#########...........]  45%  812,345 lines  90,260 lines/s  ETA 0:11");
    EXPECT_EQ(sas::app::formatProgressLine(state),
              "directory import: 812345 lines read (45 %), 90260 lines/s, about 11 s left");
    // Reading from a pipe: no size, so no share and no estimate.
    EXPECT_EQ(sas::app::formatProgressLine({1000, 500, 0, 2.0}), "directory import: 1000 lines read, 500 lines/s");
}

TEST(ImportProgress, PlainOutputPrintsOneLinePerPeriodAndTheTerminalRedrawsInPlace)
{
    sas::tests::FakeClock clock(std::chrono::system_clock::time_point{1000s});
    std::ostringstream plain;
    ImportProgressPrinter log(plain, false, clock, 1000, 5s);
    log.reading(100, 10); // at start: not yet due
    clock.set(std::chrono::system_clock::time_point{1003s});
    log.reading(200, 20);
    EXPECT_EQ(plain.str(), "");
    clock.set(std::chrono::system_clock::time_point{1005s});
    log.reading(500, 100);
    clock.set(std::chrono::system_clock::time_point{1006s});
    log.reading(600, 120);
    EXPECT_EQ(plain.str(), "directory import: 500 lines read (10 %), 100 lines/s, about 45 s left\n");

    std::ostringstream terminal;
    ImportProgressPrinter bar(terminal, true, clock, 1000);
    clock.set(std::chrono::system_clock::time_point{1007s});
    bar.reading(100, 1000); // the end of the file is always drawn
    bar.finish();
    EXPECT_EQ(terminal.str(), "\r[####################] 100%  100 lines  100 lines/s  ETA 0:00\x1b[K\n");
}
