// The Recorder: what it keeps of a run, for the timeline, the trace and the
// tie report.

#include "cli/recorder.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
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

// "Producer 0 added <d8ca10a338> to queue." -> "d8ca10a338"; "" if the
// line is not of that kind (`marker` is " added <" or " got element <").
std::string ItemOf(const std::string& line, std::string_view marker) {
  const size_t at = line.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  return line.substr(start, line.find('>', start) - start);
}

// Who printed `line`: the text before the marker ("Producer 0").
std::string WhoOf(const std::string& line, std::string_view marker) {
  return line.substr(0, line.find(marker));
}

TEST(Recorder, EachItemAsyncqAddsIsGotOnceByTheConsumerThatPrintsIt) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  const Recording& recording = run.recording;
  // The program prints right after each put and each get, in the same
  // step: the k-th "added" line is the k-th item put, the k-th "got
  // element" line the k-th got.
  std::vector<const PrintedLine*> added;
  std::vector<const PrintedLine*> got;
  for (const PrintedLine& line : recording.lines) {
    if (!ItemOf(line.text, " added <").empty()) added.push_back(&line);
    if (!ItemOf(line.text, " got element <").empty()) got.push_back(&line);
  }
  ASSERT_EQ(added.size(), 4u);
  // main joins the queue: every item is got.
  ASSERT_EQ(recording.flows.size(), added.size());
  ASSERT_EQ(got.size(), added.size());
  std::vector<bool> seen(added.size());
  for (size_t k = 0; k < recording.flows.size(); ++k) {
    const Flow& flow = recording.flows[k];
    EXPECT_EQ(flow.queue, 0);
    ASSERT_LT(flow.item, added.size());
    EXPECT_FALSE(seen[flow.item]) << "item " << flow.item << " got twice";
    seen[flow.item] = true;
    const PrintedLine& put_line = *added[flow.item];
    const PrintedLine& got_line = *got[k];
    // The same item, put by the producer that said so, when it said so,
    // and got by the consumer that said so.
    EXPECT_EQ(ItemOf(put_line.text, " added <"),
              ItemOf(got_line.text, " got element <"))
        << put_line.text << " / " << got_line.text;
    ASSERT_GE(flow.putter, 0);
    ASSERT_GE(flow.getter, 0);
    EXPECT_EQ(recording.tasks[flow.putter].name,
              WhoOf(put_line.text, " added <"));
    EXPECT_EQ(flow.putter, put_line.task);
    EXPECT_EQ(flow.put, put_line.time);
    EXPECT_EQ(recording.tasks[flow.getter].name,
              WhoOf(got_line.text, " got element <"));
    EXPECT_EQ(flow.getter, got_line.task);
    EXPECT_EQ(flow.got, got_line.time);
    EXPECT_LE(flow.put, flow.got);
  }
  // The first item: Producer 0's <d8ca10a338>, got by Consumer 0.
  EXPECT_EQ(added[0]->text, "Producer 0 added <d8ca10a338> to queue.");
  EXPECT_EQ(recording.flows[0].item, 0u);
  EXPECT_EQ(recording.tasks[recording.flows[0].getter].name, "Consumer 0");
}

TEST(Recorder, AnItemPutBeforeAnyGetterIsPairedWithTheLaterGet) {
  Recorder recorder;
  VirtualClock clock;
  auto getter = [](Queue<int>& q) -> Task<void> {
    co_await Sleep(absl::Seconds(1));
    co_await q.Get();
    co_await Sleep(absl::Seconds(1));
    q.GetNowait();
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    q.PutNowait(1);
    co_await q.Put(2);
    co_await CreateTask(getter(q), "Getter");
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_EQ(recording.flows.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    const Flow& flow = recording.flows[k];
    EXPECT_EQ(flow.item, static_cast<uint64_t>(k));
    EXPECT_EQ(flow.putter, 0);  // Task-1
    EXPECT_EQ(flow.put, S(0));
    EXPECT_EQ(flow.getter, 1);  // Getter
    EXPECT_EQ(flow.got, S(1 + k));
  }
}

TEST(Recorder, APutterBlockedOnAFullQueuePutsItsItemWhenItResumes) {
  Recorder recorder;
  VirtualClock clock;
  auto putter = [](Queue<int>& q, int item) -> Task<void> {
    co_await q.Put(item);
  };
  auto getter = [](Queue<int>& q) -> Task<void> {
    for (int k = 0; k < 3; ++k) {
      co_await Sleep(absl::Seconds(1));
      co_await q.Get();
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q(/*maxsize=*/1);
    co_await Gather(Named(putter(q, 1), "P1"), Named(putter(q, 2), "P2"),
                    Named(putter(q, 3), "P3"), Named(getter(q), "G"));
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_THAT(Names(recording), ElementsAre("Task-1", "P1", "P2", "P3", "G"));
  ASSERT_EQ(recording.flows.size(), 3u);
  // P1 put at 0; P2 and P3 waited for room, each putting when the get
  // before freed it and woke them: at 1, then at 2.
  for (int k = 0; k < 3; ++k) {
    const Flow& flow = recording.flows[k];
    EXPECT_EQ(flow.item, static_cast<uint64_t>(k));
    EXPECT_EQ(flow.putter, 1 + k);
    EXPECT_EQ(flow.put, S(k));
    EXPECT_EQ(flow.getter, 4);
    EXPECT_EQ(flow.got, S(k + 1));
  }
}

TEST(Recorder, AGetterWaitingOnAnEmptyQueueGetsTheNextItemPut) {
  Recorder recorder;
  VirtualClock clock;
  auto getter = [](Queue<int>& q) -> Task<void> { co_await q.Get(); };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    TaskHandle<void> a = CreateTask(getter(q), "A");
    TaskHandle<void> b = CreateTask(getter(q), "B");
    co_await Sleep(absl::Seconds(2));
    q.PutNowait(1);
    q.PutNowait(2);
    co_await a;
    co_await b;
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_EQ(recording.flows.size(), 2u);
  // A waited first: it gets item 0, B item 1, both at 2, from main.
  EXPECT_EQ(recording.flows[0].getter, 1);
  EXPECT_EQ(recording.flows[0].item, 0u);
  EXPECT_EQ(recording.flows[1].getter, 2);
  EXPECT_EQ(recording.flows[1].item, 1u);
  for (const Flow& flow : recording.flows) {
    EXPECT_EQ(flow.putter, 0);
    EXPECT_EQ(flow.put, S(2));
    EXPECT_EQ(flow.got, S(2));
  }
}

TEST(Recorder, TwoQueuesAndAQueueAtADestroyedOnesAddressAreApart) {
  Recorder recorder;
  VirtualClock clock;
  auto main = [&]() -> Task<void> {
    Queue<int> a;
    Queue<int> b;
    a.PutNowait(1);
    b.PutNowait(2);
    a.PutNowait(3);
    co_await Sleep(absl::Seconds(1));
    b.GetNowait();
    a.GetNowait();
  };
  RunOptions options{.clock = &clock, .observer = &recorder};
  ASSERT_TRUE(asyncsim::Run(main(), options).ok());
  // The same frame again: likely the same addresses, queues anew. Item 1
  // of the first `a` was never got; the new `a` starts at item 0.
  ASSERT_TRUE(asyncsim::Run(main(), options).ok());
  const Recording& recording = recorder.Finish(clock.Now());
  ASSERT_EQ(recording.flows.size(), 4u);
  std::vector<std::pair<int, uint64_t>> got;
  for (const Flow& flow : recording.flows)
    got.emplace_back(flow.queue, flow.item);
  EXPECT_THAT(got, ElementsAre(std::pair(1, 0u), std::pair(0, 0u),
                               std::pair(3, 0u), std::pair(2, 0u)));
  EXPECT_EQ(recording.flows[0].put, S(0));
  EXPECT_EQ(recording.flows[3].put, S(1));
  EXPECT_EQ(recording.flows[3].got, S(2));
}

TEST(Recorder, CutDropsTheItemsGotAfterItsTime) {
  Recorder recorder;
  VirtualClock clock;
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    q.PutNowait(1);
    q.PutNowait(2);
    co_await Sleep(absl::Seconds(1));
    q.GetNowait();
    co_await Sleep(absl::Seconds(2));
    q.GetNowait();
  };
  ASSERT_TRUE(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder}).ok());
  const Recording& recording = recorder.Cut(absl::UnixEpoch() + S(2));
  ASSERT_EQ(recording.flows.size(), 1u);
  EXPECT_EQ(recording.flows[0].got, S(1));
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
