// Lock and Semaphore waits allocate nothing: the waiter lives in the
// awaiter, in the coroutine frame. This binary replaces the global
// operator new to count allocations (hence a binary of its own), and checks
// that once the loop's buffers are warm, thousands of contended hand-overs
// allocate nothing at all.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "absl/time/time.h"
#include "engine/guard.h"
#include "engine/lock.h"
#include "engine/run.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gtest/gtest.h"

namespace {
// Test-only: the number of operator new calls so far in this process.
int64_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace asyncsim {
namespace {

constexpr int kWarmup = 100;
constexpr int kRounds = 5000;

// Takes `primitive` kRounds times, yielding while holding it so that the
// other contenders queue up; records the allocation count once warm and
// again shortly before the end, while every contender is still at it.
template <typename P>
Task<void> Contender(P& primitive, int64_t& start, int64_t& end) {
  for (int i = 0; i < kRounds; ++i) {
    if (i == kWarmup) start = allocations;
    if (i == kRounds - kWarmup) end = allocations;
    Guard<P> guard = co_await primitive.Scoped();
    co_await Sleep(absl::ZeroDuration());
  }
}

TEST(LockAlloc, ContendedLockHandOversAllocateNothing) {
  Lock lock;
  int64_t start[3] = {}, end[3] = {};
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(Contender(lock, start[0], end[0]));
    TaskHandle<void> b = CreateTask(Contender(lock, start[1], end[1]));
    TaskHandle<void> c = CreateTask(Contender(lock, start[2], end[2]));
    co_await a;
    co_await b;
    co_await c;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  // From the last contender's warm-up mark to the first one's late mark,
  // all three contend (they advance round-robin); nothing is allocated.
  int64_t from = std::max({start[0], start[1], start[2]});
  int64_t to = std::min({end[0], end[1], end[2]});
  EXPECT_GT(from, 0);
  EXPECT_EQ(to - from, 0);
}

TEST(LockAlloc, ContendedSemaphoreHandOversAllocateNothing) {
  Semaphore sem(2);
  int64_t start[3] = {}, end[3] = {};
  auto main = [&]() -> Task<void> {
    TaskHandle<void> a = CreateTask(Contender(sem, start[0], end[0]));
    TaskHandle<void> b = CreateTask(Contender(sem, start[1], end[1]));
    TaskHandle<void> c = CreateTask(Contender(sem, start[2], end[2]));
    co_await a;
    co_await b;
    co_await c;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  int64_t from = std::max({start[0], start[1], start[2]});
  int64_t to = std::min({end[0], end[1], end[2]});
  EXPECT_GT(from, 0);
  EXPECT_EQ(to - from, 0);
}

}  // namespace
}  // namespace asyncsim
