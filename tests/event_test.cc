#include "engine/event.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// tests/cpython/event_waiters.py, all of it.
TEST(Event, SetWakesEveryWaiterInOrderAndWaitOnASetEventDoesNotYield) {
  Trace trace;
  auto waiter = [&](Event& ev, std::string name) -> Task<void> {
    trace.Log(name, "waits");
    try {
      co_await ev.Wait();
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
    trace.Log(name, "woke, is_set:", Py(ev.IsSet()));
  };
  auto main = [&]() -> Task<void> {
    Event ev;
    std::vector<TaskHandle<void>> ws;
    for (int i : {3, 1, 2}) {
      ws.push_back(CreateTask(waiter(ev, "E" + std::to_string(i))));
    }
    TaskHandle<void> bad = CreateTask(waiter(ev, "X"));
    co_await Sleep(absl::Seconds(1));
    bad.Cancel();
    co_await Sleep(absl::Seconds(1));
    trace.Log("set");
    ev.Set();
    trace.Log("set again");
    ev.Set();
    trace.Log("main waits on a set event");
    co_await ev.Wait();
    trace.Log("main passed");
    co_await Gather(ws);
    ev.Clear();
    TaskHandle<void> w = CreateTask(waiter(ev, "late"));
    co_await Sleep(absl::Seconds(1));
    trace.Log("set, then clear at once");
    ev.Set();
    ev.Clear();
    co_await w;
    trace.Log("late returned although the event is clear:", Py(!ev.IsSet()));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("event_waiters"));
}

TEST(Event, NoFrameLeaksWhenWaitersAreLeftBehind) {
  Lifetimes lifetimes;
  auto waiter = [&](Event& ev) -> Task<void> {
    auto token = lifetimes.Make();
    co_await ev.Wait();
  };
  Event ev;  // Outside main: the waiters outlive main's locals.
  auto main = [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) (void)CreateTask(waiter(ev));
    co_await Sleep(absl::Seconds(1));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(lifetimes.created(), 3);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
