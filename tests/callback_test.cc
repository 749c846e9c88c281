#include "engine/callback.h"

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/loop.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

// The ready FIFO and timers themselves (call_soon_and_timers.py) are
// tested in loop_test.cc; these are the done-callbacks with closures.

namespace asyncsim::engine_test {
namespace {

// Expected lines checked against CPython 3.11 on the oracle.
TEST(Callback, DoneCallbacksOnATaskRunOneHopAfterItEndsInRegistrationOrder) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child ends");
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> task = CreateTask(child());
    AddDoneCallback(task, [&] { trace.Print("first"); });
    DoneCallbackHandle removed =
        AddDoneCallback(task, [&] { trace.Print("removed"); });
    AddDoneCallback(task, [&, task] {
      trace.Print("third sees " + std::to_string(task.Result()));
    });
    EXPECT_EQ(removed.Remove(), 1);
    EXPECT_EQ(removed.Remove(), 0);
    co_await task;  // main's wakeup is registered last.
    trace.Print("main resumes");
    AddDoneCallback(task, [&] { trace.Print("added when done"); });
    co_await Sleep(absl::ZeroDuration());
    trace.Print("main after a hop");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 child ends", "0.000 first",
                          "0.000 third sees 1", "0.000 main resumes",
                          "0.000 added when done", "0.000 main after a hop"));
}

TEST(Callback, AThrowingDoneCallbackIsLoggedAndTheLoopCarriesOn) {
  std::ostringstream log;
  Trace trace;
  auto child = []() -> Task<void> { co_return; };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(child());
    AddDoneCallback(task, [] { throw std::runtime_error("bad callback"); });
    AddDoneCallback(task, [&] { trace.Print("next callback runs"); });
    co_await task;
    trace.Print("main carries on");
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(log.str(), HasSubstr("Exception in callback"));
  EXPECT_THAT(log.str(), HasSubstr("bad callback"));
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 next callback runs", "0.000 main carries on"));
}

TEST(Callback, RemovingAfterTheTaskEndedRemovesNothingAndTheCallbackRuns) {
  Trace trace;
  auto child = []() -> Task<void> { co_return; };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(child());
    DoneCallbackHandle cb = AddDoneCallback(task, [&] { trace.Print("ran"); });
    co_await Sleep(absl::ZeroDuration());  // The task ends: cb scheduled.
    EXPECT_EQ(cb.Remove(), 0);
    co_await Sleep(absl::ZeroDuration());
    EXPECT_EQ(cb.Remove(), 0);
    DoneCallbackHandle none;
    EXPECT_EQ(none.Remove(), 0);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 ran"));
}

TEST(Callback, TheFreeFunctionsUseTheRunningLoop) {
  EXPECT_THROW(CallSoon([] {}), RuntimeError);
  EXPECT_THROW(CallLater(absl::Seconds(1), [] {}), RuntimeError);
  EXPECT_THROW(CallAt(absl::UnixEpoch(), [] {}), RuntimeError);
  Trace trace;
  auto main = [&]() -> Task<void> {
    CallLater(absl::Seconds(1), [&] { trace.Print("later"); });
    CallAt(Loop::Current()->Now() + absl::Milliseconds(500),
           [&] { trace.Print("at"); });
    CallSoon([&] { trace.Print("soon"); });
    co_await Sleep(absl::Seconds(2));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 soon", "0.500 at", "1.000 later"));
}

TEST(Callback, RegistrationsOnTasksLeftBehindAreFreedWhenTheLoopGoes) {
  Lifetimes lifetimes;
  auto blocked = [&]() -> Task<void> {
    Event never;
    co_await never.Wait();
  };
  auto main = [&]() -> Task<void> {
    auto token = std::make_shared<Lifetimes::Token>(lifetimes.Make());
    TaskHandle<void> task = CreateTask(blocked());
    // A closure holding the task it is registered on, as Python allows.
    AddDoneCallback(task, [token, task] {});
    co_await task;
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.created(), 1);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
