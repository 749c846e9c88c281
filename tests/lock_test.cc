#include "engine/lock.h"

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

// tests/cpython/lock_fairness.py, all of it.
TEST(Lock, WaitersAcquireInFifoOrderAndACancelledWaiterIsSkipped) {
  Trace trace;
  auto worker = [&](Lock& lock, std::string name,
                    absl::Duration hold) -> Task<void> {
    trace.Log(name, "wants the lock");
    try {
      Guard<Lock> guard = co_await lock.Scoped();
      trace.Log(name, "holds the lock");
      co_await Sleep(hold);
      trace.Log(name, "releases");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled while waiting");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    std::vector<TaskHandle<void>> ws;
    for (int i = 0; i < 5; ++i) {
      ws.push_back(
          CreateTask(worker(lock, "W" + std::to_string(i), absl::Seconds(1))));
    }
    co_await Sleep(absl::Milliseconds(500));
    trace.Log("locked:", Py(lock.Locked()), "- cancel W2");
    ws[2].Cancel();
    co_await GatherSettled(ws);
    trace.Log("locked:", Py(lock.Locked()));
    co_await lock.Acquire();
    trace.Log("main acquired a free lock without yielding");
    TaskHandle<void> late =
        CreateTask(worker(lock, "late", absl::ZeroDuration()));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main releases");
    lock.Release();
    trace.Log("locked right after release:", Py(lock.Locked()));
    co_await late;
    try {
      lock.Release();
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("lock_fairness"));
}

TEST(Lock, AcquiringAFreeLockTakesNoHop) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    Lock lock;
    (void)CreateTask(Tick(trace));
    co_await lock.Acquire();
    trace.Print("acquired");
    EXPECT_TRUE(lock.Locked());
    lock.Release();
    EXPECT_FALSE(lock.Locked());
    co_await Sleep(absl::ZeroDuration());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 acquired", "0.000 tick"));
}

TEST(Lock, AWokenWaiterKeepsItsTurnAgainstANewcomer) {
  Trace trace;
  auto waiter = [&](Lock& lock, std::string name) -> Task<void> {
    Guard<Lock> guard = co_await lock.Scoped();
    trace.Print(name + " holds");
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    co_await lock.Acquire();
    TaskHandle<void> first = CreateTask(waiter(lock, "first"));
    co_await Sleep(absl::ZeroDuration());
    lock.Release();  // Wakes `first`; the lock is free until it runs.
    EXPECT_FALSE(lock.Locked());
    // A newcomer must wait: `first` is woken but still in line.
    TaskHandle<void> newcomer = CreateTask(waiter(lock, "newcomer"));
    co_await first;
    co_await newcomer;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 first holds", "0.000 newcomer holds"));
}

TEST(Lock, AWaiterCancelledAfterItWasWokenPassesTheWakeUpOn) {
  Trace trace;
  auto waiter = [&](Lock& lock, std::string name) -> Task<void> {
    try {
      Guard<Lock> guard = co_await lock.Scoped();
      trace.Print(name + " holds");
    } catch (const CancelledError&) {
      trace.Print(name + " cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    co_await lock.Acquire();
    TaskHandle<void> a = CreateTask(waiter(lock, "a"));
    TaskHandle<void> b = CreateTask(waiter(lock, "b"));
    co_await Sleep(absl::ZeroDuration());
    lock.Release();  // Wakes a.
    a.Cancel();      // a's wake-up is already scheduled; it must pass it on.
    co_await GatherSettled(a, b);
    EXPECT_TRUE(a.Cancelled());
    EXPECT_FALSE(lock.Locked());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 a cancelled", "0.000 b holds"));
}

TEST(Lock, NoFrameLeaksWhenWaitersAreLeftBehindOrTheRunDeadlocks) {
  Lifetimes lifetimes;
  auto waiter = [&](Lock& lock) -> Task<void> {
    auto token = lifetimes.Make();
    Guard<Lock> guard = co_await lock.Scoped();
    co_await Sleep(absl::Seconds(100));
  };
  // Outside main: main's locals are gone once it returns, and the tasks
  // left behind still use the lock while asyncio.run cancels them.
  Lock lock;
  auto leftovers = [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) (void)CreateTask(waiter(lock));
    co_await Sleep(absl::Seconds(1));
  };
  // main returns with the lock held and two waiters in line; asyncio.run
  // cancels them all.
  ASSERT_TRUE(asyncsim::Run(leftovers()).ok());
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);

  auto deadlock = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    Lock mine;
    co_await mine.Acquire();
    co_await mine.Acquire();  // Never.
  };
  absl::Status status = asyncsim::Run(deadlock());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("Lock.acquire"));
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Lock, WaitersOfALockDestroyedWithMainAreCancelledCleanlyAtShutdown) {
  Lifetimes lifetimes;
  int cancelled = 0;
  auto waiter = [&](Lock& lock) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await lock.Acquire();
    } catch (const CancelledError&) {
      ++cancelled;
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    co_await lock.Acquire();
    (void)CreateTask(waiter(lock));
    (void)CreateTask(waiter(lock));
    co_await Sleep(absl::Seconds(1));
  };  // The lock dies here; asyncio.run then cancels the waiters.
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(cancelled, 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
