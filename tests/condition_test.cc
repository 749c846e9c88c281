#include "engine/condition.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/guard.h"
#include "engine/lock.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// tests/cpython/condition_notify.py, all of it.
TEST(Condition, NotifiedWaitersReacquireTheLockOneByOne) {
  Trace trace;
  auto waiter = [&](Condition& cond, std::string name) -> Task<void> {
    Guard<Lock> guard = co_await cond.Scoped();
    trace.Log(name, "waits");
    co_await cond.Wait();
    trace.Log(name, "notified");
    co_await Sleep(absl::Milliseconds(500));
    trace.Log(name, "leaves");
  };
  auto main = [&]() -> Task<void> {
    Condition cond;
    std::vector<TaskHandle<void>> ws;
    for (int i = 0; i < 4; ++i) {
      ws.push_back(CreateTask(waiter(cond, "C" + std::to_string(i))));
    }
    co_await Sleep(absl::Seconds(1));
    {
      Guard<Lock> guard = co_await cond.Scoped();
      trace.Log("notify(1)");
      cond.Notify(1);
    }
    co_await Sleep(absl::Seconds(1));
    {
      Guard<Lock> guard = co_await cond.Scoped();
      trace.Log("notify_all");
      cond.NotifyAll();
      co_await Sleep(absl::Seconds(1));
      trace.Log("main releases");
    }
    co_await Gather(ws);
    trace.Log("done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("condition_notify"));
}

// Expected lines checked against CPython 3.11 on the oracle.
TEST(Condition, ACancelledWaiterReacquiresTheLockBeforeItSeesTheError) {
  Trace trace;
  auto waiter = [&](Condition& cond) -> Task<void> {
    Guard<Lock> guard = co_await cond.Scoped();
    try {
      co_await cond.Wait();
    } catch (const CancelledError&) {
      trace.Log("waiter cancelled, holds the lock:", Py(cond.Locked()));
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Condition cond;
    TaskHandle<void> t = CreateTask(waiter(cond));
    co_await Sleep(absl::ZeroDuration());
    co_await cond.Acquire();
    trace.Log("main holds the lock");
    t.Cancel();
    co_await Sleep(absl::Seconds(1));
    trace.Log("main releases");
    cond.Release();
    try {
      co_await t;
    } catch (const CancelledError&) {
      trace.Log("t cancelled:", Py(t.Cancelled()),
                "locked:", Py(cond.Locked()));
    }
    try {
      co_await cond.Wait();
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
    try {
      cond.Notify();
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(
      trace.lines(),
      ElementsAre("0.000 main holds the lock", "1.000 main releases",
                  "1.000 waiter cancelled, holds the lock: True",
                  "1.000 t cancelled: True locked: False",
                  "1.000 RuntimeError: cannot wait on un-acquired lock",
                  "1.000 RuntimeError: cannot notify on un-acquired lock"));
}

TEST(Condition, WaitForLoopsUntilThePredicateHolds) {
  Trace trace;
  int n = 0;
  auto setter = [&](Condition& cond) -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      co_await Sleep(absl::Seconds(1));
      Guard<Lock> guard = co_await cond.Scoped();
      ++n;
      trace.Log("n =", n);
      cond.NotifyAll();
    }
  };
  auto main = [&]() -> Task<void> {
    Condition cond;
    TaskHandle<void> s = CreateTask(setter(cond));
    {
      Guard<Lock> guard = co_await cond.Scoped();
      bool r = co_await cond.WaitFor([&] { return n >= 2; });
      trace.Log("wait_for ->", Py(r), n);
    }
    co_await s;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 n = 1", "2.000 n = 2",
                          "2.000 wait_for -> True 2", "3.000 n = 3"));
}

TEST(Condition, ASharedLockIsTheConditionsLock) {
  auto main = []() -> Task<void> {
    Lock lock;
    Condition cond(lock);
    co_await lock.Acquire();
    EXPECT_TRUE(cond.Locked());
    cond.Notify();  // Holding the shared lock is holding the condition's.
    cond.Release();
    EXPECT_FALSE(lock.Locked());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Condition, NoFrameLeaksWhenWaitersAreLeftBehindOrTheRunDeadlocks) {
  Lifetimes lifetimes;
  auto waiter = [&](Condition& cond) -> Task<void> {
    auto token = lifetimes.Make();
    Guard<Lock> guard = co_await cond.Scoped();
    co_await cond.Wait();
  };
  Condition cond;  // Outside main: the waiters outlive main's locals.
  auto leftovers = [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) (void)CreateTask(waiter(cond));
    co_await Sleep(absl::Seconds(1));
  };
  absl::Status left = asyncsim::Run(leftovers());
  ASSERT_TRUE(left.ok()) << left;
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);

  auto deadlock = [&]() -> Task<void> {
    Condition mine;
    TaskHandle<void> t = CreateTask(waiter(mine));
    co_await t;
  };
  absl::Status status = asyncsim::Run(deadlock());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("Condition.wait"));
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
