#include "engine/guard.h"

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/lock.h"
#include "engine/run.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

TEST(Guard, ReleasesOnceEvenWhenReleasedEarlyMovedOrReleasedBehindItsBack) {
  auto main = []() -> Task<void> {
    Lock lock;
    {
      Guard<Lock> guard = co_await lock.Scoped();
      EXPECT_TRUE(guard.owns());
      guard.Release();
      EXPECT_FALSE(guard.owns());
      EXPECT_FALSE(lock.Locked());
      co_await lock.Acquire();  // Someone else's acquisition now.
    }
    EXPECT_TRUE(lock.Locked());  // The guard did not release it again.
    lock.Release();
    {
      Guard<Lock> guard = co_await lock.Scoped();
      Guard<Lock> moved = std::move(guard);
      EXPECT_FALSE(guard.owns());
      EXPECT_TRUE(moved.owns());
    }
    EXPECT_FALSE(lock.Locked());
    {
      // Released behind the guard's back: the guard cannot raise, so it
      // does nothing.
      Guard<Lock> guard = co_await lock.Scoped();
      lock.Release();
    }
    EXPECT_FALSE(lock.Locked());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Guard, ReleasesWhenItsTaskIsCancelled) {
  auto holder = [&](Lock& lock) -> Task<void> {
    Guard<Lock> guard = co_await lock.Scoped();
    co_await Sleep(absl::Seconds(10));
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    TaskHandle<void> task = CreateTask(holder(lock));
    co_await Sleep(absl::Seconds(1));
    EXPECT_TRUE(lock.Locked());
    task.Cancel();
    EXPECT_THROW(co_await task, CancelledError);
    EXPECT_FALSE(lock.Locked());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Guard, ThatOutlivesItsPrimitiveDoesNothing) {
  Lifetimes lifetimes;
  // The lock lives in main's frame; the holder's guard in another task's.
  // A deadlock tears main's frame down first.
  auto holder = [&](Lock& lock) -> Task<void> {
    auto token = lifetimes.Make();
    Guard<Lock> guard = co_await lock.Scoped();
    Lock never;
    co_await never.Acquire();
    co_await never.Acquire();
  };
  auto main = [&]() -> Task<void> {
    Lock lock;
    TaskHandle<void> task = CreateTask(holder(lock));
    co_await task;
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Guard, WorksForASemaphoreAsForALock) {
  auto main = []() -> Task<void> {
    Semaphore sem(2);
    {
      Guard<Semaphore> a = co_await sem.Scoped();
      Guard<Semaphore> b = co_await sem.Scoped();
      EXPECT_TRUE(sem.Locked());
      b.Release();
      EXPECT_FALSE(sem.Locked());
    }
    // Both units back: two more fit without waiting.
    Guard<Semaphore> c = co_await sem.Scoped();
    Guard<Semaphore> d = co_await sem.Scoped();
    EXPECT_TRUE(sem.Locked());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

}  // namespace
}  // namespace asyncsim::engine_test
