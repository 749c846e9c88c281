// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: lock.h
// -----------------------------------------------------------------------------
//
// `Lock` is `asyncio.Lock`: a mutual-exclusion lock for tasks, not owned by
// any task.
//
// Guarantees, as asyncio/locks.py (3.11.7) line for line:
//   * `co_await lock.Acquire()` on an unlocked lock whose waiters (if any)
//     are all cancelled takes it at once, without a hop.
//   * Otherwise the task waits in FIFO order. `Release()` unlocks and wakes
//     the first waiter in line if it is not already woken or cancelled
//     (`_wake_up_first`); the woken task takes the lock one hop later.
//     Between the release and that hop the lock is unlocked, but a new
//     `Acquire()` still waits: a woken waiter is still in line.
//   * Cancelled while waiting: CancelledError at the await point; the
//     waiter leaves the line, and if the lock is free it wakes the next one
//     (the `except CancelledError` block), so a wake-up is never lost.
//   * `Release()` of an unlocked lock throws RuntimeError("Lock is not
//     acquired.").
//   * No allocation: the waiter lives in the awaiter, in the coroutine
//     frame.
//
// Example:
//
//   Lock lock;
//   {
//     Guard<Lock> guard = co_await lock.Scoped();  // async with lock:
//     ...
//   }
//   co_await lock.Acquire();                      // or by hand
//   lock.Release();

#ifndef ASYNCSIM_ENGINE_LOCK_H_
#define ASYNCSIM_ENGINE_LOCK_H_

#include <coroutine>

#include "engine/errors.h"
#include "engine/guard.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/waiter.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim {

class Lock {
 public:
  Lock() = default;
  // Waiters still blocked are told the lock is gone (see internal::Waiter).
  ~Lock() { internal::OrphanAll(waiters_); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // locked()
  bool Locked() const { return locked_; }

  // `await lock.acquire()`.
  class [[nodiscard]] AcquireAwaiter {
   public:
    explicit AcquireAwaiter(Lock* lock) : lock_(lock) {}
    AcquireAwaiter(const AcquireAwaiter&) = delete;
    AcquireAwaiter& operator=(const AcquireAwaiter&) = delete;

    bool await_ready() noexcept { return lock_->TakeIfFree(); }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, WaitKind::kLock);
      lock_->waiters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    void await_resume() {
      if (waiter_.task() == nullptr) return;  // Taken at once.
      if (waiter_.orphaned()) internal::ThrowOrphaned(waiter_, "Lock");
      waiter_.Unlink();  // finally: self._waiters.remove(fut)
      if (waiter_.task()->TakeCancel(waiter_.cancelled())) {
        if (!lock_->locked_) lock_->WakeUpFirst();
        waiter_.task()->ThrowCancelled();
      }
      lock_->locked_ = true;
    }

   protected:
    Lock* lock_;

   private:
    internal::Waiter waiter_;
  };

  // `async with lock:` as `Guard<Lock> guard = co_await lock.Scoped();`.
  class [[nodiscard]] ScopedAwaiter : public AcquireAwaiter {
   public:
    using AcquireAwaiter::AcquireAwaiter;
    Guard<Lock> await_resume() {
      AcquireAwaiter::await_resume();
      return Guard<Lock>(lock_);
    }
  };

  AcquireAwaiter Acquire() { return AcquireAwaiter(this); }
  ScopedAwaiter Scoped() { return ScopedAwaiter(this); }

  // release(): throws RuntimeError if not locked.
  void Release() {
    if (!locked_) throw RuntimeError("Lock is not acquired.");
    locked_ = false;
    WakeUpFirst();
  }

 private:
  friend class Guard<Lock>;

  // acquire()'s fast path.
  bool TakeIfFree() {
    if (locked_) return false;
    bool all_cancelled = true;
    waiters_.ForEach([&](internal::Waiter* waiter) {
      all_cancelled = all_cancelled && waiter->cancelled();
    });
    if (all_cancelled) locked_ = true;
    return all_cancelled;
  }

  // _wake_up_first(): only the first in line, and only if not done.
  void WakeUpFirst() {
    if (waiters_.empty()) return;
    internal::Waiter* first = waiters_.front();
    if (!first->done()) first->SetDone();
  }

  void ReleaseFromGuard() noexcept {
    if (locked_) Release();
  }

  internal::IntrusiveList<internal::Waiter> waiters_;
  internal::IntrusiveList<internal::ListHook> guards_;
  bool locked_ = false;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_LOCK_H_
