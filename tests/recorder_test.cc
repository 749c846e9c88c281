// The Recorder: what it keeps of a run, for the timeline, the trace and the
// tie report.

#include "cli/recorder.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/observer.h"
#include "engine/queue.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/record.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::RecordedRun;
using ::asyncsim::testutil::RecordScenario;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

absl::Duration S(double seconds) { return absl::Seconds(seconds); }

// The virtual time now, for Recorder::OnPrint.
absl::Time Now() { return Loop::Current()->Now(); }

std::vector<std::string> Names(const Recording& recording) {
  std::vector<std::string> names;
  for (const TaskTrack& task : recording.tasks) names.push_back(task.name);
  return names;
}

TEST(Recorder, KeepsEachTasksRunsWaitsAndEnd) {
  Recorder recorder;
  VirtualClock clock;
  auto sleeper = []() -> Task<void> {
    co_await Sleep(absl::Seconds(2));
    co_await Sleep(absl::Seconds(1));
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(sleeper(), "Sleeper");
    co_await t;
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  // asyncio.run's two shutdown tasks are left out.
  ASSERT_THAT(Names(recording), ElementsAre("Task-1", "Sleeper"));
  const TaskTrack& main_task = recording.tasks[0];
  EXPECT_EQ(main_task.id, 1u);
  EXPECT_THAT(main_task.runs, ElementsAre(S(0), S(3)));
  ASSERT_EQ(main_task.waits.size(), 1u);
  EXPECT_EQ(main_task.waits[0].kind, WaitKind::kTask);
  EXPECT_EQ(main_task.waits[0].what, "Task 'Sleeper'");
  EXPECT_EQ(main_task.waits[0].start, S(0));
  EXPECT_EQ(main_task.waits[0].end, S(3));
  EXPECT_THAT(main_task.outcome, Optional(TaskOutcome::kFinished));
  EXPECT_EQ(main_task.end, S(3));

  const TaskTrack& sleeper_task = recording.tasks[1];
  EXPECT_EQ(sleeper_task.created, S(0));
  EXPECT_THAT(sleeper_task.runs, ElementsAre(S(0), S(2), S(3)));
  ASSERT_EQ(sleeper_task.waits.size(), 2u);
  EXPECT_EQ(sleeper_task.waits[0].what, "sleep(2s)");
  EXPECT_EQ(sleeper_task.waits[0].start, S(0));
  EXPECT_EQ(sleeper_task.waits[0].end, S(2));
  EXPECT_EQ(sleeper_task.waits[1].what, "sleep(1s)");
  EXPECT_EQ(sleeper_task.waits[1].start, S(2));
  EXPECT_EQ(sleeper_task.waits[1].end, S(3));
  EXPECT_EQ(recording.end, S(3));
}

TEST(Recorder, LinesBelongToTheTaskThatPrintedThemOrToNone) {
  Recorder recorder;
  VirtualClock clock;
  auto worker = [&]() -> Task<void> {
    recorder.OnPrint(Now(), "worker starts");
    co_await Sleep(absl::Seconds(1));
    recorder.OnPrint(Now(), "worker ends");
  };
  auto main = [&]() -> Task<void> {
    recorder.OnPrint(Now(), "main");
    co_await CreateTask(worker(), "Worker");
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  recorder.OnPrint(clock.Now(), "after the run");
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_EQ(recording.lines.size(), 4u);
  EXPECT_EQ(recording.lines[0].text, "main");
  EXPECT_EQ(recording.lines[0].task, 0);
  EXPECT_EQ(recording.lines[1].text, "worker starts");
  EXPECT_EQ(recording.lines[1].task, 1);
  EXPECT_EQ(recording.lines[2].time, S(1));
  EXPECT_EQ(recording.lines[2].task, 1);
  EXPECT_EQ(recording.lines[3].text, "after the run");
  EXPECT_EQ(recording.lines[3].task, -1);
}

TEST(Recorder, TwoRunsOfOneProgramKeepTheirTasksApart) {
  Recorder recorder;
  VirtualClock clock;
  auto main = [](absl::Duration d) -> Task<void> {
    co_await CreateTask(
        [](absl::Duration d) -> Task<void> { co_await Sleep(d); }(d));
  };
  RunOptions options{.clock = &clock, .observer = &recorder};
  ASSERT_TRUE(asyncsim::Run(main(absl::Seconds(1)), options).ok());
  ASSERT_TRUE(asyncsim::Run(main(absl::Seconds(2)), options).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_THAT(Names(recording),
              ElementsAre("Task-1", "Task-2", "Task-1", "Task-2"));
  EXPECT_EQ(recording.tasks[1].end, S(1));
  EXPECT_EQ(recording.tasks[2].created, S(1));
  EXPECT_EQ(recording.tasks[3].waits[0].end, S(3));
  EXPECT_EQ(recording.end, S(3));
}

TEST(Recorder, TimersFiredTogetherAreATieButAWakeupTheyCauseIsNot) {
  Recorder recorder;
  VirtualClock clock;
  auto putter = [](Queue<int>& q) -> Task<void> {
    co_await Sleep(absl::Seconds(1));
    q.PutNowait(1);
  };
  auto sleeper = []() -> Task<void> { co_await Sleep(absl::Seconds(1)); };
  auto getter = [](Queue<int>& q) -> Task<void> { co_await q.Get(); };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    co_await Gather(Named(putter(q), "Putter"), Named(getter(q), "Getter"),
                    Named(sleeper(), "Sleeper"));
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_EQ(recording.ties.size(), 1u);
  EXPECT_EQ(recording.ties[0].time, S(1));
  std::vector<std::string> tied;
  for (int task : recording.ties[0].tasks) {
    tied.push_back(recording.tasks[task].name);
  }
  // The getter woke at 1 too, because the putter did: not a tie.
  EXPECT_THAT(tied, ElementsAre("Putter", "Sleeper"));
  EXPECT_EQ(recording.tasks[2].name, "Getter");
  EXPECT_EQ(recording.tasks[2].end, S(1));
}

TEST(Recorder, ALoneTimerAndTimersAtDifferentInstantsAreNoTie) {
  Recorder recorder;
  VirtualClock clock;
  auto sleeper = [](absl::Duration d) -> Task<void> { co_await Sleep(d); };
  auto main = [&]() -> Task<void> {
    co_await Gather(sleeper(absl::Seconds(1)), sleeper(absl::Seconds(2)));
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  EXPECT_THAT(recorder.Finish(clock.Now()).ties, IsEmpty());
}

TEST(Recorder, FinishEndsOpenWaitsAndPendingTasksAndIgnoresWhatFollows) {
  Recorder recorder;
  VirtualClock clock;
  auto getter = [](Queue<int>& q) -> Task<void> { co_await q.Get(); };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    co_await CreateTask(getter(q), "Getter");
  };
  // A deadlock at 0: nothing is ready, main is not done.
  ASSERT_TRUE(IsDeadlock(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder})));
  clock.BlockingSleep(absl::Seconds(5));
  const Recording& recording = recorder.Finish(clock.Now());
  recorder.OnPrint(clock.Now(), "too late");
  EXPECT_THAT(recording.lines, IsEmpty());
  ASSERT_THAT(Names(recording), ElementsAre("Task-1", "Getter"));
  for (const TaskTrack& task : recording.tasks) {
    EXPECT_EQ(task.outcome, std::nullopt) << task.name;
    EXPECT_EQ(task.end, S(5)) << task.name;
    ASSERT_EQ(task.waits.size(), 1u) << task.name;
    EXPECT_EQ(task.waits[0].end, S(5)) << task.name;
  }
  EXPECT_EQ(recording.tasks[1].waits[0].kind, WaitKind::kQueueGet);
}

TEST(Recorder, CutDropsWhatHappenedAfterItsTime) {
  Recorder recorder;
  VirtualClock clock;
  auto sleeper = [](absl::Duration d) -> Task<void> { co_await Sleep(d); };
  auto late = []() -> Task<void> { co_await Sleep(absl::Seconds(1)); };
  auto main = [&]() -> Task<void> {
    recorder.OnPrint(Now(), "at 0");
    TaskHandle<void> a = CreateTask(sleeper(absl::Seconds(1)), "A");
    TaskHandle<void> b = CreateTask(sleeper(absl::Seconds(1)), "B");
    TaskHandle<void> c = CreateTask(sleeper(absl::Seconds(4)), "C");
    co_await Sleep(absl::Seconds(3));
    recorder.OnPrint(Now(), "at 3");
    TaskHandle<void> d = CreateTask(late(), "D");  // created at 3
    co_await c;
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  // The replay was interrupted at 2.5 s: what came after is gone.
  const Recording& recording = recorder.Cut(absl::UnixEpoch() + S(2.5));
  EXPECT_EQ(recording.end, S(2.5));
  ASSERT_THAT(Names(recording), ElementsAre("Task-1", "A", "B", "C"));
  ASSERT_EQ(recording.lines.size(), 1u);
  EXPECT_EQ(recording.lines[0].text, "at 0");
  // A and B woke together at 1 and finished: kept, with their tie.
  EXPECT_THAT(recording.tasks[1].outcome, Optional(TaskOutcome::kFinished));
  EXPECT_EQ(recording.tasks[1].end, S(1));
  ASSERT_EQ(recording.ties.size(), 1u);
  EXPECT_EQ(recording.ties[0].time, S(1));
  // C and main were still waiting at 2.5: open until then, no outcome,
  // and nothing of their runs at 3 and 4.
  for (int i : {0, 3}) {
    const TaskTrack& task = recording.tasks[i];
    EXPECT_EQ(task.outcome, std::nullopt) << task.name;
    EXPECT_EQ(task.end, S(2.5)) << task.name;
    EXPECT_THAT(task.runs, ElementsAre(S(0))) << task.name;
    ASSERT_EQ(task.waits.size(), 1u) << task.name;
    EXPECT_EQ(task.waits[0].start, S(0)) << task.name;
    EXPECT_EQ(task.waits[0].end, S(2.5)) << task.name;
  }
  // Later events are ignored.
  recorder.OnPrint(clock.Now(), "too late");
  EXPECT_EQ(recorder.recording().lines.size(), 1u);
}

TEST(Recorder, RecordsChainedsTasksUnderTheNamesThePythonWouldShow) {
  RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(Names(run.recording),
              ElementsAre("Task-1", "chain(1)", "chain(2)", "chain(3)"));
  EXPECT_EQ(run.recording.end, S(11));
  EXPECT_EQ(run.recording.lines.size(), 16u);
  // The last line is printed after asyncio.run returned.
  EXPECT_EQ(run.recording.lines.back().text,
            "Program finished in 11.00 seconds.");
  EXPECT_EQ(run.recording.lines.back().task, -1);
}

TEST(Recorder, CancelledTasksEndCancelledWhereTheyWaited) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_THAT(
      Names(run.recording),
      ElementsAre("Task-1", "Producer 0", "Producer 1", "Consumer 0",
                  "Consumer 1", "Consumer 2", "Consumer 3", "Consumer 4"));
  for (int i = 3; i < 8; ++i) {
    const TaskTrack& consumer = run.recording.tasks[i];
    EXPECT_THAT(consumer.outcome, Optional(TaskOutcome::kCancelled))
        << consumer.name;
    EXPECT_EQ(consumer.end, S(29)) << consumer.name;
    // Consumer 1 had just taken the last item and gone back to sleep.
    EXPECT_EQ(consumer.waits.back().kind,
              i == 4 ? WaitKind::kSleep : WaitKind::kQueueGet)
        << consumer.name;
  }
}

}  // namespace
}  // namespace asyncsim::cli
