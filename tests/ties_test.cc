// The tie report (--ties): instants where tasks' timers fired together.

#include "cli/ties.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/record.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::RecordedRun;
using ::asyncsim::testutil::RecordScenario;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Each tie as "<seconds>: name, name, ...".
std::vector<std::string> Ties(const Recording& recording) {
  std::vector<std::string> ties;
  for (const Tie& tie : recording.ties) {
    std::string line =
        std::to_string(static_cast<int>(absl::ToDoubleSeconds(tie.time))) + ":";
    for (int task : tie.tasks) line += " " + recording.tasks[task].name;
    ties.push_back(line);
  }
  return ties;
}

TEST(Ties, AsyncqP2C5HasOneTieAtFourSeconds) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  // Producer 0 and three consumers slept 4 s from 0. At 29, Consumer 1
  // wakes because Producer 0 put an item: caused, not tied.
  EXPECT_THAT(Ties(run.recording),
              ElementsAre("4: Producer 0 Consumer 0 Consumer 2 Consumer 3"));
  EXPECT_EQ(RenderTies(run.recording, 80),
            "ties: tasks woke together at 1 instant. The replay wakes them in "
            "the order\n"
            "their sleeps began; real CPython orders them by microseconds of "
            "drift, so its\n"
            "output may differ from there on:\n"
            "  t=4.000: Producer 0, Consumer 0, Consumer 2, Consumer 3 woke "
            "together;\n"
            "    CPython may order them differently\n");
}

TEST(Ties, CountsyncHasNone) {
  RecordedRun run = RecordScenario("countsync");
  EXPECT_THAT(run.recording.ties, IsEmpty());
  EXPECT_EQ(RenderTies(run.recording, 200),
            "ties: none. No two tasks were woken by timers at the same "
            "instant, so no wakeup order in this run hangs on timing drift.\n");
}

TEST(Ties, ChainedsChainsThatSleepFourSecondsFromZeroAreTied) {
  RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
  // part1(1), part1(2) and part2(3) all sleep until 4; at 8, part2(2) wakes
  // alone, at 11 part2(1).
  EXPECT_THAT(Ties(run.recording),
              ElementsAre("4: chain(1) chain(2) chain(3)"));
}

TEST(Ties, RandsTiesIncludeSleepsThatBeganAtDifferentTimes) {
  RecordedRun run = RecordScenario("rand");
  // makerandom(1) slept 2 s from 0, makerandom(0) 1 s from 1: in CPython
  // each deadline carries its own drift.
  ASSERT_FALSE(run.recording.ties.empty());
  EXPECT_EQ(Ties(run.recording)[0], "2: makerandom(1) makerandom(0)");
}

TEST(Ties, LongListsWrapToTheWidthWithNamesWhole) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  const std::string report = RenderTies(run.recording, 41);
  size_t start = 0;
  for (size_t end; (end = report.find('\n', start)) != std::string::npos;
       start = end + 1) {
    EXPECT_LE(end - start, 40u) << report.substr(start, end - start);
  }
}

}  // namespace
}  // namespace asyncsim::cli
