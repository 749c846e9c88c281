// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/wait.h
// -----------------------------------------------------------------------------
//
// What a suspended task waits on, and how it is woken. The wait concepts, one
// line each:
//
//   * `WaitTarget` (here): what a task is suspended on, CPython's
//     `Task._fut_waiter`: a future or a `Blocker`, in one tagged word.
//   * `Blocker` (here): a wait that is not a future: a primitive's `Waiter`.
//   * `Waiter` (waiter.h): the `Blocker` a queue, lock, event, semaphore or
//     condition makes for each blocked task, in the awaiter.
//   * `DoneCallback` (future_state.h): a registration on a future's
//     done-callback list (add_done_callback).
//   * `WaitNode` (here): the `DoneCallback` of a task awaiting a future,
//     which steps the task and remembers since when it waits.
//   * `InlineAwait` (task_state.h): not a wait on the loop at all, but a
//     coroutine awaited inline (`co_await F()`), which runs in the awaiting
//     task.
// A sleep has no object of these: its wait lives in the task (TaskBase's
// timer wait, `TaskTimer` in handles.h).
//
// Guarantees:
//   * `WaitTarget::Cancel()` is `Future.cancel()` on whatever the task waits
//     on: false if that wait is already settled; otherwise it is settled as
//     cancelled, which schedules the task's wakeup.
//   * A `Blocker` may re-arm itself when the task's wakeup runs
//     (`ReadyToResume`), so the task keeps waiting without running any of
//     the program's code.
//
// Example:
//
//   task->BlockOn(WaitTarget(&waiter_), leaf);     // A primitive's wait.
//   task->BlockOn(WaitTarget(future), leaf);       // An await on a future.

#ifndef ASYNCSIM_ENGINE_INTERNAL_WAIT_H_
#define ASYNCSIM_ENGINE_INTERNAL_WAIT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "engine/internal/future_state.h"
#include "engine/internal/timer_queue.h"
#include "engine/observer.h"

namespace asyncsim::internal {

class TaskBase;

// What a suspended task waits on when it is not a future (WaitTarget): a
// primitive's waiter (internal/waiter.h), as CPython's `Task._fut_waiter`
// is the future a Queue or Lock made.
class Blocker {
 public:
  // Future.cancel(): false if the wait is already settled; otherwise
  // settles it as cancelled, which schedules the waiting task's wakeup.
  virtual bool Cancel() = 0;
  // Asked when the waiting task's wakeup runs (and it is not being
  // cancelled). True: resume the coroutine. False: the blocker re-armed
  // itself and the task stays suspended, as a woken Queue getter that
  // finds the queue empty again waits again at the back, without running
  // any of the program's code.
  virtual bool ReadyToResume() { return true; }
  virtual WaitKind kind() const = 0;
  // For deadlock reports and observers, e.g. "Queue.get".
  virtual std::string Describe() const;
  // For deadlock reports: since when `task` has been waiting on this
  // blocker, if it does.
  virtual std::optional<VirtualTime> BlockedSince(const TaskBase* task) const {
    return std::nullopt;
  }

 protected:
  ~Blocker() = default;
};

// The done-callback that wakes a task awaiting a future (FutureAwaiter's,
// task.h): its callback steps the task (TaskBase::StepCallback, which
// nothing else registers). It keeps since when the task waits, which a
// deadlock report asks the future for (FutureCore::BlockedSince): the
// task does not keep it, as most waits end without one.
struct WaitNode : DoneCallback {
  VirtualTime since = 0;
};

// What a suspended task waits on (CPython's `Task._fut_waiter`): a future
// (a task, a gather, a plain Future) or a primitive's Blocker, in one
// tagged word; empty when it waits on nothing.
class WaitTarget {
 public:
  WaitTarget() = default;
  WaitTarget(FutureCore* future)  // NOLINT: implicit, as the pointers.
      : bits_(future != nullptr
                  ? reinterpret_cast<uintptr_t>(future) | kFutureBit
                  : 0) {}
  WaitTarget(Blocker* blocker)  // NOLINT
      : bits_(reinterpret_cast<uintptr_t>(blocker)) {}

  explicit operator bool() const { return bits_ != 0; }
  // Future.cancel(): false if the wait is already settled; otherwise
  // settles it as cancelled, which schedules the waiting task's wakeup.
  inline bool Cancel() const;
  // Blocker::ReadyToResume (a future is always ready).
  bool ReadyToResume() const {
    return (bits_ & kFutureBit) != 0 || blocker()->ReadyToResume();
  }
  inline WaitKind kind() const;
  inline std::string Describe() const;
  // For deadlock reports: since when `task` has been waiting on it.
  inline std::optional<VirtualTime> BlockedSince(const TaskBase* task) const;

 private:
  static constexpr uintptr_t kFutureBit = 1;
  FutureCore* future() const {
    return reinterpret_cast<FutureCore*>(bits_ & ~kFutureBit);
  }
  Blocker* blocker() const { return reinterpret_cast<Blocker*>(bits_); }

  uintptr_t bits_ = 0;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_WAIT_H_
