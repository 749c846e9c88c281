// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: event.h
// -----------------------------------------------------------------------------
//
// `Event` is `asyncio.Event`: a flag that tasks can wait for.
//
// Guarantees (asyncio/locks.py, 3.11):
//   * `Wait()` on a set event returns at once, without suspending.
//   * `Set()` wakes every waiter, in the order they started waiting; each
//     resumes one hop later. Waiters that were cancelled stay cancelled.
//   * `Clear()` after `Set()` does not un-wake waiters already woken.
//   * A waiter cancelled while waiting gets CancelledError and leaves the
//     waiter list.
//
// Example:
//
//   Event ready;
//   TaskHandle<void> t = CreateTask(WaitFor(ready));  // co_await ready.Wait()
//   ready.Set();

#ifndef ASYNCSIM_ENGINE_EVENT_H_
#define ASYNCSIM_ENGINE_EVENT_H_

#include <coroutine>

#include "engine/internal/intrusive_list.h"
#include "engine/internal/waiter.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim {

class Event {
 public:
  class [[nodiscard]] WaitAwaiter {
   public:
    WaitAwaiter(Event* event, WaitKind kind) : event_(event), kind_(kind) {}
    WaitAwaiter(const WaitAwaiter&) = delete;
    WaitAwaiter& operator=(const WaitAwaiter&) = delete;

    bool await_ready() const noexcept { return event_->value_; }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, kind_);
      event_->waiters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    void await_resume() {
      if (waiter_.task() == nullptr) return;  // Did not suspend.
      waiter_.Unlink();  // `finally: self._waiters.remove(fut)`
      waiter_.task()->ThrowIfCancelled(waiter_.cancelled());
    }

   private:
    Event* event_;
    WaitKind kind_;
    internal::Waiter waiter_;
  };

  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  bool IsSet() const { return value_; }

  // Sets the flag and wakes every waiter not yet woken, in order.
  void Set() {
    if (value_) return;
    value_ = true;
    waiters_.ForEach([](internal::Waiter* waiter) {
      if (!waiter->done()) waiter->SetDone();
    });
  }

  void Clear() { value_ = false; }

  // `await event.wait()`.
  WaitAwaiter Wait() { return WaitAwaiter(this, WaitKind::kEvent); }
  // The same wait, reported as `kind` (Queue.join waits on an Event).
  WaitAwaiter WaitAs(WaitKind kind) { return WaitAwaiter(this, kind); }

 private:
  internal::IntrusiveList<internal::Waiter> waiters_;
  bool value_ = false;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_EVENT_H_
