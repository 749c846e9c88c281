#include "engine/task.h"

#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/ticker.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

Task<int> Add(int a, int b) { co_return a + b; }

Task<int> Nested(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await Nested(depth - 1);
}

TEST(Task, AwaitingACoroutineRunsItInlineAndReturnsItsValue) {
  auto main = []() -> Task<int> { co_return co_await Add(2, 3); };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 5);
}

TEST(Task, DeepChainsOfInlineAwaitsUseNoStack) {
  absl::StatusOr<int> result = asyncsim::Run(Nested(100000));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 100000);
}

Task<void> Tag(Trace& trace, std::string name) {
  trace.Print(name);
  co_return;
}

Task<int> SumOfOnes(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await Add(0, 1);
  co_return sum;
}

TEST(Task, ALongLoopOfAwaitsThatFinishAtOnceUsesNoStack) {
  absl::StatusOr<int> result = asyncsim::Run(SumOfOnes(3000000));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 3000000);
}

TEST(Task, InlineAwaitTakesNoHopWhileCreateTaskWaitsForTheNextIteration) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    TaskHandle<void> scheduled = CreateTask(Tag(trace, "created task runs"));
    co_await Tag(trace, "awaited coroutine runs");
    trace.Print("main continues");
    co_await Sleep(absl::ZeroDuration());
    trace.Print("main after sleep(0)");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(
      trace.lines(),
      ElementsAre("0.000 awaited coroutine runs", "0.000 main continues",
                  "0.000 created task runs", "0.000 main after sleep(0)"));
}

TEST(Task, AwaitingATaskHandleReturnsItsResultOneHopAfterItFinishes) {
  Trace trace;
  auto main = [&]() -> Task<int> {
    TaskHandle<void> tick = CreateTask(Ticker(trace, 4));
    TaskHandle<int> sum = CreateTask(Add(20, 22));
    int value = co_await sum;
    trace.Print("main got " + std::to_string(value));
    co_await tick;
    co_return value;
  };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 42);
  // Iteration 1: tick 0, Add finishes. 2: its done-callback wakes main,
  // tick 1 runs first (it was scheduled first).
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 tick 0", "0.000 tick 1", "0.000 main got 42",
                          "0.000 tick 2", "0.000 tick 3"));
}

Task<int> Fail(std::string message) {
  co_await Sleep(absl::Seconds(1));
  throw std::runtime_error(message);
}

TEST(Task, AnExceptionIsStoredAndRethrownToTheAwaiter) {
  auto main = []() -> Task<std::string> {
    std::string seen;
    try {
      co_await Fail("inline");
    } catch (const std::runtime_error& e) {
      seen = e.what();
    }
    TaskHandle<int> task = CreateTask(Fail("in a task"));
    try {
      co_await task;
    } catch (const std::runtime_error& e) {
      seen += std::string("/") + e.what();
    }
    co_return seen;
  };
  absl::StatusOr<std::string> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, "inline/in a task");
}

TEST(Task, AnExceptionEscapingMainIsRethrownFromRun) {
  auto main = []() -> Task<int> { co_return co_await Fail("boom"); };
  EXPECT_THROW(
      {
        try {
          (void)asyncsim::Run(main());
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "boom");
          throw;
        }
      },
      std::runtime_error);
}

TEST(Task, AnExceptionNobodyRetrievesIsLoggedAtTheEndOfTheRun) {
  std::ostringstream log;
  auto main = []() -> Task<void> {
    TaskHandle<int> task = CreateTask(Fail("lost"), "loser");
    co_await Sleep(absl::Seconds(2));
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(log.str(), HasSubstr("Task exception was never retrieved"));
  EXPECT_THAT(log.str(), HasSubstr("name='loser'"));
  EXPECT_THAT(log.str(), HasSubstr("lost"));
}

TEST(Task, AnExceptionThatWasAwaitedIsNotLogged) {
  std::ostringstream log;
  auto main = []() -> Task<void> {
    TaskHandle<int> task = CreateTask(Fail("seen"));
    EXPECT_THROW(co_await task, std::runtime_error);
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_EQ(log.str(), "");
}

TEST(Task, CancelThrowsCancelledErrorAtTheAwaitPointAndRunsDestructors) {
  Trace trace;
  Lifetimes lifetimes;
  auto sleeper = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await Sleep(absl::Seconds(10));
      trace.Print("sleeper woke");
    } catch (const CancelledError&) {
      trace.Print("sleeper cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(sleeper());
    co_await Sleep(absl::Seconds(1));
    EXPECT_TRUE(task.Cancel());
    EXPECT_EQ(lifetimes.live(), 1);
    EXPECT_THROW(co_await task, CancelledError);
    EXPECT_TRUE(task.Cancelled());
    EXPECT_FALSE(task.Cancel());
    trace.Print("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 sleeper cancelled", "1.000 main done"));
  EXPECT_EQ(lifetimes.created(), 1);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Task, ACancelledTaskMayCatchTheErrorAndCarryOn) {
  Trace trace;
  auto stubborn = [&]() -> Task<int> {
    try {
      co_await Sleep(absl::Seconds(10));
    } catch (const CancelledError&) {
      trace.Print("caught");
    }
    co_await Sleep(absl::Seconds(1));
    trace.Print("carried on");
    co_return 7;
  };
  auto main = [&]() -> Task<int> {
    TaskHandle<int> task = CreateTask(stubborn());
    co_await Sleep(absl::Seconds(1));
    task.Cancel();
    co_return co_await task;
  };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 7);
  EXPECT_THAT(trace.lines(), ElementsAre("1.000 caught", "2.000 carried on"));
}

TEST(Task, ATaskCancelledBeforeItsFirstStepRunsNoCode) {
  Trace trace;
  Lifetimes lifetimes;
  auto never = [&](Lifetimes::Token) -> Task<void> {
    trace.Print("should not run");
    co_return;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(never(lifetimes.Make()));
    task.Cancel();
    EXPECT_THROW(co_await task, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_TRUE(trace.lines().empty());
  EXPECT_EQ(lifetimes.live(), 0);
}

// A task left pending when the run ends (here a deadlock) has its frames
// destroyed from the root down, whatever inline-await depth it is
// suspended at and whatever its coroutines return: the task keeps only the
// innermost frame and finds the root through the promises.
TEST(Task, APendingTasksWholeChainOfFramesIsDestroyedAtTeardown) {
  struct alignas(16) Wide {
    long double value;
  };
  Lifetimes lifetimes;
  Event never;
  auto leaf = [&](Lifetimes::Token) -> Task<Wide> {
    co_await never.Wait();
    co_return Wide{1};
  };
  auto middle = [&](Lifetimes::Token) -> Task<std::string> {
    Wide w = co_await leaf(lifetimes.Make());
    co_return std::to_string(static_cast<double>(w.value));
  };
  auto top = [&](Lifetimes::Token, int depth) -> Task<int> {
    if (depth > 0) co_await middle(lifetimes.Make());
    co_await never.Wait();
    co_return depth;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> shallow = CreateTask(top(lifetimes.Make(), 0));
    TaskHandle<int> deep = CreateTask(top(lifetimes.Make(), 1));
    co_await never.Wait();
  };
  EXPECT_FALSE(asyncsim::Run(main()).ok());
  EXPECT_EQ(lifetimes.created(), 4);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Task, CancellingATaskThatAwaitsAnotherTaskCancelsTheInnerOneToo) {
  Trace trace;
  auto inner = [&]() -> Task<void> {
    try {
      co_await Sleep(absl::Seconds(5));
    } catch (const CancelledError&) {
      trace.Print("inner cancelled");
      throw;
    }
  };
  auto outer = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(inner());
    try {
      co_await task;
    } catch (const CancelledError&) {
      trace.Print("outer cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(outer());
    co_await Sleep(absl::Seconds(1));
    task.Cancel();
    EXPECT_THROW(co_await task, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 inner cancelled", "1.000 outer cancelled"));
}

TEST(Task, ResultOfAPendingTaskIsAnInvalidStateError) {
  auto main = []() -> Task<void> {
    TaskHandle<int> task = CreateTask(Add(1, 2));
    EXPECT_THROW(task.Result(), InvalidStateError);
    EXPECT_EQ(co_await task, 3);
    EXPECT_EQ(task.Result(), 3);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Task, CreateTaskOutsideARunningLoopIsARuntimeError) {
  EXPECT_THROW((void)CreateTask(Add(1, 2)), RuntimeError);
}

TEST(Task, TasksAreNamedLikeAsyncioUnlessNamed) {
  auto main = []() -> Task<void> {
    TaskHandle<int> a = CreateTask(Add(1, 2));
    TaskHandle<int> b = CreateTask(Add(1, 2), "Producer 0");
    EXPECT_EQ(a.Name(), "Task-2");
    EXPECT_EQ(b.Name(), "Producer 0");
    co_await a;
    co_await b;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Task, EveryFrameIsDestroyedAfterARunThatLeavesTasksBehind) {
  Lifetimes lifetimes;
  auto forever = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    while (true) co_await Sleep(absl::Seconds(1));
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    for (int i = 0; i < 5; ++i) (void)CreateTask(forever());
    co_await Sleep(absl::Seconds(3));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(lifetimes.created(), 6);
  EXPECT_EQ(lifetimes.live(), 0);
}

std::string Args(const CancelledError& e) {
  return e.message().empty() ? "()" : "('" + e.message() + "',)";
}
// tests/cpython/hops_await_task.py
TEST(Task, AwaitingATaskCostsHopsAndAwaitingAFinishedOneDoesNot) {
  Trace trace;
  auto quick = [&](std::string name) -> Task<std::string> {
    trace.Log(name, "runs");
    co_return name;
  };
  auto one_yield = [&](std::string name) -> Task<std::string> {
    trace.Log(name, "before yield");
    co_await Sleep(absl::ZeroDuration());
    trace.Log(name, "after yield");
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, 12));
    trace.Log("main: await quick() inline");
    trace.Log("main got", co_await quick("inline"));
    TaskHandle<std::string> t = CreateTask(quick("task"));
    trace.Log("main: await task");
    trace.Log("main got", co_await t);
    trace.Log("main: await finished task");
    trace.Log("main got", co_await t);
    t = CreateTask(one_yield("yielder"));
    trace.Log("main: await yielder task");
    trace.Log("main got", co_await t);
    trace.Log("main: await one_yield() inline");
    trace.Log("main got", co_await one_yield("inline yielder"));
    co_await Sleep(absl::Milliseconds(1));
    trace.Log("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("hops_await_task"));
}

// tests/cpython/task_chain_hops.py
TEST(Task, EachLevelOfTasksAddsHopsWhileInlineLevelsAddNone) {
  Trace trace;
  auto leaf = [&]() -> Task<int> {
    co_await Sleep(absl::Seconds(1));
    trace.Log("leaf done");
    co_return 0;
  };
  std::function<Task<int>(int)> via_tasks = [&](int depth) -> Task<int> {
    if (depth == 0) co_return co_await leaf();
    int r = co_await CreateTask(via_tasks(depth - 1));
    trace.Log("task level", depth, "resumes");
    co_return r + 1;
  };
  std::function<Task<int>(int)> via_coros = [&](int depth) -> Task<int> {
    if (depth == 0) co_return co_await leaf();
    int r = co_await via_coros(depth - 1);
    trace.Log("coro level", depth, "resumes");
    co_return r + 1;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, absl::Seconds(1), 10));
    trace.Log("tasks ->", co_await via_tasks(3));
    (void)CreateTask(Ticker(trace, absl::Seconds(1), 4));
    trace.Log("coros ->", co_await via_coros(3));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("task_chain_hops"));
}

// tests/cpython/create_task_vs_await.py
TEST(Task, CreatedTasksStartInCreationOrderAfterTheCreatorYields) {
  Trace trace;
  auto job = [&](std::string name) -> Task<std::string> {
    trace.Log(name, "first step");
    co_await Sleep(absl::ZeroDuration());
    trace.Log(name, "second step");
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    trace.Log("main creates T1");
    TaskHandle<std::string> t1 = CreateTask(job("T1"));
    trace.Log("main awaits inline I1");
    co_await job("I1");
    trace.Log("main creates T2, T3 and ensure_future E");
    TaskHandle<std::string> t2 = CreateTask(job("T2"));
    TaskHandle<std::string> t3 = CreateTask(job("T3"));
    TaskHandle<std::string> e = CreateTask(job("E"));  // ensure_future
    trace.Log("main awaits inline I2");
    co_await job("I2");
    trace.Log("main awaits T3");
    co_await t3;
    trace.Log("main awaits T1, T2, E");
    std::string r1 = co_await t1;
    std::string r2 = co_await t2;
    std::string re = co_await e;
    trace.Log("->", r1, r2, re);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("create_task_vs_await"));
}

// tests/cpython/cancel_sleep.py
TEST(Task, CancellingASleeperRunsItsHandlersOneHopLaterWithTheMessage) {
  Trace trace;
  auto sleeper = [&](std::string name, int d) -> Task<void> {
    trace.Log(name, "sleeps", d);
    Finally finally(trace, name);
    try {
      co_await Sleep(absl::Seconds(d));
      trace.Log(name, "woke");
    } catch (const CancelledError& e) {
      trace.Log(name, "cancelled", Args(e));
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(sleeper("A", 10));
    TaskHandle<void> b = CreateTask(sleeper("B", 20));
    TaskHandle<void> c = CreateTask(sleeper("C", 2));
    co_await Sleep(absl::Seconds(1));
    trace.Log("cancel A:", Py(a.Cancel()));
    trace.Log("cancel B with a message:", Py(b.Cancel("stop B")));
    trace.Log("A cancelling:", a.Cancelling(), "done:", Py(a.Done()));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("A done:", Py(a.Done()), "cancelled:", Py(a.Cancelled()));
    try {
      co_await b;
    } catch (const CancelledError& e) {
      trace.Log("main: awaiting B raised CancelledError", Args(e));
    }
    co_await c;
    trace.Log("cancel finished C:", Py(c.Cancel()));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("cancel_sleep"));
}

// tests/cpython/cancel_not_started_twice.py
TEST(Task, CancellingTwiceCountsTwoRequestsButThrowsOnce) {
  Trace trace;
  auto job = [&](std::string name) -> Task<void> {
    TaskHandle<void> me = co_await CurrentTask();
    trace.Log(name, "started");
    Finally finally(trace, name);
    try {
      co_await Sleep(absl::Seconds(5));
    } catch (const CancelledError&) {
      trace.Log(name, "caught CancelledError, cancelling() =", me.Cancelling());
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(job("never"));
    trace.Log("cancel before start:", Py(t.Cancel()));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("done:", Py(t.Done()), "cancelled:", Py(t.Cancelled()));
    t = CreateTask(job("twice"));
    co_await Sleep(absl::Seconds(1));
    // C++ leaves argument order unspecified: call cancel() first.
    bool cancelled = t.Cancel();
    trace.Log("first cancel:", Py(cancelled), "cancelling:", t.Cancelling());
    cancelled = t.Cancel();
    trace.Log("second cancel:", Py(cancelled), "cancelling:", t.Cancelling());
    co_await Sleep(absl::ZeroDuration());
    trace.Log("done:", Py(t.Done()), "cancelled:", Py(t.Cancelled()));
    trace.Log("third cancel after done:", Py(t.Cancel()));
    t = CreateTask(job("uncancelled"));
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    int remaining = t.Uncancel();
    trace.Log("uncancel ->", remaining, "cancelling:", t.Cancelling());
    co_await Sleep(absl::ZeroDuration());
    trace.Log("still cancelled after uncancel():", Py(t.Cancelled()));
    t = CreateTask(job("not started, twice"));
    bool first = t.Cancel();
    bool second = t.Cancel();
    trace.Log(Py(first), Py(second), t.Cancelling());
    co_await Sleep(absl::ZeroDuration());
    trace.Log("cancelled:", Py(t.Cancelled()));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("cancel_not_started_twice"));
}

TEST(Task, CurrentTaskReportsTheRunningTasksCancellingCount) {
  auto job = [&]() -> Task<int> {
    try {
      co_await Sleep(absl::Seconds(5));
    } catch (const CancelledError&) {
    }
    TaskHandle<void> me = co_await CurrentTask();
    co_return me.Cancelling();
  };
  auto main = [&]() -> Task<int> {
    TaskHandle<int> t = CreateTask(job());
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    t.Cancel();
    co_return co_await t;
  };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 2);
}

// tests/cpython/cancel_caught_continue.py
TEST(Task, ATaskThatCatchesCancellationEndsNotCancelledUnlessCancelledAgain) {
  Trace trace;
  auto stubborn = [&](std::string name, int recover) -> Task<std::string> {
    try {
      co_await Sleep(absl::Seconds(10));
    } catch (const CancelledError&) {
      trace.Log(name, "caught CancelledError, recovering for", recover);
    }
    try {
      co_await Sleep(absl::Seconds(recover));
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled during recovery");
      throw;
    }
    trace.Log(name, "returns");
    co_return name + " finished";
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<std::string> a = CreateTask(stubborn("A", 1));
    TaskHandle<std::string> b = CreateTask(stubborn("B", 3));
    co_await Sleep(absl::Seconds(1));
    a.Cancel();
    b.Cancel();
    std::string result = co_await a;
    trace.Log("A result:", result, "cancelled:", Py(a.Cancelled()));
    trace.Log("B cancelling:", b.Cancelling());
    b.Cancel();
    try {
      co_await b;
    } catch (const CancelledError&) {
      trace.Log("B cancelled:", Py(b.Cancelled()));
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("cancel_caught_continue"));
}

}  // namespace
}  // namespace asyncsim::engine_test
