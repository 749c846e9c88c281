// The ways a run can end early (the task limit, Loop::Abort, deadlock, the
// horizon, the step limit, an escaping exception, cancellation), each
// proven to leave no coroutine frame behind: every coroutine here holds a
// Lifetimes token, and none may be alive once Run has returned.

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/gather.h"
#include "engine/lock.h"
#include "engine/loop.h"
#include "engine/queue.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "engine/wait_for.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

Task<void> SleepFor(Lifetimes::Token, absl::Duration d) { co_await Sleep(d); }

TEST(RunLimits, CreatingATaskBeyondTheLimitEndsTheRunWithTheTaskLimit) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    std::vector<TaskHandle<void>> tasks;
    for (int i = 0; i < 100; ++i) {
      tasks.push_back(CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(1))));
    }
    co_await Gather(std::move(tasks));
  };
  absl::Status status =
      asyncsim::Run(main(lifetimes.Make()), {.max_tasks = 10});
  EXPECT_TRUE(IsTaskLimitExceeded(status)) << status;
  EXPECT_FALSE(IsStepLimitExceeded(status));
  EXPECT_THAT(status.message(),
              HasSubstr("task limit reached: a task was created while 10 "
                        "were alive"));
  EXPECT_EQ(lifetimes.created(), 11);  // main, nine tasks, the refused one
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, AProgramThatCatchesTheTaskLimitErrorStillStops) {
  Lifetimes lifetimes;
  bool caught = false;
  bool went_on = false;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    TaskHandle<void> first =
        CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(1)));
    try {
      (void)CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(1)));
    } catch (const TaskLimitError&) {
      caught = true;
    }
    co_await Sleep(absl::ZeroDuration());
    went_on = true;
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()), {.max_tasks = 2});
  EXPECT_TRUE(IsTaskLimitExceeded(status)) << status;
  EXPECT_TRUE(caught);
  EXPECT_FALSE(went_on);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, TheTaskLimitCountsTasksAliveNotTasksEverCreated) {
  Lifetimes lifetimes;
  auto main = [&]() -> Task<int> {
    int done = 0;
    for (int i = 0; i < 50; ++i) {
      co_await CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(1)));
      ++done;
    }
    co_return done;
  };
  absl::StatusOr<int> done = asyncsim::Run(main(), {.max_tasks = 2});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(*done, 50);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, FinishedTasksStillReferencedDoNotCountTowardTheLimit) {
  // A done task lives on while a handle (or a gather) holds it; the limit
  // counts tasks not yet done, as asyncio.all_tasks() would list them.
  Lifetimes lifetimes;
  auto main = [&]() -> Task<int> {
    std::vector<TaskHandle<void>> finished;
    for (int i = 0; i < 10; ++i) {
      finished.push_back(
          CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(1))));
      co_await finished.back();
    }
    co_return static_cast<int>(finished.size());
  };
  absl::StatusOr<int> done = asyncsim::Run(main(), {.max_tasks = 2});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(*done, 10);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, ATaskLimitReachedInsideAGatherLeavesNoFrameBehind) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    co_await Gather(SleepFor(lifetimes.Make(), absl::Seconds(1)),
                    SleepFor(lifetimes.Make(), absl::Seconds(2)),
                    SleepFor(lifetimes.Make(), absl::Seconds(3)));
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()), {.max_tasks = 2});
  EXPECT_TRUE(IsTaskLimitExceeded(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, ZeroMeansNoTaskLimit) {
  Lifetimes lifetimes;
  auto main = [&]() -> Task<void> {
    std::vector<Task<void>> tasks;
    for (int i = 0; i < 1000; ++i) {
      tasks.push_back(SleepFor(lifetimes.Make(), absl::Seconds(1)));
    }
    co_await Gather(std::move(tasks));
  };
  EXPECT_TRUE(asyncsim::Run(main(), {.max_tasks = 0}).ok());
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, TheStepLimitIsNotTheTaskLimit) {
  auto main = []() -> Task<void> {
    while (true) co_await Sleep(absl::ZeroDuration());
  };
  absl::Status status = asyncsim::Run(main(), {.max_steps = 10});
  EXPECT_TRUE(IsStepLimitExceeded(status)) << status;
  EXPECT_FALSE(IsTaskLimitExceeded(status));
}

// The handles, as CPython's _run_once runs them: main's step (1), the three
// sleepers' first steps (2-4); at 1 s their three timer wakes (5-7), then
// their steps (8-10), each printing; then the gather's three child-done
// callbacks. The loop runs the wakes as it pops their timers when nothing
// else is ready and the budget covers every timer; otherwise through the
// FIFO. Either way the limit must stop before the same handle.
TEST(RunLimits, TheStepLimitStopsBeforeTheSameHandleAroundTimerWakes) {
  for (int max_steps = 1; max_steps <= 12; ++max_steps) {
    Lifetimes lifetimes;
    int woke = 0;
    auto sleeper = [&](Lifetimes::Token) -> Task<void> {
      co_await Sleep(absl::Seconds(1));
      ++woke;
    };
    auto main = [&](Lifetimes::Token) -> Task<void> {
      co_await Gather(sleeper(lifetimes.Make()), sleeper(lifetimes.Make()),
                      sleeper(lifetimes.Make()));
    };
    absl::Status status =
        asyncsim::Run(main(lifetimes.Make()),
                      {.max_steps = static_cast<uint64_t>(max_steps)});
    EXPECT_EQ(lifetimes.live(), 0) << max_steps;
    ASSERT_TRUE(IsStepLimitExceeded(status)) << max_steps << ": " << status;
    EXPECT_THAT(status.message(),
                HasSubstr(absl::StrCat(max_steps, " steps run by virtual time ",
                                       max_steps < 4 ? "0" : "1")))
        << max_steps;
    EXPECT_EQ(woke, std::clamp(max_steps - 7, 0, 3)) << max_steps;
  }
}

TEST(RunLimits, AbortEndsTheRunAfterTheRunningStepWithItsStatus) {
  Lifetimes lifetimes;
  int steps_after = 0;
  auto sleeper = [&](Lifetimes::Token) -> Task<void> {
    while (true) {
      co_await Sleep(absl::Seconds(1));
      ++steps_after;
    }
  };
  auto main = [&](Lifetimes::Token) -> Task<void> {
    TaskHandle<void> t = CreateTask(sleeper(lifetimes.Make()));
    co_await Sleep(absl::Seconds(5));
    Loop::Current()->Abort(absl::UnavailableError("stdout is gone"));
    Loop::Current()->Abort(absl::InternalError("ignored: the first wins"));
    co_await Sleep(absl::Seconds(5));
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()));
  EXPECT_EQ(status, absl::UnavailableError("stdout is gone"));
  EXPECT_EQ(steps_after, 4);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, ADeadlockAmongQueuesLocksAndEventsLeavesNoFrame) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    Queue<std::string> empty;
    Queue<std::string> full(1);
    Lock lock;
    Event never;
    co_await lock.Acquire();
    co_await full.Put("x");
    auto get = [&](Lifetimes::Token) -> Task<void> {
      std::string s = co_await empty.Get();
    };
    auto put = [&](Lifetimes::Token) -> Task<void> { co_await full.Put("y"); };
    auto acquire = [&](Lifetimes::Token) -> Task<void> {
      co_await lock.Acquire();
    };
    auto wait = [&](Lifetimes::Token) -> Task<void> { co_await never.Wait(); };
    co_await Gather(get(lifetimes.Make()), put(lifetimes.Make()),
                    acquire(lifetimes.Make()), wait(lifetimes.Make()));
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()));
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, TheHorizonReachedDuringAWaitForLeavesNoFrame) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    co_await WaitFor(SleepFor(lifetimes.Make(), absl::Seconds(100)),
                     absl::Seconds(50));
  };
  absl::Status status =
      asyncsim::Run(main(lifetimes.Make()), {.horizon = absl::Seconds(10)});
  EXPECT_TRUE(IsHorizonExceeded(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, TheStepLimitReachedInsideNestedGathersLeavesNoFrame) {
  Lifetimes lifetimes;
  auto spin = [&](Lifetimes::Token) -> Task<void> {
    while (true) co_await Sleep(absl::ZeroDuration());
  };
  auto main = [&](Lifetimes::Token) -> Task<void> {
    co_await Gather(Gather(spin(lifetimes.Make()), spin(lifetimes.Make())),
                    spin(lifetimes.Make()));
  };
  absl::Status status =
      asyncsim::Run(main(lifetimes.Make()), {.max_steps = 100});
  EXPECT_TRUE(IsStepLimitExceeded(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, AnExceptionEscapingMainWithTasksPendingLeavesNoFrame) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    (void)CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(10)));
    TaskHandle<void> t =
        CreateTask(SleepFor(lifetimes.Make(), absl::Seconds(20)));
    co_await Sleep(absl::Seconds(1));
    throw std::runtime_error("main failed");
  };
  EXPECT_THROW((void)asyncsim::Run(main(lifetimes.Make())), std::runtime_error);
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(RunLimits, CancellationThroughGathersAndWaitForLeavesNoFrame) {
  Lifetimes lifetimes;
  auto inner = [&](Lifetimes::Token) -> Task<void> {
    co_await Gather(SleepFor(lifetimes.Make(), absl::Seconds(10)),
                    WaitFor(SleepFor(lifetimes.Make(), absl::Seconds(30)),
                            absl::Seconds(20)));
  };
  auto main = [&](Lifetimes::Token) -> Task<bool> {
    TaskHandle<void> t = CreateTask(inner(lifetimes.Make()));
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    try {
      co_await t;
    } catch (const CancelledError&) {
      co_return true;
    }
    co_return false;
  };
  absl::StatusOr<bool> cancelled = asyncsim::Run(main(lifetimes.Make()));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_TRUE(*cancelled);
  EXPECT_EQ(lifetimes.live(), 0);
}

Task<void> Await(Lifetimes::Token, const TaskHandle<void>& other) {
  co_await other;
}

// Found by the engine fuzzer: Cancel() passed the request round the cycle
// for ever, and overflowed the stack.
TEST(RunLimits, CancellingTasksThatAwaitEachOtherEndsInADeadlockReport) {
  Lifetimes lifetimes;
  auto main = [&](Lifetimes::Token) -> Task<void> {
    TaskHandle<void> a;
    TaskHandle<void> b;
    TaskHandle<void> self;
    a = CreateTask(Await(lifetimes.Make(), b), "A");
    b = CreateTask(Await(lifetimes.Make(), a), "B");
    self = CreateTask(Await(lifetimes.Make(), self), "self");
    co_await Sleep(absl::ZeroDuration());
    EXPECT_TRUE(a.Cancel());
    EXPECT_TRUE(self.Cancel());
    co_await a;
  };
  absl::Status status = asyncsim::Run(main(lifetimes.Make()));
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("A: waits on Task 'B'"));
  EXPECT_THAT(status.message(), HasSubstr("B: waits on Task 'A'"));
  EXPECT_THAT(status.message(), HasSubstr("self: waits on Task 'self'"));
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
