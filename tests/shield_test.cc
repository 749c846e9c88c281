#include "engine/shield.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/gather.h"
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

// tests/cpython/shield.py, all of it.
TEST(Shield, CancellingTheAwaiterSparesTheInnerAndCancellingTheInnerDoesNot) {
  Trace trace;
  auto work = [&](std::string name, int d) -> Task<std::string> {
    try {
      co_await Sleep(absl::Seconds(d));
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
    trace.Log(name, "finished");
    co_return name;
  };
  auto waiter = [&](TaskHandle<std::string> aw) -> Task<void> {
    try {
      trace.Log("waiter got", co_await Shield(aw));
    } catch (const CancelledError&) {
      trace.Log("waiter cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<std::string> inner = CreateTask(work("inner", 3));
    TaskHandle<void> w = CreateTask(waiter(inner));
    co_await Sleep(absl::Seconds(1));
    w.Cancel();
    co_await GatherSettled(w);
    trace.Log("inner done?", Py(inner.Done()));
    trace.Log("main awaits inner:", co_await inner);

    inner = CreateTask(work("inner2", 3));
    w = CreateTask(waiter(inner));
    co_await Sleep(absl::Seconds(1));
    inner.Cancel();
    auto [res] = co_await GatherSettled(w);
    trace.Log("waiter result:",
              res.cancelled() ? "['CancelledError']" : "[something else]");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("shield"));
}

// Checked against CPython 3.11 on the oracle.
TEST(Shield, TheResultArrivesTwoHopsAfterTheInnerEndsAndADoneInnerTakesNone) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child ends");
    co_return 5;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, 6));
    TaskHandle<int> task = CreateTask(child());
    trace.Log("got", co_await Shield(task));
    trace.Log("again", co_await Shield(task));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 tick 0", "0.000 child ends", "0.000 tick 1",
                          "0.000 tick 2", "0.000 got 5", "0.000 again 5",
                          "0.000 tick 3"));
}

TEST(Shield, TheInnersExceptionReachesTheAwaiter) {
  auto failing = []() -> Task<void> {
    co_await Sleep(absl::Seconds(1));
    throw std::runtime_error("inner failed");
  };
  auto main = [&]() -> Task<void> {
    EXPECT_THROW(co_await Shield(failing()), std::runtime_error);
  };
  std::ostringstream log;
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_EQ(log.str(), "");
}

TEST(Shield, AnInnerFailingAfterTheOuterWasCancelledIsNotLogged) {
  auto failing = []() -> Task<void> {
    co_await Sleep(absl::Seconds(2));
    throw std::runtime_error("nobody waits for this");
  };
  auto waiter = [](TaskHandle<void> inner) -> Task<void> {
    co_await Shield(inner);
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> inner = CreateTask(failing());
    TaskHandle<void> w = CreateTask(waiter(inner));
    co_await Sleep(absl::Seconds(1));
    w.Cancel();
    co_await Sleep(absl::Seconds(2));
    EXPECT_TRUE(w.Cancelled());
    EXPECT_TRUE(inner.Done());
  };
  std::ostringstream log;
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  // The outer was cancelled first, so its callback was removed: nobody
  // retrieved the inner's exception and asyncio logs it, as CPython does.
  EXPECT_THAT(log.str(), HasSubstr("Task exception was never retrieved"));
}

TEST(Shield, NothingLeaksWhenTheRunDeadlocksBehindAShield) {
  Lifetimes lifetimes;
  auto blocked = [&]() -> Task<int> {
    auto token = lifetimes.Make();
    Event never;
    co_await never.Wait();
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    co_await Shield(blocked());
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.created(), 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
