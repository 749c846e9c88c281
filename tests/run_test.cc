#include "engine/run.h"

#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/gather.h"
#include "engine/queue.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

TEST(Run, ReturnsTheValueOfMain) {
  auto main = []() -> Task<int> { co_return 7; };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 7);
}

TEST(Run, ADeadlockNamesEveryBlockedTaskWhatItWaitsOnAndSinceWhen) {
  auto waiter = [](Event& e) -> Task<void> { co_await e.Wait(); };
  auto main = [&]() -> Task<void> {
    Event never;
    TaskHandle<void> t = CreateTask(waiter(never), "Consumer 3");
    co_await Sleep(absl::Seconds(4));
    co_await t;
  };
  absl::Status status = asyncsim::Run(main());
  ASSERT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("deadlock at 4.000 s"));
  EXPECT_THAT(status.message(),
              HasSubstr("Task-1: waits on Task 'Consumer 3' since 4.000 s"));
  EXPECT_THAT(status.message(),
              HasSubstr("Consumer 3: waits on Event.wait since 0.000 s"));
}

// A getter woken at 2 s whose item was taken before it ran waits again
// without running any code: it has waited since 1 s all along. A gather
// reports when its waiter began too.
TEST(Run, ADeadlockReportsWhenEachWaitBeganThroughWakesThatFoundNothing) {
  Queue<int> queue;
  auto getter = [&]() -> Task<void> { (void)co_await queue.Get(); };
  auto main = [&]() -> Task<void> {
    co_await Sleep(1);
    TaskHandle<void> t = CreateTask(getter(), "Getter");
    co_await Sleep(1);
    queue.PutNowait(1);
    (void)queue.GetNowait();
    co_await Sleep(1);
    co_await Gather(t);
  };
  absl::Status status = asyncsim::Run(main());
  ASSERT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("deadlock at 3.000 s"));
  EXPECT_THAT(status.message(),
              HasSubstr("Getter: waits on Queue.get since 1.000 s"));
  EXPECT_THAT(status.message(),
              HasSubstr("Task-1: waits on gather (1 of 1 children pending) "
                        "since 3.000 s"));
}

TEST(Run, AnEndlessYieldLoopStopsAtTheStepLimit) {
  auto main = []() -> Task<void> {
    while (true) co_await Sleep(absl::ZeroDuration());
  };
  absl::Status status = asyncsim::Run(main(), {.max_steps = 1000});
  EXPECT_TRUE(IsStepLimitExceeded(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("step limit"));
}

TEST(Run, AnEndlessSleeperStopsAtTheHorizonWithoutPassingIt) {
  VirtualClock clock;
  Lifetimes lifetimes;
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    while (true) co_await Sleep(absl::Seconds(3));
  };
  absl::Status status =
      asyncsim::Run(main(), {.clock = &clock, .horizon = absl::Seconds(100)});
  EXPECT_TRUE(IsHorizonExceeded(status)) << status;
  EXPECT_EQ(clock.Now() - absl::UnixEpoch(), absl::Seconds(99));
  EXPECT_EQ(lifetimes.live(), 0);
}

// A thousand years is a double like any other: CPython steps its clock 24 h
// an iteration and lands on the deadline; so does the engine, at once.
// There `now + 1e-9 == now`, so the clock lands one double past it, as the
// oracle's does (python3 tools/oracle/run.py prints 31536000000.000004).
TEST(Run, AnAbsurdlyLongSleepEndsOnItsDeadline) {
  VirtualClock clock;
  auto main = []() -> Task<void> {
    co_await Sleep(absl::Hours(24 * 365 * 1000));
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.clock = &clock}).ok());
  EXPECT_EQ(clock.Time(), 31536000000.000004);
}

TEST(Run, AnInfiniteSleepEndsTheRunAtTheHorizonEvenWithoutOne) {
  auto main = []() -> Task<void> {
    co_await Sleep(std::numeric_limits<double>::infinity());
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsHorizonExceeded(status)) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("the next timer is at infinity"));
}

TEST(Run, CannotBeCalledFromARunningLoop) {
  auto inner = []() -> Task<void> { co_return; };
  auto main = [&]() -> Task<void> {
    EXPECT_THROW((void)asyncsim::Run(inner()), RuntimeError);
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Run, LeftoverTasksAreCancelledAtTheEndWithoutMovingTheClock) {
  VirtualClock clock;
  Trace trace;
  auto leftover = [&](std::string name) -> Task<void> {
    try {
      co_await Sleep(absl::Seconds(100));
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled at shutdown");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(leftover("a"));
    (void)CreateTask(leftover("b"));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main returns");
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.clock = &clock}).ok());
  EXPECT_THAT(trace.lines(),
              ::testing::ElementsAre("1.000 main returns",
                                     "1.000 a cancelled at shutdown",
                                     "1.000 b cancelled at shutdown"));
  EXPECT_EQ(clock.Now() - absl::UnixEpoch(), absl::Seconds(1));
}

// tests/cpython/run_cancels_leftovers.py, except its last task, which the
// program creates from a plain loop callback (not part of the engine's
// API); that task never runs in CPython either.
TEST(Run, LeftoverTasksRunTheirHandlersAndCleanupMayStillSleep) {
  Trace trace;
  auto leftover = [&](std::string name, int d) -> Task<void> {
    trace.Log(name, "starts");
    Finally finally(trace, name);
    try {
      co_await Sleep(absl::Seconds(d));
      trace.Log(name, "woke");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled at shutdown");
      throw;
    }
  };
  auto cleaner = [&](std::string name) -> Task<std::string> {
    bool cancelled = false;
    try {
      co_await Sleep(absl::Seconds(100));
    } catch (const CancelledError&) {
      cancelled = true;
    }
    if (cancelled) {
      trace.Log(name, "caught it, cleaning up");
      co_await Sleep(absl::ZeroDuration());
      trace.Log(name, "still cleaning");
      co_await Sleep(absl::Seconds(2));
      trace.Log(name, "clean");
      co_return "cleaned";
    }
    co_return "";
  };
  auto main = [&]() -> Task<void> {
    int i = 0;
    for (int d : {50, 10, 30}) {
      (void)CreateTask(leftover(absl::StrCat("L", i++), d));
    }
    (void)CreateTask(cleaner("K"));
    (void)CreateTask(leftover("L3", 20));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main returns");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  std::string golden = CpythonGolden("run_cancels_leftovers");
  EXPECT_EQ(trace.Text() + "after asyncio.run\n", golden);
}

// tests/cpython/run_main_raises.py
TEST(Run, MainsExceptionPropagatesAfterTheLeftoversAreCancelled) {
  Trace trace;
  std::ostringstream log;
  class KeyError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
  };
  auto leftover = [&](std::string name, int d, bool bad) -> Task<void> {
    Finally finally(trace, name);
    try {
      co_await Sleep(absl::Seconds(d));
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled at shutdown");
      if (bad) throw KeyError(name);
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(leftover("A", 10, false));
    (void)CreateTask(leftover("B", 10, true));
    (void)CreateTask(leftover("C", 10, false));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main raises");
    throw std::runtime_error("main failed");
  };
  try {
    (void)asyncsim::Run(main(), {.log = &log});
    ADD_FAILURE() << "Run did not raise";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "main failed");
  }
  EXPECT_EQ(trace.Text() + "asyncio.run returned by raising\n",
            CpythonGolden("run_main_raises"));
  EXPECT_THAT(log.str(),
              HasSubstr("unhandled exception during asyncio.run() shutdown"));
  EXPECT_THAT(log.str(), HasSubstr("name='Task-3'"));
}

// tests/cpython/exception_never_retrieved.py (CPython logs when the task
// is garbage-collected; the engine logs at the end of the run).
TEST(Run, OnlyTheExceptionNobodyRetrievedIsLogged) {
  Trace trace;
  std::ostringstream log;
  auto fails = [&](std::string name) -> Task<void> {
    co_await Sleep(absl::Seconds(1));
    throw ValueError(name);
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(fails("retrieved"));
    TaskHandle<void> u = CreateTask(fails("ignored"));
    co_await Sleep(absl::Seconds(2));
    try {
      std::rethrow_exception(t.Exception());
    } catch (const ValueError& e) {
      trace.Log("retrieved:", absl::StrCat("ValueError('", e.what(), "')"));
    }
    trace.Log("dropping both tasks");
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(CpythonGolden("exception_never_retrieved"),
              ::testing::StartsWith(trace.Text()));
  EXPECT_EQ(log.str(),
            "Task exception was never retrieved\n"
            "future: <Task finished name='Task-3' exception=ValueError: "
            "ignored>\n");
}

// tests/cpython/deadlock_event.py
TEST(Run, ADeadlockIsDetectedOnceTheLastTimerHasFired) {
  Trace trace;
  auto waiter = [&](Event& ev, std::string name) -> Task<void> {
    trace.Log(name, "waits forever");
    co_await ev.Wait();
    trace.Log(name, "never printed");
  };
  auto ticker = [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      co_await Sleep(absl::Seconds(1));
      trace.Log("tick", i);
    }
  };
  auto main = [&]() -> Task<void> {
    Event ev;
    co_await Gather(waiter(ev, "A"), waiter(ev, "B"), ticker());
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(trace.Text(), CpythonGolden("deadlock_event"));
  EXPECT_THAT(status.message(), HasSubstr("Task-2: waits on Event.wait"));
  EXPECT_THAT(status.message(), HasSubstr("Task-1: waits on gather"));
}

}  // namespace
}  // namespace asyncsim::engine_test
