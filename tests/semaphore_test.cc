#include "engine/semaphore.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/guard.h"
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

// tests/cpython/semaphore_fairness.py, all of it.
TEST(Semaphore, AtMostValueHoldersAndWaitersAcquireInFifoOrder) {
  Trace trace;
  auto worker = [&](Semaphore& sem, std::string name,
                    absl::Duration hold) -> Task<void> {
    trace.Log(name, "wants");
    try {
      Guard<Semaphore> guard = co_await sem.Scoped();
      trace.Log(name, "in");
      co_await Sleep(hold);
      trace.Log(name, "out");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Semaphore sem(2);
    std::vector<TaskHandle<void>> ws;
    for (int i = 0; i < 6; ++i) {
      ws.push_back(
          CreateTask(worker(sem, "S" + std::to_string(i), absl::Seconds(2))));
    }
    co_await Sleep(absl::Seconds(1));
    trace.Log("locked:", Py(sem.Locked()), "- cancel S3");
    ws[3].Cancel();
    co_await GatherSettled(ws);
    trace.Log("locked:", Py(sem.Locked()));
    BoundedSemaphore b(1);
    co_await b.Acquire();
    b.Release();
    try {
      b.Release();
    } catch (const ValueError& e) {
      trace.Log("ValueError:", e.what());
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("semaphore_fairness"));
}

TEST(Semaphore, ANegativeInitialValueIsAValueError) {
  EXPECT_THROW(Semaphore(-1), ValueError);
  EXPECT_THROW(BoundedSemaphore(-1), ValueError);
  Semaphore zero(0);
  EXPECT_TRUE(zero.Locked());
}

TEST(Semaphore, AnUnboundedSemaphoreMayBeReleasedAboveItsInitialValue) {
  Semaphore sem(1);
  sem.Release();
  EXPECT_EQ(sem.value(), 2);
  BoundedSemaphore bounded(1);
  EXPECT_THROW(bounded.Release(), ValueError);
  EXPECT_EQ(bounded.value(), 1);
}

TEST(Semaphore, AcquireWithoutWaitingTakesNoHop) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    Semaphore sem(2);
    (void)CreateTask(Tick(trace));
    co_await sem.Acquire();
    co_await sem.Acquire();
    trace.Print("acquired twice");
    EXPECT_TRUE(sem.Locked());
    EXPECT_EQ(sem.value(), 0);
    co_await Sleep(absl::ZeroDuration());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 acquired twice", "0.000 tick"));
}

TEST(Semaphore, OnlyCancelledWaitersDoNotMakeItLocked) {
  auto waiter = [](Semaphore& sem) -> Task<void> { co_await sem.Acquire(); };
  auto main = [&]() -> Task<void> {
    Semaphore sem(0);
    TaskHandle<void> task = CreateTask(waiter(sem));
    co_await Sleep(absl::ZeroDuration());
    sem.Release();  // Hands the unit to the waiter: value back to 0.
    EXPECT_EQ(sem.value(), 0);
    EXPECT_TRUE(sem.Locked());
    co_await task;
    TaskHandle<void> second = CreateTask(waiter(sem));
    co_await Sleep(absl::ZeroDuration());
    second.Cancel();  // Its waiter is cancelled but still in line.
    sem.Release();    // Nobody live to wake: the value stays 1.
    EXPECT_EQ(sem.value(), 1);
    EXPECT_FALSE(sem.Locked());
    EXPECT_THROW(co_await second, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Semaphore, AWaiterCancelledAfterBeingHandedAUnitGivesItBack) {
  Trace trace;
  auto waiter = [&](Semaphore& sem, std::string name) -> Task<void> {
    try {
      Guard<Semaphore> guard = co_await sem.Scoped();
      trace.Print(name + " in");
    } catch (const CancelledError&) {
      trace.Print(name + " cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Semaphore sem(0);
    TaskHandle<void> a = CreateTask(waiter(sem, "a"));
    TaskHandle<void> b = CreateTask(waiter(sem, "b"));
    co_await Sleep(absl::ZeroDuration());
    sem.Release();  // a gets the unit...
    a.Cancel();     // ...but is cancelled before it runs.
    co_await GatherSettled(a, b);
    EXPECT_EQ(sem.value(), 1);  // b's guard gave it back.
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 a cancelled", "0.000 b in"));
}

TEST(Semaphore, AWokenWaiterFindingUnitsLeftWakesTheNext) {
  Trace trace;
  auto waiter = [&](Semaphore& sem, std::string name) -> Task<void> {
    co_await sem.Acquire();
    trace.Print(name + " in");
  };
  auto main = [&]() -> Task<void> {
    Semaphore sem(0);
    std::vector<TaskHandle<void>> ws;
    for (std::string name : {"a", "b", "c"}) {
      ws.push_back(CreateTask(waiter(sem, name)));
    }
    co_await Sleep(absl::ZeroDuration());
    // Three releases in one step hand out three units at once.
    sem.Release();
    sem.Release();
    sem.Release();
    EXPECT_EQ(sem.value(), 0);
    co_await Gather(ws);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 a in", "0.000 b in", "0.000 c in"));
}

TEST(Semaphore, ABoundedSemaphoresGuardNeverThrows) {
  auto main = []() -> Task<void> {
    BoundedSemaphore sem(1);
    {
      Guard<Semaphore> guard = co_await sem.Scoped();
      sem.Release();  // Behind the guard's back: back at the bound.
    }                 // The guard cannot raise ValueError; it does nothing.
    EXPECT_EQ(sem.value(), 1);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Semaphore, NoFrameLeaksWhenTheRunDeadlocksWithWaiters) {
  Lifetimes lifetimes;
  auto waiter = [&](Semaphore& sem) -> Task<void> {
    auto token = lifetimes.Make();
    Guard<Semaphore> guard = co_await sem.Scoped();
    co_await sem.Acquire();
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    Semaphore sem(1);
    TaskHandle<void> a = CreateTask(waiter(sem));
    TaskHandle<void> b = CreateTask(waiter(sem));
    co_await a;
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("Semaphore.acquire"));
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
