#include "engine/callback.h"

#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/loop.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/trace.h"

namespace asyncsim {
namespace {

using testing::CpythonGolden;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Lifetimes;
using testing::Trace;

// `cb(loop, name, then)` of the Python program: logs, then call_soon's the
// follow-up.
std::function<void()> Cb(Trace& trace, std::string name,
                         std::string then = "") {
  return [&trace, name, then] {
    trace.Log(name);
    if (!then.empty()) CallSoon(Cb(trace, then));
  };
}

// tests/cpython/call_soon_and_timers.py, all of it.
TEST(Callback, ReadyFifoAndTimersRunInCPythonsOrder) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    Loop* loop = Loop::Current();
    CallSoon(Cb(trace, "soon 1", "soon 1 -> next"));
    CallSoon(Cb(trace, "soon 2", "soon 2 -> next"));
    CallAt(loop->Now() - absl::Seconds(5), Cb(trace, "call_at in the past"));
    CallLater(absl::ZeroDuration(), Cb(trace, "call_later 0"));
    CallSoon(Cb(trace, "soon 3"));
    trace.Log("main yields");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main resumed");
    co_await Sleep(absl::ZeroDuration());
    trace.Log("main resumed again");
    CallbackHandle h1 =
        CallLater(absl::Seconds(2), Cb(trace, "cancelled at 2"));
    CallbackHandle h2 =
        CallLater(absl::Seconds(3), Cb(trace, "cancelled at 3"));
    CallLater(absl::Seconds(5), Cb(trace, "timer at 5", "timer at 5 -> next"));
    CallLater(absl::Seconds(5), Cb(trace, "second timer at 5"));
    h1.Cancel();
    h2.Cancel();
    co_await Sleep(absl::Seconds(5));
    trace.Log("main after sleep(5)");
    CallLater(absl::Seconds(1), Cb(trace, "callback timer at 6"));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main after sleep(1)");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("call_soon_and_timers"));
}

TEST(Callback, ATimerInThePastFiresWithoutMovingTheClockWhenNothingIsReady) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    co_await Sleep(absl::Seconds(2));
    Event fired;
    CallLater(absl::Seconds(-1), [&] {
      trace.Print("past timer");
      fired.Set();
    });
    co_await fired.Wait();
    trace.Print("main woke");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("2.000 past timer", "2.000 main woke"));
}

TEST(Callback, TimerHandlesReportTheirDeadlineAndCancelledState) {
  auto main = []() -> Task<void> {
    Loop* loop = Loop::Current();
    co_await Sleep(absl::Seconds(1));
    CallbackHandle h = CallLater(absl::Milliseconds(1500), [] {});
    EXPECT_EQ(h.When(), loop->Now() + absl::Milliseconds(1500));
    EXPECT_FALSE(h.Cancelled());
    h.Cancel();
    h.Cancel();
    EXPECT_TRUE(h.Cancelled());
    CallbackHandle none;
    none.Cancel();  // No-op on an empty handle.
    EXPECT_FALSE(none.valid());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Callback, CancellingAQueuedCallbackSkipsIt) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    CallbackHandle later;
    CallSoon([&] { later.Cancel(); });
    later = CallSoon([&] { trace.Print("should not run"); });
    // A timer cancelled after it was popped as due, before it ran.
    CallbackHandle timer;
    CallLater(absl::Seconds(1), [&] { timer.Cancel(); });
    timer = CallLater(absl::Seconds(1), [&] { trace.Print("nor this"); });
    co_await Sleep(absl::Seconds(2));
    trace.Print("done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("2.000 done"));
}

TEST(Callback, AnExceptionInACallbackIsLoggedAndTheLoopCarriesOn) {
  std::ostringstream log;
  Trace trace;
  auto main = [&]() -> Task<void> {
    CallSoon([] { throw std::runtime_error("bad callback"); });
    CallSoon([&] { trace.Print("next callback runs"); });
    co_await Sleep(absl::ZeroDuration());
    trace.Print("main carries on");
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(log.str(), HasSubstr("Exception in callback"));
  EXPECT_THAT(log.str(), HasSubstr("bad callback"));
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 next callback runs", "0.000 main carries on"));
}

TEST(Callback, DoneCallbacksOnATaskRunOneHopAfterItEndsInRegistrationOrder) {
  Trace trace;
  auto child = [&]() -> Task<int> {
    trace.Print("child ends");
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> task = CreateTask(child());
    AddDoneCallback(task, [&] { trace.Print("first"); });
    DoneCallbackHandle removed =
        AddDoneCallback(task, [&] { trace.Print("removed"); });
    AddDoneCallback(task, [&, task] {
      trace.Print("third sees " + std::to_string(task.Result()));
    });
    EXPECT_EQ(removed.Remove(), 1);
    EXPECT_EQ(removed.Remove(), 0);
    co_await task;
    trace.Print("main resumes");
    AddDoneCallback(task, [&] { trace.Print("added when done"); });
    co_await Sleep(absl::ZeroDuration());
    trace.Print("main after a hop");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  // The awaiting main registered its wakeup last.
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 child ends", "0.000 first",
                          "0.000 third sees 1", "0.000 main resumes",
                          "0.000 added when done", "0.000 main after a hop"));
}

TEST(Callback, CallingOutsideARunningLoopIsARuntimeError) {
  EXPECT_THROW(CallSoon([] {}), RuntimeError);
  EXPECT_THROW(CallLater(absl::Seconds(1), [] {}), RuntimeError);
}

TEST(Callback, PendingCallbacksAndTimersAreFreedWhenTheLoopGoes) {
  Lifetimes lifetimes;
  CallbackHandle kept;
  auto blocked = [&]() -> Task<void> {
    Event never;
    co_await never.Wait();
  };
  auto main = [&]() -> Task<void> {
    auto token = std::make_shared<Lifetimes::Token>(lifetimes.Make());
    CallLater(absl::Hours(1), [token] {});
    kept = CallLater(absl::Hours(2), [token] {});
    TaskHandle<void> task = CreateTask(blocked());
    AddDoneCallback(task, [token] {});
    co_await Sleep(absl::Seconds(1));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(lifetimes.created(), 1);
  EXPECT_EQ(lifetimes.live(), 0);
  // A handle kept past the run can still be asked and cancelled.
  EXPECT_FALSE(kept.Cancelled());
  kept.Cancel();
  EXPECT_TRUE(kept.Cancelled());
}

TEST(Callback, NothingLeaksAfterADeadlockWithRegistrationsOnBlockedTasks) {
  Lifetimes lifetimes;
  auto blocked = [&]() -> Task<void> {
    Event never;
    co_await never.Wait();
  };
  auto main = [&]() -> Task<void> {
    auto token = std::make_shared<Lifetimes::Token>(lifetimes.Make());
    TaskHandle<void> task = CreateTask(blocked());
    AddDoneCallback(task, [token, task] {});
    CallSoon([token] {});
    co_await task;
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim
