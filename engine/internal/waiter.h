// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/waiter.h
// -----------------------------------------------------------------------------
//
// `Waiter` is the future that asyncio's queues and locks create for each
// blocked caller (`fut = loop.create_future(); waiters.append(fut)`), reduced
// to what those uses need: exactly one task waits on it, so it schedules that
// task's wakeup directly instead of keeping a callback list. It lives in the
// awaiter, in the coroutine frame, and sits on its primitive's waiter list
// through its `ListHook`: no allocation per wait.
//
// Guarantees (as CPython's Future):
//   * `SetDone()` and a successful `Cancel()` each schedule the task's
//     wakeup once, with call_soon.
//   * `Cancel()` on a settled waiter returns false and does nothing.
//
// Example (inside an awaiter):
//
//   waiter_.Arm(task, WaitKind::kEvent);
//   event->waiters_.PushBack(&waiter_);
//   waiter_.Block(self);

#ifndef ASYNCSIM_ENGINE_INTERNAL_WAITER_H_
#define ASYNCSIM_ENGINE_INTERNAL_WAITER_H_

#include <coroutine>
#include <cstdint>
#include <optional>

#include "engine/internal/intrusive_list.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim::internal {

class Waiter : public Blocker, public ListHook {
 public:
  enum class State : uint8_t { kPending, kDone, kCancelled };

  Waiter() = default;
  ~Waiter() = default;

  // A fresh pending future for `task` (also used to wait again).
  void Arm(TaskBase* task, WaitKind kind) {
    task_ = task;
    kind_ = kind;
    state_ = State::kPending;
  }

  // The primitive this waiter waits on was destroyed while it waited (a C++
  // primitive lives as long as its scope, not as long as it is referred to):
  // its awaiter must not touch the primitive again.
  void Orphan() { orphaned_ = true; }
  bool orphaned() const { return orphaned_; }

  // The task suspends at `leaf` on this waiter (TaskBase::BlockOn), from
  // now on. Requires Arm().
  void Block(std::coroutine_handle<> leaf) {
    since_ = task_->loop()->Time();
    task_->BlockOn(this, leaf);
  }

  State state() const { return state_; }
  bool done() const { return state_ != State::kPending; }
  bool cancelled() const { return state_ == State::kCancelled; }
  TaskBase* task() const { return task_; }

  // fut.set_result(...). Requires !done().
  void SetDone() {
    state_ = State::kDone;
    task_->loop()->CallSoon(task_->StepHandle());
  }
  // fut.cancel() from the waiting task itself, in an `except` block: the
  // task is running, so there is no wakeup to schedule.
  void CancelInPlace() {
    if (state_ == State::kPending) state_ = State::kCancelled;
  }

  bool Cancel() override {
    if (state_ != State::kPending) return false;
    state_ = State::kCancelled;
    task_->loop()->CallSoon(task_->StepHandle());
    return true;
  }
  WaitKind kind() const override { return kind_; }
  std::optional<VirtualTime> BlockedSince(const TaskBase* task) const override {
    return since_;
  }

 private:
  TaskBase* task_ = nullptr;
  // Since when the task waits: set by Block, not by a re-Arm (a woken
  // Queue getter that waits again has waited all along).
  VirtualTime since_ = 0;
  State state_ = State::kPending;
  WaitKind kind_ = WaitKind::kFuture;
  bool orphaned_ = false;
};

// For a primitive's destructor: tells every waiter still on `waiters` that
// the primitive is gone, and unlinks it (in the same pass, rather than a
// second one in the list's destructor: a cache miss per waiter).
template <typename W>
void OrphanAll(IntrusiveList<W>& waiters) {
  while (!waiters.empty()) waiters.PopFront()->Orphan();
}

// An awaiter resumed after its primitive was destroyed: a due cancellation
// is thrown as usual, anything else is a RuntimeError naming the primitive.
[[noreturn]] void ThrowOrphaned(Waiter& waiter, const char* primitive);

// `_wakeup_next(waiters)` of asyncio.Queue: wakes the first waiter that is
// not done, dropping the done ones it passes.
template <typename W>
void WakeupNext(IntrusiveList<W>& waiters) {
  while (!waiters.empty()) {
    W* waiter = waiters.PopFront();
    if (!waiter->done()) {
      waiter->SetDone();
      return;
    }
  }
}

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_WAITER_H_
