// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: semaphore.h
// -----------------------------------------------------------------------------
//
// `Semaphore` is `asyncio.Semaphore`: a counter that `Acquire` decrements,
// waiting while it is zero, and `Release` increments. `BoundedSemaphore`
// also refuses to be released above its initial value.
//
// Guarantees, as asyncio/locks.py (3.11.7) line for line:
//   * `Locked()` is true when the value is 0 or some waiter is not
//     cancelled. `co_await sem.Acquire()` when not locked decrements at once,
//     without a hop.
//   * Otherwise the task waits in FIFO order. `Release()` increments and
//     wakes the first waiter that is not done (`_wake_up_next`), handing it
//     the unit at once (the value is decremented for it); it resumes one hop
//     later. Several releases in one step wake that many waiters, in order.
//     A woken waiter that finds units left over wakes the next one.
//   * Cancelled while waiting: CancelledError at the await point; the
//     waiter leaves the line, and if it had already been handed a unit it
//     gives it back and wakes the next waiter.
//   * `Semaphore(v)` with v < 0 throws ValueError. `BoundedSemaphore::
//     Release()` above the initial value throws ValueError("BoundedSemaphore
//     released too many times").
//   * No allocation: the waiter lives in the awaiter, in the coroutine frame.
//
// Example:
//
//   Semaphore sem(2);
//   {
//     Guard<Semaphore> guard = co_await sem.Scoped();  // async with sem:
//     ...
//   }

#ifndef ASYNCSIM_ENGINE_SEMAPHORE_H_
#define ASYNCSIM_ENGINE_SEMAPHORE_H_

#include <coroutine>
#include <cstdint>

#include "engine/errors.h"
#include "engine/guard.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/waiter.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim {

class Semaphore {
 public:
  // Throws ValueError if `value` < 0.
  explicit Semaphore(int64_t value = 1) : Semaphore(value, -1) {}
  // Waiters still blocked are told the semaphore is gone.
  ~Semaphore() { internal::OrphanAll(waiters_); }
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // locked(): Acquire() would wait.
  bool Locked() const {
    if (value_ == 0) return true;
    bool live_waiter = false;
    waiters_.ForEach([&](internal::Waiter* waiter) {
      live_waiter = live_waiter || !waiter->cancelled();
    });
    return live_waiter;
  }
  // The counter (`_value`).
  int64_t value() const { return value_; }

  // `await sem.acquire()`.
  class [[nodiscard]] AcquireAwaiter {
   public:
    explicit AcquireAwaiter(Semaphore* sem) : sem_(sem) {}
    AcquireAwaiter(const AcquireAwaiter&) = delete;
    AcquireAwaiter& operator=(const AcquireAwaiter&) = delete;

    bool await_ready() noexcept {
      if (sem_->Locked()) return false;
      --sem_->value_;
      return true;
    }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, WaitKind::kSemaphore);
      sem_->waiters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    void await_resume() {
      if (waiter_.task() == nullptr) return;  // Taken at once.
      if (waiter_.orphaned()) internal::ThrowOrphaned(waiter_, "Semaphore");
      waiter_.Unlink();  // finally: self._waiters.remove(fut)
      if (waiter_.task()->TakeCancel(waiter_.cancelled())) {
        if (!waiter_.cancelled()) {
          // Handed a unit, then cancelled: give it back.
          ++sem_->value_;
          sem_->WakeUpNext();
        }
        waiter_.task()->ThrowCancelled();
      }
      if (sem_->value_ > 0) sem_->WakeUpNext();
    }

   protected:
    Semaphore* sem_;

   private:
    internal::Waiter waiter_;
  };

  // `async with sem:` as `Guard<Semaphore> guard = co_await sem.Scoped();`.
  class [[nodiscard]] ScopedAwaiter : public AcquireAwaiter {
   public:
    using AcquireAwaiter::AcquireAwaiter;
    Guard<Semaphore> await_resume() {
      AcquireAwaiter::await_resume();
      return Guard<Semaphore>(sem_);
    }
  };

  AcquireAwaiter Acquire() { return AcquireAwaiter(this); }
  ScopedAwaiter Scoped() { return ScopedAwaiter(this); }

  // release(). A BoundedSemaphore throws ValueError above its bound.
  void Release() {
    if (bound_ >= 0 && value_ >= bound_) {
      throw ValueError("BoundedSemaphore released too many times");
    }
    ++value_;
    WakeUpNext();
  }

 protected:
  // `bound` < 0: unbounded.
  Semaphore(int64_t value, int64_t bound) : value_(value), bound_(bound) {
    if (value < 0) throw ValueError("Semaphore initial value must be >= 0");
  }

 private:
  friend class Guard<Semaphore>;

  // _wake_up_next(): the first waiter not done gets the unit.
  void WakeUpNext() {
    internal::Waiter* next = nullptr;
    waiters_.ForEach([&](internal::Waiter* waiter) {
      if (next == nullptr && !waiter->done()) next = waiter;
    });
    if (next == nullptr) return;
    --value_;
    next->SetDone();
  }

  void ReleaseFromGuard() noexcept {
    if (bound_ < 0 || value_ < bound_) Release();
  }

  internal::IntrusiveList<internal::Waiter> waiters_;
  internal::IntrusiveList<internal::ListHook> guards_;
  int64_t value_;
  int64_t bound_;
};

// asyncio.BoundedSemaphore: Release() above `value` throws ValueError.
class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(int64_t value = 1) : Semaphore(value, value) {}
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_SEMAPHORE_H_
