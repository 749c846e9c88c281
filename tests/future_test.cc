#include "engine/future.h"

#include <exception>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/callback.h"
#include "engine/errors.h"
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

// Python's KeyError: str(KeyError('k')) is "'k'".
class KeyError : public std::runtime_error {
 public:
  explicit KeyError(const std::string& key) : std::runtime_error(key) {}
  std::string Str() const { return "'" + std::string(what()) + "'"; }
};

// tests/cpython/future_callbacks.py, all of it.
TEST(Future, DoneCallbacksAndAwaitersRunInRegistrationOrderOneHopLater) {
  Trace trace;
  auto awaiter = [&](Future<std::string> fut, std::string name) -> Task<void> {
    trace.Log(name, "awaits");
    std::string result = co_await fut;
    trace.Log(name, "got", result);
  };
  auto main = [&]() -> Task<void> {
    Future<std::string> fut;
    for (std::string name : {"cb1", "cb2", "cb3"}) {
      fut.AddDoneCallback(
          [&trace, fut, name] { trace.Log(name, "sees", fut.Result()); });
    }
    DoneCallbackHandle removed =
        fut.AddDoneCallback([&trace] { trace.Log("removed callback ran"); });
    trace.Log("removed", fut.RemoveDoneCallback(removed), "callback(s)");
    std::vector<TaskHandle<void>> ts;
    for (int i = 0; i < 3; ++i) {
      ts.push_back(CreateTask(awaiter(fut, "T" + std::to_string(i))));
    }
    CallLater(absl::Seconds(1), [fut]() mutable { fut.SetResult("R"); });
    CallLater(absl::Seconds(1),
              [&trace] { trace.Log("timer after set_result"); });
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main awaits too");
    std::string result = co_await fut;
    trace.Log("main got", result);
    fut.AddDoneCallback([&trace] { trace.Log("late callback"); });
    trace.Log("added a callback to a done future");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("after one hop");
    co_await Gather(std::move(ts));
    Future<int> f2;
    CallSoon([f2]() mutable { f2.SetException(KeyError("k")); });
    try {
      co_await f2;
    } catch (const KeyError& e) {
      trace.Log("f2 raised KeyError", e.Str());
    }
    Future<int> f3;
    f3.Cancel();
    trace.Log("cancelled future: cancelled", f3.Cancelled() ? "True" : "False",
              "done", f3.Done() ? "True" : "False");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("future_callbacks"));
}

TEST(Future, AwaitingADoneFutureDoesNotYield) {
  Trace trace;
  auto main = [&]() -> Task<int> {
    Future<int> fut;
    fut.SetResult(7);
    (void)CreateTask(Tick(trace));
    int value = co_await fut;
    trace.Print("main got " + std::to_string(value));
    co_await Sleep(absl::ZeroDuration());
    co_return value;
  };
  absl::StatusOr<int> result = asyncsim::Run(main());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 7);
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 main got 7", "0.000 tick"));
}

TEST(Future, SettingTwiceOrReadingTooEarlyIsAnInvalidStateError) {
  auto main = []() -> Task<void> {
    Future<int> fut;
    EXPECT_THROW(fut.Result(), InvalidStateError);
    EXPECT_THROW(fut.Exception(), InvalidStateError);
    fut.SetResult(1);
    EXPECT_THROW(fut.SetResult(2), InvalidStateError);
    EXPECT_THROW(fut.SetException(std::runtime_error("x")), InvalidStateError);
    EXPECT_FALSE(fut.Cancel());
    EXPECT_EQ(fut.Result(), 1);
    EXPECT_EQ(fut.Exception(), nullptr);
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Future, ACancelledFutureThrowsCancelledErrorFromResultAndAwait) {
  auto main = []() -> Task<void> {
    Future<void> fut;
    EXPECT_TRUE(fut.Cancel());
    EXPECT_FALSE(fut.Cancel());
    EXPECT_TRUE(fut.Cancelled());
    EXPECT_THROW(fut.Result(), CancelledError);
    EXPECT_THROW(fut.Exception(), CancelledError);
    EXPECT_THROW(co_await fut, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Future, AStoredExceptionIsRethrownToEveryAwaiter) {
  Trace trace;
  auto waiter = [&](Future<int> fut, std::string name) -> Task<void> {
    try {
      co_await fut;
    } catch (const std::runtime_error& e) {
      trace.Log(name, "caught", e.what());
    }
  };
  auto main = [&]() -> Task<void> {
    Future<int> fut;
    TaskHandle<void> a = CreateTask(waiter(fut, "a"));
    TaskHandle<void> b = CreateTask(waiter(fut, "b"));
    co_await Sleep(absl::Seconds(1));
    fut.SetException(std::runtime_error("boom"));
    co_await a;
    co_await b;
    EXPECT_NE(fut.Exception(), nullptr);
  };
  std::ostringstream log;
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 a caught boom", "1.000 b caught boom"));
  EXPECT_EQ(log.str(), "");
}

TEST(Future, CancellingATaskThatAwaitsAFutureCancelsTheFuture) {
  Trace trace;
  auto waiter = [&](Future<int> fut) -> Task<void> {
    try {
      co_await fut;
    } catch (const CancelledError&) {
      trace.Print("waiter cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Future<int> fut;
    fut.AddDoneCallback([&] { trace.Print("future callback"); });
    TaskHandle<void> task = CreateTask(waiter(fut));
    co_await Sleep(absl::Seconds(1));
    task.Cancel();
    EXPECT_TRUE(fut.Cancelled());
    EXPECT_THROW(co_await task, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  // The future's callbacks run in registration order: the callback, then
  // the task's wakeup.
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 future callback", "1.000 waiter cancelled"));
}

TEST(Future, AnExceptionNobodyRetrievesIsLoggedWhenTheLastHandleGoes) {
  std::ostringstream log;
  auto main = []() -> Task<void> {
    {
      Future<int> lost;
      lost.SetException(std::runtime_error("lost"));
    }
    Future<int> seen;
    seen.SetException(std::runtime_error("seen"));
    EXPECT_THROW(seen.Result(), std::runtime_error);
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(log.str(), HasSubstr("Future exception was never retrieved"));
  EXPECT_THAT(log.str(), HasSubstr("lost"));
  EXPECT_THAT(log.str(), ::testing::Not(HasSubstr("seen")));
}

TEST(Future, RemovingACallbackAfterTheFutureIsDoneRemovesNothing) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    Future<void> fut;
    DoneCallbackHandle cb = fut.AddDoneCallback([&] { trace.Print("ran"); });
    fut.SetResult();
    // Already scheduled: CPython's list is empty once the result is set.
    EXPECT_EQ(fut.RemoveDoneCallback(cb), 0);
    co_await Sleep(absl::ZeroDuration());
    EXPECT_EQ(fut.RemoveDoneCallback(cb), 0);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 ran"));
}

TEST(Future, NothingLeaksWhenAFutureIsNeverSettled) {
  Lifetimes lifetimes;
  auto waiter = [&](Future<int> fut, Lifetimes::Token) -> Task<void> {
    co_await fut;
  };
  auto main = [&]() -> Task<void> {
    Future<int> fut;
    // A callback that keeps the future alive, as a Python closure would.
    auto token = std::make_shared<Lifetimes::Token>(lifetimes.Make());
    fut.AddDoneCallback([fut, token] {});
    (void)CreateTask(waiter(fut, lifetimes.Make()));
    co_await Sleep(absl::Seconds(1));
  };
  // main returns; asyncio.run cancels the waiter, which cancels the future.
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(lifetimes.created(), 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Future, NothingLeaksWhenTheRunEndsInADeadlockWithCallbacksPending) {
  Lifetimes lifetimes;
  auto waiter = [&](Future<int> fut, Lifetimes::Token) -> Task<void> {
    co_await fut;
  };
  auto main = [&](Lifetimes::Token) -> Task<void> {
    Future<int> fut;
    auto token = std::make_shared<Lifetimes::Token>(lifetimes.Make());
    fut.AddDoneCallback([fut, token] {});
    co_await waiter(fut, lifetimes.Make());
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()));
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
