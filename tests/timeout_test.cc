#include "engine/timeout.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/loop.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// tests/cpython/timeout_cm.py, all of it.
TEST(Timeout, TheBlockIsCancelledAtTheDeadlineAndTimeoutErrorRaised) {
  Trace trace;
  auto block = [&](std::string name, int d, int limit) -> Task<void> {
    Timeout cm = TimeoutAfter(absl::Seconds(limit));
    try {
      co_await cm.With([&]() -> Task<void> {
        trace.Log(name, "sleeps", d, "deadline",
                  absl::StrFormat("%.3f", *cm.When()));
        try {
          co_await Sleep(absl::Seconds(d));
        } catch (const CancelledError&) {
          trace.Log(name, "cancelled inside");
          throw;
        }
        trace.Log(name, "finished in time");
      });
    } catch (const TimeoutError&) {
      trace.Log(name, "TimeoutError, expired:", Py(cm.Expired()));
    }
  };
  auto main = [&]() -> Task<void> {
    co_await block("slow", 3, 1);
    co_await block("fast", 1, 3);
    co_await block("tie", 2, 2);
    Loop* loop = Loop::Current();
    try {
      co_await WithTimeout(std::nullopt, [&](Timeout& cm) -> Task<void> {
        trace.Log("no deadline:", cm.When().has_value() ? "?" : "None");
        cm.Reschedule(loop->Time() + 1.5);
        co_await Sleep(absl::Seconds(5));
      });
    } catch (const TimeoutError&) {
      trace.Log("rescheduled timeout fired");
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("timeout_cm"));
}

// The expected lines of the tests below were checked against CPython 3.11
// on the oracle.

TEST(Timeout, ACancellationFromOutsideStaysACancellation) {
  Trace trace;
  auto victim = [&]() -> Task<void> {
    Timeout cm = TimeoutAfter(absl::Seconds(5));
    try {
      co_await cm.With(
          []() -> Task<void> { co_await Sleep(absl::Seconds(10)); });
    } catch (const CancelledError&) {
      trace.Log("victim cancelled, expired:", Py(cm.Expired()));
      throw;
    }
  };
  auto both = [&]() -> Task<void> {
    Timeout cm = TimeoutAfter(absl::Seconds(1));
    try {
      co_await cm.With([&]() -> Task<void> {
        try {
          co_await Sleep(absl::Seconds(10));
        } catch (const CancelledError&) {
          trace.Log("inside cancelled");
        }
        co_await Sleep(absl::Seconds(1));  // Cleanup, cancelled from outside.
        trace.Log("inside after cleanup");
        throw CancelledError();
      });
    } catch (const TimeoutError&) {
      trace.Log("both: TimeoutError");
    } catch (const CancelledError&) {
      trace.Log("both: CancelledError, expired:", Py(cm.Expired()));
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(victim());
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    try {
      co_await t;
    } catch (const CancelledError&) {
      trace.Log("t cancelled:", Py(t.Cancelled()));
    }
    t = CreateTask(both());
    co_await Sleep(absl::Milliseconds(1500));
    t.Cancel();
    try {
      co_await t;
    } catch (const CancelledError&) {
      trace.Log("both task cancelled:", Py(t.Cancelled()));
    }
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 victim cancelled, expired: False",
                          "1.000 t cancelled: True", "2.000 inside cancelled",
                          "2.500 both: CancelledError, expired: True",
                          "2.500 both task cancelled: True"));
}

TEST(Timeout, ValuesPastDeadlinesAndMisuse) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    co_await Sleep(absl::Milliseconds(2500));
    int value = co_await WithTimeout(absl::Seconds(1),
                                     []() -> Task<int> { co_return 42; });
    trace.Log("value", value);
    Loop* loop = Loop::Current();
    try {
      co_await TimeoutAt(loop->Time() - 1).With([&]() -> Task<void> {
        trace.Log("past deadline, entered");
        co_await Sleep(absl::ZeroDuration());
        trace.Log("not reached");
      });
    } catch (const TimeoutError&) {
      trace.Log("past deadline: TimeoutError");
    }
    Timeout cm = TimeoutAfter(absl::Seconds(1));
    try {
      cm.Reschedule(std::nullopt);
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
    co_await cm.With([]() -> Task<void> { co_return; });
    try {
      cm.Reschedule(std::nullopt);
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
    try {
      co_await cm.With([]() -> Task<void> { co_return; });
    } catch (const RuntimeError& e) {
      trace.Log("RuntimeError:", e.what());
    }
    Timeout swallow = TimeoutAfter(absl::Seconds(1));
    co_await swallow.With([&]() -> Task<void> {
      try {
        co_await Sleep(absl::Seconds(2));
      } catch (const CancelledError&) {
        trace.Log("swallowed");
      }
    });
    trace.Log("after swallowing, expired:", Py(swallow.Expired()));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(
      trace.lines(),
      ElementsAre("2.500 value 42", "2.500 past deadline, entered",
                  "2.500 past deadline: TimeoutError",
                  "2.500 RuntimeError: Timeout has not been entered",
                  "2.500 RuntimeError: Cannot change state of finished Timeout",
                  "2.500 RuntimeError: Timeout has already been entered",
                  "3.500 swallowed", "3.500 after swallowing, expired: True"));
}

TEST(Timeout, TheTaskIsUncancelledSoLaterAwaitsAreNotCancelled) {
  auto main = []() -> Task<void> {
    EXPECT_THROW(co_await WithTimeout(
                     absl::Seconds(1),
                     []() -> Task<void> { co_await Sleep(absl::Seconds(5)); }),
                 TimeoutError);
    co_await Sleep(absl::Seconds(1));  // Not cancelled.
    EXPECT_EQ(Loop::Current()->Time(), 2.0);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Timeout, NoFrameLeaksWhenTheRunDeadlocksInsideATimeoutBlock) {
  Lifetimes lifetimes;
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    co_await WithTimeout(absl::Hours(1), [&]() -> Task<void> {
      auto inner = lifetimes.Make();
      Event never;
      try {
        co_await never.Wait();
      } catch (const CancelledError&) {
      }
      co_await never.Wait();  // Ignores the timeout, then waits forever.
    });
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.created(), 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
