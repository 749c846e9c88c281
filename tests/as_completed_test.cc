#include "engine/as_completed.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
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

// tests/cpython/as_completed_order.py, all of it. (CPython creates the
// tasks in set order; the golden's tie b1/d1 is also argument order.)
TEST(AsCompleted, ResultsComeInCompletionOrderAndTheTimeoutEndsTheRest) {
  Trace trace;
  auto job = [&](std::string name, int d) -> Task<std::string> {
    co_await Sleep(absl::Seconds(d));
    trace.Log(name, "finishes");
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    std::vector<Task<std::string>> aws;
    aws.push_back(job("a3", 3));
    aws.push_back(job("b1", 1));
    aws.push_back(job("c2", 2));
    aws.push_back(job("d1", 1));
    aws.push_back(job("e0", 0));
    for (Task<std::string> fut : AsCompleted(std::move(aws))) {
      trace.Log("as_completed ->", co_await std::move(fut));
    }
    aws.clear();
    aws.push_back(job("x1", 1));
    aws.push_back(job("y5", 5));
    aws.push_back(job("z2", 2));
    try {
      for (Task<std::string> fut :
           AsCompleted(std::move(aws), absl::Seconds(3))) {
        trace.Log("with timeout ->", co_await std::move(fut));
      }
    } catch (const TimeoutError&) {
      trace.Log("TimeoutError");
    }
    co_await Sleep(absl::Seconds(3));
    trace.Log("done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("as_completed_order"));
}

TEST(AsCompleted, AResultArrivesTwoHopsAfterItsTaskEnds) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child ends");
    co_return 7;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, 5));
    std::vector<Task<int>> aws;
    aws.push_back(child());
    for (Task<int> next : AsCompleted(std::move(aws))) {
      trace.Log("got", co_await std::move(next));
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  // Checked against CPython on the oracle: the task's done-callback puts it
  // on the queue (one hop), the getter wakes one hop later.
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 tick 0", "0.000 child ends", "0.000 tick 1",
                          "0.000 tick 2", "0.000 got 7", "0.000 tick 3"));
}

TEST(AsCompleted, TasksStartWhenTheRangeIsFirstUsed) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child runs");
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    std::vector<Task<int>> aws;
    aws.push_back(child());
    auto range = AsCompleted(std::move(aws));
    co_await Sleep(absl::Seconds(1));
    trace.Print("first use");
    EXPECT_EQ(range.size(), 1u);
    EXPECT_EQ(co_await range.Next(), 1);
    EXPECT_THROW((void)range.Next(), RuntimeError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 first use", "1.000 child runs"));
}

TEST(AsCompleted, ExceptionsComeOutOfTheAwaitAndTheSameTaskCountsOnce) {
  auto fail = []() -> Task<int> {
    co_await Sleep(absl::Seconds(1));
    throw std::runtime_error("job failed");
  };
  auto ok = []() -> Task<int> {
    co_await Sleep(absl::Seconds(2));
    co_return 2;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> a = CreateTask(fail());
    TaskHandle<int> b = CreateTask(ok());
    auto range = AsCompleted(std::vector<TaskHandle<int>>{a, b, a});
    EXPECT_EQ(range.size(), 2u);
    EXPECT_THROW(co_await range.Next(), std::runtime_error);
    EXPECT_EQ(co_await range.Next(), 2);
  };
  std::ostringstream log;
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_EQ(log.str(), "");  // The exception was retrieved.
}

TEST(AsCompleted, AwaitablesTakenAheadGetResultsInTheOrderTheyAreAwaited) {
  auto job = [](int d) -> Task<int> {
    co_await Sleep(absl::Seconds(d));
    co_return d;
  };
  auto main = [&]() -> Task<void> {
    std::vector<Task<int>> aws;
    aws.push_back(job(2));
    aws.push_back(job(1));
    auto range = AsCompleted(std::move(aws));
    Task<int> first = range.Next();
    Task<int> second = range.Next();
    // The queue does not know which _wait_for_one is which.
    EXPECT_EQ(co_await std::move(second), 1);
    EXPECT_EQ(co_await std::move(first), 2);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(AsCompleted, AnEmptyRangeYieldsNothing) {
  auto main = []() -> Task<void> {
    int count = 0;
    for (Task<int> next :
         AsCompleted(std::vector<Task<int>>{}, absl::Seconds(1))) {
      (void)next;
      ++count;
    }
    EXPECT_EQ(count, 0);
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(AsCompleted, NothingLeaksWhenTheRangeIsAbandonedOrTheRunDeadlocks) {
  Lifetimes lifetimes;
  auto job = [&](int d) -> Task<int> {
    auto token = lifetimes.Make();
    co_await Sleep(absl::Seconds(d));
    co_return d;
  };
  auto abandon = [&]() -> Task<void> {
    std::vector<Task<int>> aws;
    for (int d : {1, 5, 9}) aws.push_back(job(d));
    auto range = AsCompleted(std::move(aws), absl::Seconds(20));
    EXPECT_EQ(co_await range.Next(), 1);
    // The range and its pending timer are left behind.
  };
  ASSERT_TRUE(asyncsim::Run(abandon()).ok());
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);

  auto blocked = [&]() -> Task<int> {
    auto token = lifetimes.Make();
    Event never;
    co_await never.Wait();
    co_return 0;
  };
  auto deadlock = [&]() -> Task<void> {
    std::vector<Task<int>> aws;
    aws.push_back(blocked());
    for (Task<int> next : AsCompleted(std::move(aws))) {
      co_await std::move(next);
    }
  };
  absl::Status status = asyncsim::Run(deadlock());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
