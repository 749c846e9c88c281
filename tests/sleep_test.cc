#include "engine/sleep.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/run.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/ticker.h"
#include "tests/testing/trace.h"

// Counts heap allocations, to show that sleeping allocates nothing once a
// simulation is warm. (Test-only global state; the engine has none.)
namespace {
std::atomic<int64_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace asyncsim::engine_test {
namespace {

// tests/cpython/ties_equal_deadlines.py
TEST(Sleep, TimersWithEqualDeadlinesFireInSchedulingOrder) {
  Trace trace;
  auto sleeper = [&](std::string name, absl::Duration d,
                     std::string shown) -> Task<void> {
    trace.Log(name, "sleeps", shown);
    co_await Sleep(d);
    trace.Log(name, "woke");
  };
  auto late = [&](std::string name, absl::Duration start, absl::Duration d,
                  std::string shown) -> Task<void> {
    co_await Sleep(start);
    co_await sleeper(name, d, shown);
  };
  auto main = [&]() -> Task<void> {
    std::vector<TaskHandle<void>> ts;
    for (const char* n : {"A", "B", "C"}) {
      ts.push_back(CreateTask(sleeper(n, absl::Seconds(1), "1")));
    }
    for (const char* n : {"F", "E", "D"}) {
      ts.push_back(CreateTask(sleeper(n, absl::Seconds(2), "2")));
    }
    ts.push_back(
        CreateTask(late("Z", absl::Seconds(2), absl::Seconds(1), "1")));
    ts.push_back(
        CreateTask(late("Y", absl::Seconds(1), absl::Seconds(2), "2")));
    ts.push_back(CreateTask(sleeper("X", absl::Seconds(3), "3")));
    ts.push_back(CreateTask(sleeper("W", absl::Seconds(4), "4.0")));
    ts.push_back(
        CreateTask(late("V", absl::Seconds(1.5), absl::Seconds(2.5), "2.5")));
    trace.Log("main waits");
    co_await Gather(std::move(ts));
    trace.Log("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("ties_equal_deadlines"));
}

// tests/cpython/sleep0_interleave.py
TEST(Sleep, ZeroAndNegativeSleepsAreOneBareYieldEach) {
  Trace trace;
  auto worker = [&](std::string name, int n,
                    absl::Duration delay) -> Task<std::string> {
    for (int i = 0; i < n; ++i) {
      trace.Log(name, "step", i);
      co_await Sleep(delay);
    }
    trace.Log(name, "done");
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<std::string> a =
        CreateTask(worker("A", 4, absl::ZeroDuration()));
    TaskHandle<std::string> b = CreateTask(worker("B", 2, absl::Seconds(0.0)));
    TaskHandle<std::string> c = CreateTask(worker("C", 3, absl::Seconds(-1)));
    trace.Log("main before first yield");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main after first yield");
    auto [ra, rb, rc] = co_await Gather(a, b, c);
    trace.Log("main got", "['" + ra + "', '" + rb + "', '" + rc + "']");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("sleep0_interleave"));
}

// tests/cpython/sleep0_vs_timer.py
TEST(Sleep, TheClockStandsStillWhileTasksKeepYielding) {
  Trace trace;
  auto ticker = [&](int n) -> Task<void> {
    co_await Ticker(trace, n);  // inline: no hop
    trace.Log("ticker done");
  };
  auto sleeper = [&](absl::Duration d) -> Task<void> {
    trace.Log("sleeper sleeps", "0.5");
    co_await Sleep(d);
    trace.Log("sleeper woke");
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(ticker(6));
    TaskHandle<void> s = CreateTask(sleeper(absl::Seconds(0.5)));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main sleeps 0.25");
    co_await Sleep(absl::Seconds(0.25));
    trace.Log("main woke");
    co_await t;
    co_await s;
    TaskHandle<void> t2 = CreateTask(ticker(3));
    co_await Sleep(absl::Seconds(0.25));
    trace.Log("main woke again");
    co_await t2;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("sleep0_vs_timer"));
}

TEST(Sleep, ASleepShorterThanOneNanosecondIsStillATimer) {
  // asyncio.sleep(1e-12): delay > 0, so a timer (two hops), not a bare
  // yield (one hop); it is due at once (within the clock's resolution).
  Trace trace;
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(Ticker(trace, 3));
    co_await Sleep(absl::ZeroDuration());
    co_await Sleep(absl::Nanoseconds(0.25));
    trace.Log("main woke");
    co_await t;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 tick 0", "0.000 tick 1",
                                         "0.000 tick 2", "0.000 main woke"));
}

TEST(Sleep, ACancelledSleepNeverMovesTheClock) {
  VirtualClock clock;
  auto sleeper = [&]() -> Task<void> { co_await Sleep(absl::Hours(1000)); };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(sleeper());
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    co_await Sleep(absl::Seconds(1));
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.clock = &clock}).ok());
  EXPECT_EQ(clock.Now() - absl::UnixEpoch(), absl::Seconds(2));
}

TEST(Sleep, ANumberIsTheDelayInSecondsAsInPython) {
  // asyncio.sleep(2); asyncio.sleep(0.25); asyncio.sleep(0), a bare yield,
  // so that the task created before it steps first; asyncio.sleep(-3), one
  // more; asyncio.sleep(1.5).
  VirtualClock clock;
  std::vector<std::string> seen;
  auto log = [&](const char* who) {
    seen.push_back(absl::StrCat(
        who, " ", absl::FormatDuration(clock.Now() - absl::UnixEpoch())));
  };
  auto other = [&]() -> Task<void> {
    log("other");
    co_return;
  };
  auto main = [&]() -> Task<void> {
    co_await Sleep(2);
    log("main");
    co_await Sleep(0.25);
    log("main");
    TaskHandle<void> t = CreateTask(other());
    co_await Sleep(0);
    log("main");
    co_await Sleep(int64_t{-3});
    co_await Sleep(1.5f);
    log("main");
    co_await t;
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.clock = &clock}).ok());
  EXPECT_THAT(seen, ElementsAre("main 2s", "main 2.25s", "other 2.25s",
                                "main 2.25s", "main 3.75s"));
}

// A task cancelled while it runs: its next sleep ends at once with the
// message; a sleeping one: the first message wins, every request counts.
// CPython 3.11 prints, with the clock's seconds (here the trace's prefix):
//   True / cancelled ('early',) 0.0 1 / True True 2 /
//   s cancelled ('m1',) 1.0 / t ('m1',) True 1.0
TEST(Sleep, CancellingATaskCancelsTheSleepItIsInOrAboutToEnter) {
  Trace trace;
  auto s = [&]() -> Task<void> {
    try {
      co_await Sleep(absl::Seconds(10));
    } catch (const CancelledError& e) {
      trace.Log("s cancelled", e.message());
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> me = co_await CurrentTask();
    trace.Log(Py(me.Cancel("early")));
    try {
      co_await Sleep(absl::Seconds(5));
    } catch (const CancelledError& e) {
      trace.Log("cancelled", e.message(), me.Cancelling());
    }
    TaskHandle<void> t = CreateTask(s());
    co_await Sleep(absl::Seconds(1));
    const bool first = t.Cancel("m1");
    const bool second = t.Cancel("m2");
    trace.Log(Py(first), Py(second), t.Cancelling());
    try {
      co_await t;
    } catch (const CancelledError& e) {
      trace.Log("t", e.message(), Py(t.Cancelled()));
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(
      trace.lines(),
      ElementsAre("0.000 True", "0.000 cancelled early 1", "1.000 True True 2",
                  "1.000 s cancelled m1", "1.000 t m1 True"));
}

// The sleep's awaiter is all a sleeping task keeps in its frame for the
// wait: the timer node and one word (the delay, then the task).
TEST(Sleep, ATaskThatCatchesACancelledSleepSleepsInFullAfterwards) {
  std::vector<std::string> events;
  auto sleeper = [&]() -> Task<void> {
    try {
      co_await Sleep(10);
    } catch (const CancelledError&) {
      events.push_back(absl::StrCat("caught at ", Loop::Current()->Time()));
    }
    co_await Sleep(2);
    events.push_back(absl::StrCat("woke at ", Loop::Current()->Time()));
    co_await Sleep(5);
    events.push_back(absl::StrCat("woke at ", Loop::Current()->Time()));
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> task = CreateTask(sleeper());
    co_await Sleep(1);
    task.Cancel();
    co_await task;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(events, ElementsAre("caught at 1", "woke at 3", "woke at 8"));
}

TEST(Sleep, TheAwaiterInEverySleepingFrameIsTwoWords) {
  EXPECT_EQ(sizeof(SleepAwaiter), 2 * sizeof(void*));
}

TEST(Sleep, SleepingAndWakingAllocateNothingOnceWarm) {
  int64_t during = -1;
  auto sleeper = [&](int id) -> Task<void> {
    int64_t before = 0;
    for (int i = 0; i < 2000; ++i) {
      if (id == 0 && i == 500) before = allocations.load();
      // A few distinct deadlines, and sleep(0) too, as in the benchmark.
      co_await Sleep(absl::Seconds((i * 7 + id) % 11));
    }
    if (id == 0) during = allocations.load() - before;
  };
  auto main = [&]() -> Task<void> {
    co_await Gather(sleeper(0), sleeper(1), sleeper(2), sleeper(3));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(during, 0);
}

TEST(Sleep, ManySleepersLeaveNoFrameBehind) {
  Lifetimes lifetimes;
  auto sleeper = [&](int i) -> Task<int> {
    auto token = lifetimes.Make();
    co_await Sleep(absl::Seconds(i % 7));
    co_return i;
  };
  auto main = [&]() -> Task<long> {
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 1000; ++i) tasks.push_back(sleeper(i));
    std::vector<int> results = co_await Gather(std::move(tasks));
    long sum = 0;
    for (int r : results) sum += r;
    co_return sum;
  };
  absl::StatusOr<long> sum = asyncsim::Run(main());
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(*sum, 999 * 1000 / 2);
  EXPECT_EQ(lifetimes.created(), 1000);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
