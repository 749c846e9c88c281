#include "engine/loop.h"

#include <charconv>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// tests/cpython/call_soon_and_timers.py
TEST(Loop, ReadyCallbacksRunInFifoOrderAndDueTimersJoinAfterThem) {
  Trace trace;
  std::function<void(std::string, std::string)> cb = [&](std::string name,
                                                         std::string then) {
    trace.Log(name);
    if (!then.empty()) Loop::Current()->CallSoon([&cb, then] { cb(then, ""); });
  };
  auto main = [&]() -> Task<void> {
    Loop& loop = *Loop::Current();
    loop.CallSoon([&] { cb("soon 1", "soon 1 -> next"); });
    loop.CallSoon([&] { cb("soon 2", "soon 2 -> next"); });
    loop.CallAt(loop.Now() - absl::Seconds(5),
                [&] { cb("call_at in the past", ""); });
    loop.CallLater(absl::ZeroDuration(), [&] { cb("call_later 0", ""); });
    loop.CallSoon([&] { cb("soon 3", ""); });
    trace.Log("main yields");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main resumed");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main resumed again");
    CallbackHandle h1 =
        loop.CallLater(absl::Seconds(2), [&] { cb("cancelled at 2", ""); });
    CallbackHandle h2 =
        loop.CallLater(absl::Seconds(3), [&] { cb("cancelled at 3", ""); });
    loop.CallLater(absl::Seconds(5),
                   [&] { cb("timer at 5", "timer at 5 -> next"); });
    loop.CallLater(absl::Seconds(5), [&] { cb("second timer at 5", ""); });
    h1.Cancel();
    h2.Cancel();
    co_await Sleep(absl::Seconds(5));
    trace.Log("main after sleep(5)");
    loop.CallLater(absl::Seconds(1), [&] { cb("callback timer at 6", ""); });
    co_await Sleep(absl::Seconds(1));
    trace.Log("main after sleep(1)");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("call_soon_and_timers"));
}

// tests/cpython/timer_resolution.py. 0.1 s + 0.2 s is 0.30000000000000004,
// as in CPython, and fires with 0.3 because of the 1e-9 s clock
// resolution. The 1e-12 s sleep is a timer due at once, as in CPython.
TEST(Loop, TimersDueTogetherFireInOneIterationInSchedulingOrder) {
  Trace trace;
  auto cb = [&](std::string name) {
    Loop& loop = *Loop::Current();
    trace.Log("timer", name, PyFloat(loop.Time()));
    loop.CallSoon([&trace, name] { trace.Log("soon after", name); });
  };
  auto spinner = [&](int n) -> Task<void> {
    for (int i = 0; i < n; ++i) {
      trace.Log("spin", i);
      co_await Sleep(absl::ZeroDuration());
    }
  };
  auto tiny = [&]() -> Task<void> {
    trace.Log("tiny sleeps 1e-12");
    co_await Sleep(absl::Nanoseconds(0.25));
    trace.Log("tiny woke");
  };
  auto main = [&]() -> Task<void> {
    Loop& loop = *Loop::Current();
    loop.CallLater(absl::Seconds(0.3) + absl::Nanoseconds(2),
                   [&] { cb("R (0.3 + 2e-9)"); });
    loop.CallLater(absl::Seconds(0.3), [&] { cb("Q (0.3)"); });
    loop.CallLater(absl::Seconds(0.1), [&] {
      Loop::Current()->CallLater(absl::Seconds(0.2),
                                 [&] { cb("P (0.1 + 0.2)"); });
    });
    co_await Gather(spinner(4), tiny());
    co_await Sleep(absl::Seconds(1));
    trace.Log("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("timer_resolution"));
}

// tests/cpython/wakes_around_a_callback.py. When nothing else is ready the
// loop runs a sleep's timer wake as it pops the timer (Loop::PopDueAndWake);
// a call_later callback due among the sleeps must still run between their
// wakes, and what it schedules between their steps.
TEST(Loop, ACallbackDueAmongSleepsRunsBetweenTheirWakesAndSteps) {
  Trace trace;
  std::map<std::string, TaskHandle<void>> tasks;
  auto sleeper = [&](std::string name, absl::Duration delay) -> Task<void> {
    try {
      co_await Sleep(delay);
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled at its sleep");
      throw;
    }
    trace.Log(name, "woke");
  };
  auto main = [&]() -> Task<void> {
    Loop& loop = *Loop::Current();
    TaskHandle<void> a = CreateTask(sleeper("A", absl::Seconds(1)));
    co_await Sleep(absl::ZeroDuration());
    loop.CallLater(absl::Seconds(1), [&] {
      trace.Log("callback");
      Loop::Current()->CallSoon([&] { trace.Log("soon from the callback"); });
      trace.Log("cancel D:", Py(tasks["D"].Cancel()));
    });
    std::vector<TaskHandle<void>> all = {a};
    for (const auto& [name, delay] :
         {std::pair<std::string, absl::Duration>{"B", absl::Seconds(1)},
          {"D", absl::Seconds(1)},
          {"C", absl::Seconds(1) + absl::Nanoseconds(1)},
          {"E", absl::Seconds(2)}}) {
      tasks[name] = CreateTask(sleeper(name, delay));
      all.push_back(tasks[name]);
    }
    co_await Sleep(absl::ZeroDuration());
    std::vector<Outcome<Unit>> results = co_await GatherSettled(std::move(all));
    std::vector<std::string> types;
    for (const Outcome<Unit>& r : results) {
      types.push_back(r.ok()          ? "'NoneType'"
                      : r.cancelled() ? "'CancelledError'"
                                      : "'?'");
    }
    trace.Log("done", absl::StrCat("[", absl::StrJoin(types, ", "), "]"));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("wakes_around_a_callback"));
}

TEST(Loop, AReadyHandleIsOneWordAndKeepsItsTaskAndKind) {
  EXPECT_EQ(sizeof(internal::ReadyHandle), sizeof(void*));
  alignas(8) char storage[8];
  auto* task = reinterpret_cast<internal::TaskBase*>(storage);
  for (auto kind :
       {internal::ReadyHandle::kStep, internal::ReadyHandle::kTimerWake,
        internal::ReadyHandle::kParent}) {
    const internal::ReadyHandle handle(task, kind);
    EXPECT_EQ(handle.kind(), kind);
    EXPECT_EQ(handle.task(), task);
  }
  EXPECT_EQ(internal::ReadyHandle::Other().kind(),
            internal::ReadyHandle::kOther);
}

TEST(Loop, ACallbackThatThrowsIsLoggedAndTheLoopGoesOn) {
  std::ostringstream log;
  auto main = [&]() -> Task<int> {
    Loop::Current()->CallSoon([] { throw std::runtime_error("oops"); });
    co_await Sleep(absl::Seconds(1));
    co_return 1;
  };
  absl::StatusOr<int> result = asyncsim::Run(main(), {.log = &log});
  ASSERT_TRUE(result.ok());
  EXPECT_THAT(log.str(), HasSubstr("Exception in callback"));
  EXPECT_THAT(log.str(), HasSubstr("oops"));
}

TEST(Loop, CallbacksStillScheduledWhenTheLoopEndsAreFreed) {
  int ran = 0;
  auto main = [&]() -> Task<void> {
    Loop::Current()->CallLater(absl::Hours(1), [&] { ++ran; });
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(ran, 0);  // LeakSanitizer checks the callback was freed.
}

// A gather lists the tasks it makes itself (the loop's list does not hold
// them); asyncio.all_tasks() still has them, in creation order among the
// others.
TEST(Loop, PendingTasksHaveAGathersChildrenInCreationOrderAmongTheOthers) {
  auto sleeper = [](int seconds) -> Task<void> { co_await Sleep(seconds); };
  std::vector<std::string> names;
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(sleeper(5), "a");
    TaskHandle<void> gather = CreateTask(
        [&]() -> Task<void> {
          co_await Gather(Named(sleeper(3), "b"), Named(sleeper(4), "c"));
        }(),
        "gather");
    co_await Sleep(1);
    TaskHandle<void> d = CreateTask(sleeper(5), "d");
    co_await Sleep(0);
    for (internal::TaskBase* task : Loop::Current()->PendingTasks()) {
      names.push_back(task->Name());
    }
    co_await Sleep(10);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(names, ElementsAre("Task-1", "a", "gather", "b", "c", "d"));
}

// The loop's task list frees whole chunks of finished tasks and compacts
// the rest; through both, asyncio.all_tasks() keeps creation order.
TEST(Loop, PendingTasksKeepCreationOrderAsThousandsOfTasksComeAndGo) {
  auto child = [](int seconds) -> Task<void> { co_await Sleep(seconds); };
  auto main = [&]() -> Task<void> {
    Loop* loop = Loop::Current();
    auto pending_ids = [loop] {
      std::vector<uint64_t> ids;
      for (internal::TaskBase* task : loop->PendingTasks()) {
        ids.push_back(task->id());
      }
      return ids;
    };
    TaskHandle<void> self = co_await CurrentTask();
    std::vector<uint64_t> expected = {self.core()->id()};
    std::vector<TaskHandle<void>> long_lived;
    std::vector<TaskHandle<void>> kept;  // Done tasks stay listed.
    for (int i = 0; i < 5000; ++i) {
      TaskHandle<void> task = CreateTask(child(i % 97 == 0 ? 1000 : i % 5));
      if (i % 97 == 0) {
        expected.push_back(task.core()->id());
        long_lived.push_back(task);
      } else if (i % 10 == 0) {
        kept.push_back(task);
      }
    }
    EXPECT_EQ(pending_ids().size(), 5001u);
    co_await Sleep(10);
    EXPECT_EQ(pending_ids(), expected);
    kept.clear();
    // A batch whose tasks all finish: their chunks are freed whole.
    for (int i = 0; i < 1000; ++i) (void)CreateTask(child(1));
    TaskHandle<void> late = CreateTask(child(1000));
    co_await Sleep(10);
    expected.push_back(late.core()->id());
    EXPECT_EQ(pending_ids(), expected);
    for (TaskHandle<void>& task : long_lived) task.Cancel();
    late.Cancel();
    co_await Sleep(0);
    EXPECT_EQ(pending_ids(), std::vector<uint64_t>{self.core()->id()});
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Loop, TwoLoopsOnTwoThreadsDoNotInterfere) {
  auto work = [](int n) -> Task<int> {
    int sum = 0;
    for (int i = 0; i < n; ++i) {
      co_await Sleep(absl::Seconds(1));
      sum += i;
    }
    co_return sum;
  };
  absl::StatusOr<int> a, b;
  std::thread ta([&] { a = asyncsim::Run(work(1000)); });
  std::thread tb([&] { b = asyncsim::Run(work(2000)); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, 999 * 1000 / 2);
  EXPECT_EQ(*b, 1999 * 2000 / 2);
}

}  // namespace
}  // namespace asyncsim::engine_test
