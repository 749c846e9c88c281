// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: sleep.h
// -----------------------------------------------------------------------------
//
// `Sleep(d)` is `asyncio.sleep(d)` on the virtual clock: it takes no real
// time, and the task resumes exactly when CPython's would.
//
// Guarantees, hop for hop:
//   * d > 0: a timer at now + d whose callback sets a future; the task
//     resumes one hop after the timer fires. Timers with one deadline fire
//     in the order they were scheduled.
//   * d <= 0: one bare yield (`sleep(0)`): the task goes to the back of the
//     ready FIFO and resumes in the next iteration.
//   * Cancelled while sleeping: CancelledError at the await point; the
//     timer is cancelled and never moves the clock.
//   * No allocation: the timer lives in the awaiter, inside the coroutine
//     frame, and the future's state in the task (a task awaits one future
//     at a time), so that firing the timer touches the task only.
//
// Example:
//
//   Task<void> Count() {
//     Print("One");
//     co_await Sleep(absl::Seconds(1));
//     Print("Two");
//   }

#ifndef ASYNCSIM_ENGINE_SLEEP_H_
#define ASYNCSIM_ENGINE_SLEEP_H_

#include <algorithm>
#include <coroutine>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim {

class [[nodiscard]] SleepAwaiter final : public internal::Blocker {
 public:
  explicit SleepAwaiter(absl::Duration delay)
      : ticks_(delay > absl::ZeroDuration()
                   ? std::max<internal::Ticks>(ToTicks(delay), 0)
                   : kBareYield) {}
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  ~SleepAwaiter() = default;

  bool await_ready() const noexcept { return false; }
  template <typename P>
  void await_suspend(std::coroutine_handle<P> self) {
    internal::TaskBase* task = self.promise().task();
    if (ticks_ == kBareYield) {
      timer_.task = task;
      task->YieldNow(self);
      return;
    }
    Loop* loop = task->loop();
    task->ArmTimerWait(&timer_);  // Sets timer_.task.
    loop->AddTimer(&timer_, SaturatingAdd(loop->NowTicks(), ticks_));
    task->BlockOn(this, self);
  }
  void await_resume() {
    internal::TaskBase* task = timer_.task;
    if (ticks_ == kBareYield) {
      task->ThrowIfCancelled(false);
      return;
    }
    // sleep()'s `finally: h.cancel()`.
    task->loop()->CancelTimer(&timer_);
    task->ThrowIfCancelled(task->TimerWaitCancelled());
  }

  bool Cancel() override { return timer_.task->CancelTimerWait(); }
  WaitKind kind() const override {
    return ticks_ != kBareYield ? WaitKind::kSleep : WaitKind::kYield;
  }
  std::string Describe() const override;

 private:
  static constexpr internal::Ticks kBareYield = -1;

  // The timer and the suspended task (set from await_suspend on, for a
  // bare yield too). Its firing sets the future, whose state is the
  // task's (TaskBase::ArmTimerWait). Nothing else is kept: the awaiter
  // lives in the coroutine frame of every sleeping task.
  internal::TaskTimer timer_;
  // The delay in whole nanoseconds, or kBareYield for a delay <= 0. A
  // positive delay under 1 ns is a timer due now (CPython's clock
  // resolution makes it fire at once, still two hops), not a bare yield.
  internal::Ticks ticks_;
};

// asyncio.sleep(delay).
inline SleepAwaiter Sleep(absl::Duration delay) { return SleepAwaiter(delay); }

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_SLEEP_H_
