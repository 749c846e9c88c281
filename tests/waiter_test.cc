#include "engine/internal/waiter.h"

#include <coroutine>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/internal/intrusive_list.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/trace.h"

namespace asyncsim::internal {
namespace {

using ::asyncsim::testutil::Lifetimes;
using ::asyncsim::testutil::Trace;
using ::testing::ElementsAre;

// The bare awaiter a primitive builds around its Waiter: arm, queue, block;
// on resumption leave the queue and raise a cancellation.
class Park {
 public:
  Park(IntrusiveList<Waiter>& line, Waiter& waiter)
      : line_(line), waiter_(waiter) {}
  bool await_ready() const noexcept { return false; }
  template <typename P>
  void await_suspend(std::coroutine_handle<P> self) {
    TaskBase* task = self.promise().task();
    waiter_.Arm(task, WaitKind::kEvent);
    line_.PushBack(&waiter_);
    task->BlockOn(&waiter_, self);
  }
  void await_resume() {
    waiter_.Unlink();
    if (waiter_.orphaned()) ThrowOrphaned(waiter_, "Gate");
    waiter_.task()->ThrowIfCancelled(waiter_.cancelled());
  }

 private:
  IntrusiveList<Waiter>& line_;
  Waiter& waiter_;
};

TEST(Waiter, SetDoneWakesItsTaskOnceOneHopLater) {
  Trace trace;
  IntrusiveList<Waiter> line;
  Waiter w;
  auto parked = [&]() -> Task<void> {
    co_await Park(line, w);
    trace.Log("woken");
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(parked());
    co_await Sleep(absl::ZeroDuration());
    EXPECT_FALSE(w.done());
    w.SetDone();
    trace.Log("set");
    // Settled: a later cancel() is refused and schedules nothing (a second
    // wakeup would resume a finished coroutine).
    EXPECT_FALSE(w.Cancel());
    EXPECT_EQ(w.state(), Waiter::State::kDone);
    co_await t;
    trace.Log("joined");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 set", "0.000 woken", "0.000 joined"));
}

TEST(Waiter, CancellingTheTaskCancelsTheWaiterItIsBlockedOn) {
  Trace trace;
  IntrusiveList<Waiter> line;
  Waiter w;
  auto parked = [&]() -> Task<void> {
    try {
      co_await Park(line, w);
    } catch (const CancelledError&) {
      trace.Log("cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t = CreateTask(parked());
    co_await Sleep(absl::ZeroDuration());
    EXPECT_EQ(line.size(), 1u);
    EXPECT_TRUE(t.Cancel());
    EXPECT_TRUE(w.cancelled());
    EXPECT_FALSE(w.Cancel());  // Once.
    EXPECT_THROW(co_await t, CancelledError);
    EXPECT_TRUE(line.empty());  // It left the line as it resumed.
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 cancelled"));
}

TEST(Waiter, WakeupNextSkipsAndDropsWaitersAlreadyDone) {
  Trace trace;
  IntrusiveList<Waiter> line;
  Waiter a, b, c;
  auto parked = [&](Waiter& w, std::string name) -> Task<void> {
    try {
      co_await Park(line, w);
      trace.Log(name, "woken");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> ta = CreateTask(parked(a, "a"));
    TaskHandle<void> tb = CreateTask(parked(b, "b"));
    TaskHandle<void> tc = CreateTask(parked(c, "c"));
    co_await Sleep(absl::ZeroDuration());
    ta.Cancel();  // a is done (cancelled) but still first in line.
    WakeupNext(line);
    EXPECT_TRUE(b.done());
    EXPECT_FALSE(c.done());
    EXPECT_EQ(line.front(), &c);  // a and b were popped, c waits on.
    co_await Sleep(absl::ZeroDuration());
    WakeupNext(line);
    co_await ta;
    co_await tb;
    co_await tc;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 a cancelled", "0.000 b woken",
                                         "0.000 c woken"));
}

TEST(Waiter, AnOrphanedWaiterRaisesRuntimeErrorUnlessItWasCancelled) {
  Trace trace;
  Lifetimes lifetimes;
  Waiter w1, w2;
  auto parked = [&](IntrusiveList<Waiter>& line, Waiter& w) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await Park(line, w);
    } catch (const RuntimeError& e) {
      trace.Log(e.what());
    } catch (const CancelledError&) {
      trace.Log("cancelled");
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> t1;
    TaskHandle<void> t2;
    {
      IntrusiveList<Waiter> line;
      t1 = CreateTask(parked(line, w1));
      t2 = CreateTask(parked(line, w2));
      co_await Sleep(absl::ZeroDuration());
      OrphanAll(line);  // The primitive's destructor.
      w1.SetDone();     // A wakeup it can no longer use.
      t2.Cancel();
    }
    co_await t1;
    co_await t2;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 Gate destroyed while a task was waiting on it",
                          "0.000 cancelled"));
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::internal
