#include "engine/clock.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/future.h"
#include "engine/gather.h"
#include "engine/loop.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "engine/timeout.h"
#include "engine/wait_for.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"

namespace asyncsim {
namespace {

TEST(VirtualClock, StartsAtZeroAndOnlyMovesWhenTold) {
  VirtualClock clock;
  EXPECT_EQ(clock.Time(), 0.0);
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
  clock.BlockingSleep(absl::Seconds(1));
  clock.BlockingSleep(0.5);
  EXPECT_EQ(clock.Time(), 1.5);
  EXPECT_EQ(clock.Now() - absl::UnixEpoch(), absl::Milliseconds(1500));
}

TEST(VirtualClock, ANegativeOrNanBlockingSleepDoesNothing) {
  VirtualClock clock;
  clock.BlockingSleep(absl::Seconds(-3));
  clock.BlockingSleep(-0.5);
  clock.BlockingSleep(std::nan(""));
  EXPECT_EQ(clock.Time(), 0.0);
}

// Python: t = 0.0; for _ in range(10): t += 0.1  ->  0.9999999999999999
TEST(VirtualClock, AddsAsPythonFloatsAdd) {
  VirtualClock clock;
  for (int i = 0; i < 10; ++i) clock.BlockingSleep(0.1);
  EXPECT_EQ(clock.Time(), 0.9999999999999999);
  EXPECT_LT(clock.Time(), 1.0);
  VirtualClock other;
  other.BlockingSleep(0.1);
  other.BlockingSleep(0.7);
  EXPECT_EQ(other.Time(), 0.7999999999999999);
}

TEST(VirtualClock, AdvanceToNeverGoesBack) {
  VirtualClock clock;
  clock.AdvanceTo(2.5);
  clock.AdvanceTo(1.0);
  EXPECT_EQ(clock.Time(), 2.5);
  clock.AdvanceTo(std::numeric_limits<double>::infinity());
  EXPECT_EQ(clock.Time(), std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace asyncsim

namespace asyncsim::engine_test {
namespace {

// Python's `print(repr(loop.time()), *parts)` into `out`.
class FloatLog {
 public:
  template <typename... Parts>
  void operator()(const Parts&... parts) {
    absl::StrAppend(&text_, PyFloat(Loop::Current()->Time()));
    ((absl::StrAppend(&text_, " ", parts)), ...);
    text_ += "\n";
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// tests/cpython/float_clock.py
TEST(FloatClock, DeadlinesAreDoubleSumsAsInCPython) {
  FloatLog log;
  // async def steps(name, *delays):
  auto steps = [&](std::string name, std::vector<double> delays) -> Task<void> {
    for (double d : delays) co_await Sleep(d);
    log(name, "woke");
  };
  auto sums = [&]() -> Task<void> {
    // (Named vectors: g++ 12 cannot keep a braced list's array in a
    // coroutine frame across the await.)
    const std::vector<double> a = {0.8}, b = {0.1, 0.7}, c = {0.3},
                              d = {0.1, 0.2}, e = {1.0}, f(10, 0.1);
    co_await Gather(steps("A 0.8", a), steps("B 0.1+0.7", b), steps("C 0.3", c),
                    steps("D 0.1+0.2", d), steps("E 1.0", e),
                    steps("F ten 0.1", f));
  };
  auto call_at_computed = [&]() -> Task<void> {
    Loop* loop = Loop::Current();
    const double t0 = loop->Time();
    Future<void> done;
    int fired = 0;
    auto fire = [&, done](std::string name) mutable {
      ++fired;
      log("call_at", name);
      if (fired == 4) done.SetResult();
    };
    loop->CallAt(t0 + 0.3, [fire]() mutable { fire("t0+0.3"); });
    loop->CallAt(t0 + 0.1 + 0.2, [fire]() mutable { fire("t0+0.1+0.2"); });
    loop->CallLater(0.3, [fire]() mutable { fire("later 0.3"); });
    loop->CallAt(t0 + (0.1 + 0.2), [fire]() mutable { fire("t0+(0.1+0.2)"); });
    co_await done;
  };
  auto with_wait_for = [&]() -> Task<void> {
    auto sleep = [](double d) -> Task<void> { co_await Sleep(d); };
    try {
      co_await WaitFor(sleep(0.3), 0.1 + 0.2);
      log("wait_for: the sleep won");
    } catch (const TimeoutError&) {
      log("wait_for: timed out");
    }
    try {
      co_await WaitFor(sleep(0.1 + 0.2), 0.3);
      log("wait_for: the sleep won");
    } catch (const TimeoutError&) {
      log("wait_for: timed out");
    }
  };
  auto with_timeout = [&]() -> Task<void> {
    try {
      co_await WithTimeout(0.8, []() -> Task<void> {
        co_await Sleep(0.1);
        co_await Sleep(0.7);
      });
      log("timeout: the work won");
    } catch (const TimeoutError&) {
      log("timeout: timed out");
    }
    try {
      co_await WithTimeout(0.3, []() -> Task<void> {
        co_await Sleep(0.1);
        co_await Sleep(0.2);
      });
      log("timeout: the work won");
    } catch (const TimeoutError&) {
      log("timeout: timed out");
    }
  };
  auto main = [&]() -> Task<void> {
    co_await sums();
    co_await call_at_computed();
    co_await with_wait_for();
    co_await with_timeout();
    log("done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(log.text(), CpythonGolden("float_clock"));
}

// tests/cpython/float_window.py
TEST(FloatClock, TimersWithinTheClockResolutionFireInOneIteration) {
  FloatLog log;
  auto ticker = [&](int n) -> Task<void> {
    for (int i = 0; i < n; ++i) {
      log("tick", i);
      co_await Sleep(0);
    }
  };
  auto sleeper = [&](std::string name, double d) -> Task<void> {
    co_await Sleep(d);
    log(name, "woke");
  };
  auto main = [&]() -> Task<void> {
    co_await Sleep(1);
    co_await Gather(sleeper("C +3e-10", 3e-10), sleeper("B +2e-10", 2e-10),
                    sleeper("A +1e-10", 1e-10), sleeper("D +2e-9", 2e-9),
                    ticker(4));
    co_await Gather(sleeper("tiny 5e-10", 5e-10), sleeper("zero", 0),
                    ticker(3));
    co_await Sleep(std::ldexp(1.0, 25));  // 2.0 ** 25
    log("far");
    co_await Gather(sleeper("far +1e-9", 1e-9), sleeper("far zero", 0),
                    ticker(3));
    log("done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(log.text(), CpythonGolden("float_window"));
}

TEST(PyFloat, WritesWhatPythonsReprWrites) {
  EXPECT_EQ(PyFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(PyFloat(1.0), "1.0");
  EXPECT_EQ(PyFloat(0.0), "0.0");
  EXPECT_EQ(PyFloat(-2.5), "-2.5");
  EXPECT_EQ(PyFloat(1e-10), "1e-10");
  EXPECT_EQ(PyFloat(0.0001), "0.0001");
  EXPECT_EQ(PyFloat(1e16), "1e+16");
  EXPECT_EQ(PyFloat(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(PyFloat(31536000000.000004), "31536000000.000004");
  EXPECT_EQ(PyFloat(1.5e300), "1.5e+300");
}

}  // namespace
}  // namespace asyncsim::engine_test
