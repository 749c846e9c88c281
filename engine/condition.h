// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: condition.h
// -----------------------------------------------------------------------------
//
// `Condition` is `asyncio.Condition`: a lock (its own, or one given) plus a
// line of tasks waiting to be notified.
//
// Guarantees, as asyncio/locks.py (3.11.7) line for line:
//   * `co_await cond.Wait()` requires the lock (else RuntimeError("cannot
//     wait on un-acquired lock")); it releases it, waits to be notified,
//     then reacquires it (through the lock's own FIFO) before returning.
//     Cancelled while waiting, it still reacquires the lock before
//     CancelledError propagates; cancelled while reacquiring, it keeps
//     trying and throws CancelledError once it holds the lock.
//   * `Notify(n)` wakes the first n waiters not yet woken, in the order they
//     started waiting; `NotifyAll()` all of them. Both require the lock
//     (else RuntimeError("cannot notify on un-acquired lock")). A notified
//     task resumes one hop later and then queues for the lock, so notified
//     tasks run one at a time as the lock passes on.
//   * `WaitFor(predicate)` loops `Wait()` until the predicate holds (it is
//     checked first, without waiting).
//   * `Wait()` is a coroutine (as in Python), awaited inline: no hop of its
//     own, but one frame allocation per wait. The waiter itself lives in
//     that frame.
//
// Example:
//
//   Condition cond;
//   {
//     Guard<Lock> guard = co_await cond.Scoped();  // async with cond:
//     co_await cond.WaitFor([&] { return ready; });
//   }
//   ... elsewhere, holding the lock: cond.NotifyAll();

#ifndef ASYNCSIM_ENGINE_CONDITION_H_
#define ASYNCSIM_ENGINE_CONDITION_H_

#include <coroutine>
#include <cstddef>
#include <exception>
#include <string>
#include <utility>

#include "engine/errors.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/waiter.h"
#include "engine/lock.h"
#include "engine/loop.h"
#include "engine/observer.h"
#include "engine/task.h"

namespace asyncsim {

class Condition {
 public:
  // A condition with a lock of its own.
  Condition() : lock_(&own_lock_) {}
  // A condition over `lock`, which must outlive it.
  explicit Condition(Lock& lock) : lock_(&lock) {}
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  // The lock's locked(), acquire(), release() and `async with`.
  bool Locked() const { return lock_->Locked(); }
  Lock::AcquireAwaiter Acquire() { return lock_->Acquire(); }
  Lock::ScopedAwaiter Scoped() { return lock_->Scoped(); }
  void Release() { lock_->Release(); }
  Lock& lock() { return *lock_; }

  // `await cond.wait()`.
  Task<void> Wait() {
    if (!Locked()) throw RuntimeError("cannot wait on un-acquired lock");
    Release();
    std::exception_ptr error;
    try {
      co_await NotifiedAwaiter(this);
    } catch (...) {
      error = std::current_exception();
    }
    // finally: must reacquire the lock even if the wait was cancelled.
    bool cancelled = false;
    while (true) {
      try {
        co_await Acquire();
        break;
      } catch (const CancelledError&) {
        cancelled = true;
      }
    }
    if (cancelled) throw CancelledError();
    if (error) std::rethrow_exception(error);
  }

  // `await cond.wait_for(predicate)`: the predicate's final value (true).
  template <typename Predicate>
  Task<bool> WaitFor(Predicate predicate) {
    bool result = static_cast<bool>(predicate());
    while (!result) {
      co_await Wait();
      result = static_cast<bool>(predicate());
    }
    co_return result;
  }

  // notify(n): wakes up to `n` waiters not yet woken.
  void Notify(size_t n = 1) {
    if (!Locked()) throw RuntimeError("cannot notify on un-acquired lock");
    size_t woken = 0;
    waiters_.ForEach([&](internal::Waiter* waiter) {
      if (woken >= n || waiter->done()) return;
      ++woken;
      waiter->SetDone();
    });
  }
  // notify_all().
  void NotifyAll() { Notify(waiters_.size()); }

 private:
  // The future each waiting task parks on in wait().
  class ConditionWaiter final : public internal::Waiter {
   public:
    std::string Describe() const override { return "Condition.wait"; }
  };

  class [[nodiscard]] NotifiedAwaiter {
   public:
    explicit NotifiedAwaiter(Condition* cond) : cond_(cond) {}
    NotifiedAwaiter(const NotifiedAwaiter&) = delete;
    NotifiedAwaiter& operator=(const NotifiedAwaiter&) = delete;

    bool await_ready() const noexcept { return false; }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, WaitKind::kFuture);
      cond_->waiters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    void await_resume() {
      waiter_.Unlink();  // finally: self._waiters.remove(fut)
      waiter_.task()->ThrowIfCancelled(waiter_.cancelled());
    }

   private:
    Condition* cond_;
    ConditionWaiter waiter_;
  };

  Lock own_lock_;
  Lock* lock_;
  internal::IntrusiveList<internal::Waiter> waiters_;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_CONDITION_H_
