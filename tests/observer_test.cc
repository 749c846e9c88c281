#include "engine/observer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/queue.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim {
namespace {

using ::testing::ElementsAre;

// Records every callback as "<seconds> <task> <event>"; a queue's item as
// "<seconds> <running task> put item <k>" (or "get"), the running task
// being the one last resumed and not since suspended or done.
class Recorder : public Observer {
 public:
  void OnTaskCreated(absl::Time t, const TaskInfo& task) override {
    Add(t, task, "created");
  }
  void OnTaskResumed(absl::Time t, const TaskInfo& task) override {
    running_ = task.Name();
    Add(t, task, "resumed");
  }
  void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
                       std::string_view what) override {
    running_ = "none";
    Add(t, task, "waits on " + std::string(what));
  }
  void OnTaskDone(absl::Time t, const TaskInfo& task,
                  TaskOutcome outcome) override {
    running_ = "none";
    Add(t, task, std::string(TaskOutcomeName(outcome)));
  }
  void OnQueueItem(absl::Time t, const void* queue, uint64_t item,
                   QueueOp op) override {
    events.push_back(absl::StrFormat(
        "%.0f %s %s item %d", absl::ToDoubleSeconds(t - absl::UnixEpoch()),
        running_, QueueOpName(op), item));
  }
  void OnTimerFired(absl::Time t, const TaskInfo& task) override {
    Add(t, task, "timer fired");
  }
  std::vector<std::string> events;

 private:
  std::string running_ = "none";
  void Add(absl::Time t, const TaskInfo& task, std::string_view event) {
    events.push_back(absl::StrFormat(
        "%.0f %s %s", absl::ToDoubleSeconds(t - absl::UnixEpoch()), task.Name(),
        event));
  }
};

TEST(Observer, SeesEachTaskCreatedSuspendedResumedAndDone) {
  Recorder recorder;
  auto sleeper = []() -> Task<void> { co_await Sleep(absl::Seconds(2)); };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(sleeper(), "Sleeper");
    co_await t;
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  EXPECT_THAT(
      recorder.events,
      ElementsAre("0 Task-1 created", "0 Task-1 resumed", "0 Sleeper created",
                  "0 Task-1 waits on Task 'Sleeper'", "0 Sleeper resumed",
                  "0 Sleeper waits on sleep(2s)", "2 Sleeper timer fired",
                  "2 Sleeper resumed", "2 Sleeper finished", "2 Task-1 resumed",
                  "2 Task-1 finished",
                  // asyncio.run's shutdown_asyncgens and
                  // shutdown_default_executor tasks.
                  "2 Task-3 created", "2 Task-3 resumed", "2 Task-3 finished",
                  "2 Task-4 created", "2 Task-4 resumed", "2 Task-4 finished"));
}

TEST(Observer, ReportsQueueWaitsFailuresAndCancellations) {
  Recorder recorder;
  auto getter = [](Queue<int>& q) -> Task<void> { co_await q.Get(); };
  auto failer = []() -> Task<void> {
    co_await Sleep(absl::ZeroDuration());
    throw ValueError("no");
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    TaskHandle<void> g = CreateTask(getter(q), "Getter");
    TaskHandle<void> f = CreateTask(failer(), "Failer");
    co_await Sleep(absl::Seconds(1));
    g.Cancel();
    co_await GatherSettled(g, f);
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  std::vector<std::string> mine;
  for (const std::string& e : recorder.events) {
    if (e.find("Getter") != std::string::npos ||
        e.find("Failer") != std::string::npos) {
      mine.push_back(e);
    }
  }
  EXPECT_THAT(
      mine,
      ElementsAre("0 Getter created", "0 Failer created", "0 Getter resumed",
                  "0 Getter waits on Queue.get", "0 Failer resumed",
                  "0 Failer waits on sleep(0)", "0 Failer resumed",
                  "0 Failer failed", "1 Getter resumed", "1 Getter cancelled"));
}

TEST(Observer, SeesEachQueueItemEnterAndLeaveNumberedInTheOrderPut) {
  Recorder recorder;
  auto getter = [](Queue<int>& q) -> Task<void> {
    co_await q.Get();
    co_await Sleep(absl::Seconds(1));
    co_await q.Get();
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q(/*maxsize=*/1);
    TaskHandle<void> g = CreateTask(getter(q), "G");
    co_await Sleep(absl::Seconds(1));
    q.PutNowait(1);
    // Full until G runs: main waits, and puts when G's get wakes it.
    co_await q.Put(2);
    co_await q.Put(3);
    co_await g;
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  std::vector<std::string> items;
  for (const std::string& e : recorder.events) {
    if (e.find(" item ") != std::string::npos) items.push_back(e);
  }
  EXPECT_THAT(items, ElementsAre("1 Task-1 put item 0", "1 G get item 0",
                                 "1 Task-1 put item 1", "2 G get item 1",
                                 "2 Task-1 put item 2"));
}

// Only the events that name one of `names`.
std::vector<std::string> Only(const std::vector<std::string>& events,
                              std::vector<std::string> names) {
  std::vector<std::string> mine;
  for (const std::string& e : events) {
    for (const std::string& name : names) {
      if (e.find(" " + name + " ") != std::string::npos) {
        mine.push_back(e);
        break;
      }
    }
  }
  return mine;
}

TEST(Observer, TimersDueTogetherFireInOneBatchBeforeAnyOfTheirTasksResumes) {
  Recorder recorder;
  auto sleeper = [](absl::Duration d) -> Task<void> { co_await Sleep(d); };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(sleeper(absl::Seconds(1)), "A");
    TaskHandle<void> b = CreateTask(sleeper(absl::Seconds(2)), "B");
    TaskHandle<void> c = CreateTask(sleeper(absl::Seconds(1)), "C");
    co_await GatherSettled(a, b, c);
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  EXPECT_THAT(Only(recorder.events, {"A", "B", "C"}),
              ElementsAre("0 A created", "0 B created", "0 C created",
                          "0 A resumed", "0 A waits on sleep(1s)",
                          "0 B resumed", "0 B waits on sleep(2s)",
                          "0 C resumed", "0 C waits on sleep(1s)",
                          // Both due at 1: fired together, in the order
                          // they were set, then the tasks run.
                          "1 A timer fired", "1 C timer fired", "1 A resumed",
                          "1 A finished", "1 C resumed", "1 C finished",
                          "2 B timer fired", "2 B resumed", "2 B finished"));
}

TEST(Observer, ATimerSetAtItsOwnDeadlineFiresInALaterBatch) {
  Recorder recorder;
  auto sleeper = []() -> Task<void> {
    co_await Sleep(absl::Seconds(1));
    // Under the clock's resolution: a timer due now, not a bare yield.
    co_await Sleep(5e-10);
  };
  auto main = [&]() -> Task<void> { co_await CreateTask(sleeper(), "A"); };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  EXPECT_THAT(
      Only(recorder.events, {"A"}),
      ElementsAre("0 A created", "0 A resumed", "0 A waits on sleep(1s)",
                  "1 A timer fired", "1 A resumed", "1 A waits on sleep(0.5ns)",
                  "1 A timer fired", "1 A resumed", "1 A finished"));
}

TEST(Observer, ACancelledSleepFiresNoTimer) {
  Recorder recorder;
  auto sleeper = []() -> Task<void> { co_await Sleep(absl::Seconds(5)); };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(sleeper(), "A");
    co_await Sleep(absl::Seconds(1));
    a.Cancel();
    co_await GatherSettled(a);
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.observer = &recorder}).ok());
  EXPECT_THAT(
      Only(recorder.events, {"A"}),
      ElementsAre("0 A created", "0 A resumed", "0 A waits on sleep(5s)",
                  "1 A resumed", "1 A cancelled"));
}

}  // namespace
}  // namespace asyncsim
