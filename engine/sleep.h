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
//   * Observers see the wait as WaitKind::kSleep, "sleep(<delay>)" (a bare
//     yield as kYield).
//
// Example:
//
//   Task<void> Count() {
//     Print("One");
//     co_await Sleep(1);  // Or Sleep(absl::Seconds(1)).
//     Print("Two");
//   }

#ifndef ASYNCSIM_ENGINE_SLEEP_H_
#define ASYNCSIM_ENGINE_SLEEP_H_

#include <coroutine>
#include <cstdint>
#include <type_traits>

#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/loop.h"

namespace asyncsim {

class [[nodiscard]] SleepAwaiter {
 public:
  // `delay` in seconds. As asyncio.sleep: `delay <= 0` is one bare yield;
  // anything else (NaN and infinity too) a timer at loop.time() + delay.
  explicit SleepAwaiter(double delay) {
    if (delay <= 0) {
      timer_.MarkBareYield();
    } else {
      timer_.delay = delay;
    }
  }
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  // A timer leaves its queue before it goes (timer_queue.h). A sleep's
  // has by now (fired, cancelled on resumption, or cleared at teardown);
  // should a frame ever go otherwise (an observer that throws, against
  // its contract, while the sleep suspends), the timer is cancelled here
  // rather than left pointing into a destroyed frame.
  ~SleepAwaiter() {
    if (timer_.linked()) [[unlikely]] {
      timer_.task->loop()->CancelTimer(&timer_);
    }
  }

  bool await_ready() const noexcept { return false; }
  // Always inlined into the sleeping coroutine: it is on every sleep's
  // path, and g++ does not inline it by itself.
  template <typename P>
  [[gnu::always_inline]] void await_suspend(std::coroutine_handle<P> self) {
    internal::TaskBase* task = self.promise().task();
    if (timer_.bare_yield()) {
      timer_.task = task;
      task->YieldNow(self);
      return;
    }
    const internal::VirtualTime delay = timer_.delay;
    Loop* loop = task->loop();
    task->ArmTimerWait(&timer_);  // Sets timer_.task.
    loop->AddTimer(&timer_, loop->Time() + delay);
    task->BlockOnTimer(self, delay);
  }
  void await_resume() {
    internal::TaskBase* task = timer_.task;
    if (timer_.bare_yield()) {
      task->ThrowIfCancelled(false);
      return;
    }
    // sleep()'s `finally: h.cancel()`.
    task->loop()->CancelTimer(&timer_);
    if (task->TakeSleepCancel()) task->ThrowCancelled();
  }

 private:
  // The timer, the delay until the task suspends, the task from then on;
  // a bare yield (delay <= 0) is marked in it. Nothing else is kept (16
  // bytes): the awaiter lives in the coroutine frame of every sleeping
  // task. The task itself is what it waits on (TaskBase::BlockOnTimer):
  // firing the timer or cancelling the task settles the wait's state, kept
  // in the task. A positive delay under the clock's resolution (1e-9 s) is
  // a timer due at once (still two hops), not a bare yield.
  internal::TaskTimer timer_;
};

// asyncio.sleep(delay) with the delay in seconds, as Python writes it:
// `Sleep(1)`, `Sleep(0.25)`. The number is converted as Python's float()
// converts it, and the deadline is loop.time() + delay in doubles, so
// `Sleep(0.1)` then `Sleep(0.7)` ends before `Sleep(0.8)` begun at the same
// time, as in CPython. (Passing a number also keeps sleeping frames small:
// an absl::Duration temporary of the await expression stays in the frame.)
template <typename Seconds>
requires(std::is_arithmetic_v<Seconds> &&
         !std::is_same_v<Seconds, bool>) inline SleepAwaiter
    Sleep(Seconds delay) {
  return SleepAwaiter(static_cast<double>(delay));
}

// asyncio.sleep(delay) with an absl::Duration: its seconds as a double
// (absl::ToDoubleSeconds; an infinite duration is infinity).
inline SleepAwaiter Sleep(absl::Duration delay) {
  return SleepAwaiter(absl::ToDoubleSeconds(delay));
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_SLEEP_H_
