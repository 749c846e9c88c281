#include "engine/run.h"

#include <sstream>
#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/trace.h"

namespace asyncsim {
namespace {

using ::testing::HasSubstr;
using testing::Lifetimes;

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

TEST(Run, AnAbsurdlyLongSleepEndsTheRunInsteadOfOverflowing) {
  auto main = []() -> Task<void> {
    co_await Sleep(absl::Hours(24 * 365 * 1000));
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsHorizonExceeded(status)) << status;
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
  testing::Trace trace;
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

}  // namespace
}  // namespace asyncsim
