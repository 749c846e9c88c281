#include "engine/wait_for.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/future.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/ticker.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// tests/cpython/wait_for_timeout.py, all of it.
TEST(WaitFor, TimeoutsCancelTheInnerAndWaitForItBeforeThrowing) {
  Trace trace;
  auto inner = [&](std::string name, int d,
                   bool stubborn) -> Task<std::string> {
    trace.Log(name, "starts, sleeps", d);
    {
      absl::Cleanup finally = [&] { trace.Log(name, "finally"); };
      try {
        co_await Sleep(absl::Seconds(d));
      } catch (const CancelledError&) {
        trace.Log(name, "cancelled");
        if (!stubborn) throw;
        trace.Log(name, "ignores it and returns");
        co_return name + " (stubborn)";
      }
    }
    trace.Log(name, "returns");
    co_return name;
  };
  auto attempt = [&](std::string name, int d, std::optional<double> timeout,
                     bool stubborn = false) -> Task<void> {
    try {
      std::string r = co_await WaitFor(inner(name, d, stubborn), timeout);
      trace.Log("wait_for ->", r);
    } catch (const TimeoutError&) {
      trace.Log("wait_for", name, "timed out");
    }
  };
  auto main = [&]() -> Task<void> {
    co_await attempt("slow", 5, 2);
    co_await attempt("fast", 1, 2);
    co_await attempt("tie", 2, 2);
    co_await attempt("zero", 1, 0);
    co_await attempt("stubborn", 5, 1, /*stubborn=*/true);
    TaskHandle<std::string> t = CreateTask(inner("task", 0, false));
    co_await Sleep(absl::ZeroDuration());
    co_await attempt("none", 1, std::nullopt);
    trace.Log("already done task:", co_await WaitFor(t, absl::ZeroDuration()));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("wait_for_timeout"));
}

TEST(WaitFor, TheResultArrivesTwoHopsAfterTheInnerEnds) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child ends");
    co_return 42;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, 5));
    int r = co_await WaitFor(child(), absl::Seconds(10));
    trace.Log("main got", r);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  // Iteration 1: tick 0, the child ends. 2: tick 1, the child's callback
  // releases the waiter. 3: tick 2, main resumes and ends. 4: tick 3, then
  // asyncio.run stops and cancels the ticker.
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 tick 0", "0.000 child ends", "0.000 tick 1",
                          "0.000 tick 2", "0.000 main got 42", "0.000 tick 3"));
}

TEST(WaitFor, WithoutATimeoutACoroutineRunsInlineWithoutATask) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child runs");
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, 1));
    EXPECT_EQ(co_await WaitFor(child(), std::nullopt), 1);
    EXPECT_EQ(co_await WaitFor(child(), absl::InfiniteDuration()), 1);
    trace.Print("main continues");
    co_await Sleep(absl::ZeroDuration());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 child runs", "0.000 child runs",
                          "0.000 main continues", "0.000 tick 0"));
}

TEST(WaitFor, TheInnersExceptionPropagates) {
  auto failing = []() -> Task<int> {
    co_await Sleep(absl::Seconds(1));
    throw std::runtime_error("inner failed");
  };
  auto main = [&]() -> Task<void> {
    try {
      co_await WaitFor(failing(), absl::Seconds(5));
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "inner failed");
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(WaitFor, CancellingTheWaiterCancelsTheInnerAndWaitsForIt) {
  Trace trace;
  auto inner = [&]() -> Task<void> {
    try {
      co_await Sleep(absl::Seconds(10));
    } catch (const CancelledError&) {
      trace.Print("inner cancelled");
    }
    co_await Sleep(absl::Seconds(1));  // Cleanup that takes time.
    trace.Print("inner cleaned up");
    throw CancelledError();
  };
  auto outer = [&]() -> Task<void> {
    try {
      co_await WaitFor(inner(), absl::Seconds(5));
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
    trace.Print("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 inner cancelled", "2.000 inner cleaned up",
                          "2.000 outer cancelled", "2.000 main done"));
}

TEST(WaitFor, AZeroTimeoutCancelsAPendingTaskBeforeItsFirstStep) {
  Trace trace;
  auto never = [&]() -> Task<int> {
    trace.Print("should not run");
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> task = CreateTask(never());
    EXPECT_THROW(co_await WaitFor(task, absl::Seconds(-1)), TimeoutError);
    EXPECT_TRUE(task.Cancelled());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_TRUE(trace.lines().empty());
}

TEST(WaitFor, AFutureIsCancelledOnTimeout) {
  auto main = []() -> Task<void> {
    Future<int> fut;
    EXPECT_THROW(co_await WaitFor(fut, absl::Seconds(1)), TimeoutError);
    EXPECT_TRUE(fut.Cancelled());
    Future<int> ready;
    CallLater(absl::Seconds(1), [ready]() mutable { ready.SetResult(5); });
    EXPECT_EQ(co_await WaitFor(ready, absl::Seconds(2)), 5);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(WaitFor, AVoidInnerWorksToo) {
  auto quick = []() -> Task<void> { co_await Sleep(absl::Seconds(1)); };
  auto main = [&]() -> Task<void> {
    co_await WaitFor(quick(), absl::Seconds(2));
    EXPECT_THROW(co_await WaitFor(quick(), absl::Milliseconds(500)),
                 TimeoutError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(WaitFor, NoFrameLeaksWhenTheRunDeadlocksInsideAWait) {
  Lifetimes lifetimes;
  auto inner = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    Event never;
    try {
      co_await never.Wait();
    } catch (const CancelledError&) {
    }
    co_await never.Wait();  // Refuses to finish: wait_for waits forever.
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    co_await WaitFor(inner(), absl::Seconds(1));
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("wait_for"));
  EXPECT_EQ(lifetimes.created(), 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
