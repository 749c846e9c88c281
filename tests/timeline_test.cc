// The text timeline (--timeline): its rows, marks, axis and legend, and
// how it fits a terminal.

#include "cli/timeline.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/text_wrap.h"
#include "cli/time_axis.h"
#include "engine/observer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/golden.h"
#include "tests/testing/record.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::RecordedRun;
using ::asyncsim::testutil::RecordScenario;
using ::asyncsim::testutil::SplitLines;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::Duration S(double seconds) { return absl::Seconds(seconds); }

// The chart's row for `label`, without the label; fails if there is none.
std::string Row(const std::string& chart, const std::string& label) {
  for (const std::string& line : SplitLines(chart)) {
    if (line.starts_with(label + "  ")) {
      return std::string(
          absl::StripLeadingAsciiWhitespace(line.substr(label.size())));
    }
  }
  ADD_FAILURE() << "no row " << label << " in\n" << chart;
  return "";
}

// A task that sleeps, waits on a queue, on a task and on an event, and is
// cancelled; and one that finishes, one that fails.
Recording Handmade() {
  Recording r;
  r.end = S(10);
  TaskTrack& a = r.tasks.emplace_back();
  a.name = "waiter";
  a.created = S(0);
  a.runs = {S(0), S(2), S(4), S(6), S(8)};
  a.waits = {
      {.start = S(0), .end = S(2), .kind = WaitKind::kSleep, .what = "sleep"},
      {.start = S(2), .end = S(4), .kind = WaitKind::kQueueGet, .what = "q"},
      {.start = S(4), .end = S(6), .kind = WaitKind::kTask, .what = "t"},
      {.start = S(6), .end = S(8), .kind = WaitKind::kEvent, .what = "e"},
      {.start = S(8), .end = S(10), .kind = WaitKind::kSleep, .what = "s"},
  };
  a.outcome = TaskOutcome::kCancelled;
  a.end = S(10);
  TaskTrack& b = r.tasks.emplace_back();
  b.name = "finisher";
  b.created = S(3);
  b.runs = {S(3), S(5)};
  b.waits = {{.start = S(3), .end = S(5), .kind = WaitKind::kSleep}};
  b.outcome = TaskOutcome::kFinished;
  b.end = S(5);
  TaskTrack& c = r.tasks.emplace_back();
  c.name = "failer";
  c.created = S(1);
  c.runs = {S(1)};
  c.outcome = TaskOutcome::kFailed;
  c.end = S(1);
  r.lines = {{.time = S(0), .text = "x", .task = 0},
             {.time = S(0), .text = "y", .task = 0},
             {.time = S(10), .text = "z", .task = -1}};
  return r;
}

TEST(Timeline, DrawsEveryKindOfMarkUnderANumberedAxisWithALegend) {
  EXPECT_EQ(RenderTimeline(Handmade(), {.width = 40}),
            "timeline: 0 to 10.000 s of virtual\n"
            "  time, 1 column = 0.5 s\n"
            "time (s)  0         5         10\n"
            "          +---------+---------+\n"
            "stdout    2                   1\n"
            "waiter    *===*~~~*---*:::*===x\n"
            "finisher        *===|\n"
            "failer      !\n"
            "legend:  * ran (no virtual time)\n"
            "         = sleep  ~ Queue get/put/join\n"
            "         - a task or gather\n"
            "         : event, lock, future\n"
            "         | finished  x cancelled\n"
            "         ! failed\n"
            "         stdout: lines printed\n");
}

TEST(Timeline, CountasyncHasMainAndThreeCountsThatSleepOneSecond) {
  RecordedRun run = RecordScenario("countasync");
  ASSERT_TRUE(run.status.ok()) << run.status;
  const std::string chart = RenderTimeline(run.recording, {.width = 80});
  std::vector<std::string> rows;
  for (const std::string& line : SplitLines(chart)) {
    if (line.starts_with("Task-") || line.starts_with("count()")) {
      rows.push_back(line);
    }
  }
  ASSERT_EQ(rows.size(), 4u) << chart;
  EXPECT_THAT(rows[0], StartsWith("Task-1 "));
  // 1 s in 50 columns of 0.02 s: ran at 0, slept, finished at 1.
  const std::string count = "*" + std::string(49, '=') + "|";
  EXPECT_EQ(Row(chart, "count()"), count);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(rows[i], "count()   " + count);
  EXPECT_EQ(Row(chart, "Task-1"), "*" + std::string(49, '-') + "|");
  // 3 "One" at 0; 3 "Two" and the final line at 1.
  EXPECT_EQ(Row(chart, "stdout"), "3" + std::string(49, ' ') + "4");
  EXPECT_THAT(chart, HasSubstr("1 column = 0.02 s"));
}

TEST(Timeline, AsyncqShowsProducersSleepingAndConsumersOnTheQueue) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  const std::string chart = RenderTimeline(run.recording, {.width = 80});
  // 29 s at 0.5 s a column. Producer 0 sleeps 4, 10, 8, 7 seconds.
  EXPECT_EQ(Row(chart, "Producer 0"),
            "*" + std::string(7, '=') + "*" + std::string(19, '=') + "*" +
                std::string(15, '=') + "*" + std::string(13, '=') + "|");
  // Producer 1 draws n = 0: it finishes in its first step.
  EXPECT_EQ(Row(chart, "Producer 1"), "|");
  // Consumer 1 sleeps 7 s, then waits on the queue until cancelled at 29.
  EXPECT_EQ(Row(chart, "Consumer 1"),
            "*" + std::string(13, '=') + "*" + std::string(43, '~') + "x");
  EXPECT_THAT(chart, HasSubstr("time (s)    0         5         10        15"));
}

TEST(Timeline, CountsyncHasNoTasksButItsLines) {
  RecordedRun run = RecordScenario("countsync");
  ASSERT_TRUE(run.status.ok()) << run.status;
  const std::string chart = RenderTimeline(run.recording, {.width = 80});
  EXPECT_EQ(Row(chart, "stdout"), "1" + std::string(19, ' ') + "2" +
                                      std::string(19, ' ') + "2" +
                                      std::string(19, ' ') + "2");
  EXPECT_EQ(SplitLines(chart).size(), 4u + 3u);  // header, axis, row, legend
}

TEST(Timeline, NoLineIsWiderThanTheTerminalLessOneColumn) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "3", "-c", "7"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  for (int width : {40, 41, 55, 79, 80, 81, 100, 132, 200, 333}) {
    const std::string chart = RenderTimeline(run.recording, {.width = width});
    for (const std::string& line : SplitLines(chart)) {
      EXPECT_LE(line.size(), static_cast<size_t>(width - 1))
          << "width " << width << ": " << line;
    }
    // The chart uses the room it has: the axis reaches past three fifths
    // (fine column steps are at most 1.6 apart; time_axis.h).
    size_t axis = 0;
    for (const std::string& line : SplitLines(chart)) {
      if (line.find_first_not_of(' ') != std::string::npos &&
          line[line.find_first_not_of(' ')] == '+') {
        axis = line.size();
      }
    }
    EXPECT_GT(axis, static_cast<size_t>(width * 3 / 5)) << "width " << width;
  }
}

TEST(Timeline, TicksAreRoundOnEveryWidth) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  for (int width = 40; width <= 400; width += 7) {
    const std::vector<std::string> lines =
        SplitLines(RenderTimeline(run.recording, {.width = width}));
    // The numbers above the axis ("time (s)  0  5  10"): their step is 1,
    // 2 or 5 times a power of ten.
    std::string numbers;
    for (const std::string& line : lines) {
      if (line.starts_with("time (s)")) numbers = line.substr(8);
    }
    std::vector<double> ticks;
    for (absl::string_view word :
         absl::StrSplit(numbers, ' ', absl::SkipEmpty())) {
      double value;
      if (absl::SimpleAtod(word, &value)) ticks.push_back(value);
    }
    ASSERT_GE(ticks.size(), 2u) << "width " << width << ": " << numbers;
    const double tick = ticks[1] - ticks[0];
    EXPECT_TRUE(IsNiceStep(absl::Nanoseconds(std::llround(tick * 1e9))))
        << "width " << width << ": " << numbers;
  }
}

TEST(Timeline, ATinyTerminalStillGetsAReadableChart) {
  RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
  const std::string chart = RenderTimeline(run.recording, {.width = 5});
  EXPECT_THAT(chart, HasSubstr("chain(1)  *"));
  EXPECT_THAT(chart, HasSubstr("legend:"));
}

TEST(Timeline, HundredsOfTasksAreSummarisedBeyondTheRowLimit) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "100", "-c", "400"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_EQ(run.recording.tasks.size(), 501u);
  const std::string chart =
      RenderTimeline(run.recording, {.width = 100, .max_rows = 40});
  EXPECT_THAT(chart, HasSubstr("\n... 461 more tasks (the first 40 of 501 are "
                               "shown)\n"));
  // Header, axis (2), stdout, 40 tasks, the summary, legend.
  std::vector<std::string> lines = SplitLines(chart);
  EXPECT_EQ(lines[4].substr(0, 6), "Task-1");
  EXPECT_EQ(lines[44].substr(0, 4), "... ");
  for (const std::string& line : lines) EXPECT_LE(line.size(), 99u) << line;
}

TEST(Timeline, NamesCannotGarbleTheChart) {
  Recording r;
  r.end = S(1);
  for (const char* name :
       {"new\nline\x1b[31m", "a very long task name that goes on and on",
        "caf\xC3\xA9 \xE2\x98\x95"}) {
    TaskTrack& t = r.tasks.emplace_back();
    t.name = name;
    t.runs = {S(0)};
    t.outcome = TaskOutcome::kFinished;
    t.end = S(1);
  }
  const std::string chart = RenderTimeline(r, {.width = 60});
  std::vector<std::string> lines = SplitLines(chart);
  EXPECT_THAT(lines[4], StartsWith("new?line?[31m  "));
  EXPECT_THAT(lines[5], StartsWith("a very long task name...  *"));
  // Two-byte and three-byte characters count as one column each.
  EXPECT_THAT(lines[6], StartsWith("caf\xC3\xA9 \xE2\x98\x95" +
                                   std::string(24 - 6 + 2, ' ') + "*"));
  for (const std::string& line : lines) {
    for (char c : line) EXPECT_GE(static_cast<unsigned char>(c), 0x20u);
  }
}

TEST(TimeAxis, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(NiceStep(absl::ZeroDuration()), absl::Nanoseconds(1));
  EXPECT_EQ(NiceStep(absl::Nanoseconds(3)), absl::Nanoseconds(5));
  EXPECT_EQ(NiceStep(absl::Milliseconds(370)), absl::Milliseconds(500));
  EXPECT_EQ(NiceStep(absl::Milliseconds(500)), absl::Milliseconds(500));
  EXPECT_EQ(NiceStep(absl::Seconds(11)), absl::Seconds(20));
  EXPECT_EQ(NiceStep(absl::Seconds(1500)), absl::Seconds(2000));
}

TEST(TimeAxis, LabelsHaveTheDecimalsTheStepNeeds) {
  EXPECT_EQ(SecondsLabel(S(10), S(5)), "10");
  EXPECT_EQ(SecondsLabel(S(2.5), absl::Milliseconds(500)), "2.5");
  EXPECT_EQ(SecondsLabel(S(0), absl::Milliseconds(20)), "0.00");
  EXPECT_EQ(SecondsLabel(S(29), absl::Milliseconds(1)), "29.000");
  EXPECT_EQ(SecondsLabel(absl::Nanoseconds(1500), absl::Nanoseconds(500)),
            "0.0000015");
}

TEST(WrapWords, FillsLinesWithWholeWords) {
  EXPECT_EQ(WrapWords("t=4.000: Producer 0, Consumer 0 woke together", 20, "  ",
                      "    "),
            "  t=4.000: Producer\n    0, Consumer 0\n    woke together\n");
  EXPECT_EQ(WrapWords("averyveryverylongword x", 5, "", ""),
            "averyveryverylongword\nx\n");
  EXPECT_EQ(WrapWords("", 10, "> ", ""), "> \n");
}

}  // namespace
}  // namespace asyncsim::cli
