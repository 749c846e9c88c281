#include "engine/task.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/trace.h"

namespace asyncsim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Lifetimes;
using testing::Trace;

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
  auto ticker = [&]() -> Task<void> {
    for (int i = 0; i < 4; ++i) {
      trace.Print("tick " + std::to_string(i));
      co_await Sleep(absl::ZeroDuration());
    }
  };
  auto main = [&]() -> Task<int> {
    TaskHandle<void> tick = CreateTask(ticker());
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

}  // namespace
}  // namespace asyncsim
