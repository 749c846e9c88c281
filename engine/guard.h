// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: guard.h
// -----------------------------------------------------------------------------
//
// `Guard<P>` is the C++ form of `async with lock:` (or a semaphore, or a
// condition's lock): it owns one acquisition of the primitive and releases
// it when it goes out of scope, on every path, including the unwinding of a
// CancelledError, as `__aexit__` does.
//
// Guarantees:
//   * `co_await p.Scoped()` acquires exactly as `co_await p.Acquire()` does
//     (same hops; nothing extra: `__aenter__` is awaited inline) and returns
//     the guard. If the acquisition throws (cancelled while waiting), there
//     is no guard and nothing to release.
//   * Destroying the guard releases once; `Release()` releases early (the
//     end of the `async with` block) and makes the destructor a no-op.
//   * Movable; a moved-from guard owns nothing.
//   * Safe in either order of destruction: a guard that outlives its
//     primitive (frames torn down at the end of a run that never finished)
//     does nothing. A destructor cannot raise, so where `__aexit__` would
//     raise (the lock was released behind the guard's back, a bounded
//     semaphore already at its bound) the guard does nothing instead.
//
// Example:
//
//   Lock lock;
//   {
//     Guard<Lock> guard = co_await lock.Scoped();  // async with lock:
//     co_await Sleep(absl::Seconds(1));
//   }                                             // released here

#ifndef ASYNCSIM_ENGINE_GUARD_H_
#define ASYNCSIM_ENGINE_GUARD_H_

#include "engine/internal/intrusive_list.h"

namespace asyncsim {

// `P` provides `internal::IntrusiveList<internal::ListHook> guards_` and
// `void ReleaseFromGuard() noexcept`, and befriends Guard<P>.
template <typename P>
class [[nodiscard]] Guard {
 public:
  // Owns one acquisition of `primitive` (already acquired).
  explicit Guard(P* primitive) : primitive_(primitive) {
    primitive_->guards_.PushBack(&hook_);
  }
  Guard(Guard&& other) noexcept : primitive_(other.primitive_) {
    if (other.hook_.linked()) {
      other.hook_.Unlink();
      primitive_->guards_.PushBack(&hook_);
    }
  }
  Guard& operator=(Guard&&) = delete;
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
  ~Guard() { Release(); }

  // True until released (or moved from, or the primitive is gone).
  bool owns() const { return hook_.linked(); }

  // Releases now, once.
  void Release() {
    if (!hook_.linked()) return;
    hook_.Unlink();
    primitive_->ReleaseFromGuard();
  }

 private:
  P* primitive_;
  internal::ListHook hook_;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_GUARD_H_
