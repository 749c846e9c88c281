// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: wait_for.h
// -----------------------------------------------------------------------------
//
// `WaitFor(aw, timeout)` is `asyncio.wait_for(aw, timeout)` of CPython 3.11:
// wait for a coroutine (`Task<T>`, made a task), a task (`TaskHandle<T>`) or
// a `Future<T>`, at most `timeout`; on timeout, cancel it, wait until it has
// really finished, and throw TimeoutError.
//
// It is written like tasks.py's wait_for, with the same building blocks, so
// it takes the same hops: a waiter future; the timeout as a loop.call_later
// timer that releases the waiter; `_release_waiter` as a done-callback on the
// inner task; `_cancel_and_wait` (cancel, then wait on a second waiter
// released by a done-callback). Hence:
//   * No timeout (`std::nullopt` or `absl::InfiniteDuration()`, Python's
//     None): `co_await aw` directly; a coroutine runs inline, no task.
//   * timeout <= 0: the coroutine becomes a task; if it is already done, its
//     result; else it is cancelled before its first step (its body never
//     runs) and TimeoutError thrown, unless it finished anyway.
//   * Otherwise the inner finishing first: its result (or exception) two
//     hops after it ends (its done-callback, then the waiter's wakeup). The
//     timeout first (the timer was scheduled before the inner's own timers,
//     so it wins ties): the inner is cancelled, its handlers run, and
//     TimeoutError is thrown two hops after it ends, or its result if it
//     swallowed the cancellation and returned.
//   * The awaiting task cancelled while waiting: the inner is cancelled and
//     waited for, then CancelledError propagates. (As in 3.11: if the inner
//     had finished already, its result is returned instead.)
//
// `WaitFor` itself is a coroutine (awaited inline, as wait_for is); it
// allocates its frame and two small futures.
//
// Example:
//
//   try {
//     std::string r = co_await WaitFor(Fetch(), absl::Seconds(2));
//   } catch (const TimeoutError&) { ... }

#ifndef ASYNCSIM_ENGINE_WAIT_FOR_H_
#define ASYNCSIM_ENGINE_WAIT_FOR_H_

#include <cmath>
#include <exception>
#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/time/time.h"
#include "engine/callback.h"
#include "engine/errors.h"
#include "engine/future.h"
#include "engine/loop.h"
#include "engine/observer.h"
#include "engine/task.h"

namespace asyncsim {
namespace internal {

// tasks._release_waiter(waiter).
inline void ReleaseWaiter(Future<void>& waiter) {
  if (!waiter.Done()) waiter.SetResult();
}

// tasks._cancel_and_wait(fut): cancels `fut` and waits until it is done,
// through a waiter of its own (so that this wait is itself cancellable).
// The caller keeps `fut` alive.
inline Task<void> CancelAndWait(FutureCore* fut) {
  Future<void> waiter(fut->loop(), WaitKind::kWaitFor);
  DoneCallbackHandle cb =
      AddDoneCallback(fut, [waiter]() mutable { ReleaseWaiter(waiter); });
  absl::Cleanup remove = [&cb] { cb.Remove(); };  // finally
  fut->Cancel();
  co_await waiter;
}

template <typename T, typename A>
Task<T> WaitFor(A aw, std::optional<double> timeout) {
  Loop* loop = LoopOrThrow();
  // (An infinite timeout is a timer that never fires: the same as none.)
  if (!timeout.has_value() || std::isinf(*timeout) && *timeout > 0) {
    co_return co_await std::move(aw);
  }

  if (*timeout <= 0) {
    auto fut = EnsureFuture(std::move(aw));
    if (fut.Done()) co_return ResultAs<T>(fut);
    co_await CancelAndWait(fut.core());
    try {
      co_return ResultAs<T>(fut);
    } catch (const CancelledError&) {
    }
    throw TimeoutError();
  }

  Future<void> waiter(loop, WaitKind::kWaitFor);
  CallbackHandle timeout_handle =
      CallLater(*timeout, [waiter]() mutable { ReleaseWaiter(waiter); });
  absl::Cleanup cancel_timeout = [&timeout_handle] {
    timeout_handle.Cancel();  // finally
  };
  auto fut = EnsureFuture(std::move(aw));
  DoneCallbackHandle cb = AddDoneCallback(
      fut.core(), [waiter]() mutable { ReleaseWaiter(waiter); });

  std::exception_ptr cancelled;
  try {
    co_await waiter;
  } catch (const CancelledError&) {
    cancelled = std::current_exception();
  }
  if (cancelled) {
    if (fut.Done()) co_return ResultAs<T>(fut);
    cb.Remove();
    // Make sure the inner is not running after wait_for returns.
    co_await CancelAndWait(fut.core());
    std::rethrow_exception(cancelled);
  }

  if (fut.Done()) co_return ResultAs<T>(fut);
  cb.Remove();
  co_await CancelAndWait(fut.core());
  // The inner may have swallowed the cancellation and returned (or failed).
  try {
    co_return ResultAs<T>(fut);
  } catch (const CancelledError&) {
  }
  throw TimeoutError();
}

}  // namespace internal

// asyncio.wait_for(aw, timeout): `aw` a Task<T> (scheduled as a task unless
// there is no timeout), a TaskHandle<T> or a Future<T>. `timeout` in
// seconds (the deadline is loop.time() + timeout, a double sum); empty or
// infinite: no timeout. Throws TimeoutError on timeout. A Duration is its
// seconds as a double.
template <typename A>
Task<internal::AwaitableValue<A>> WaitFor(A aw, std::optional<double> timeout) {
  return internal::WaitFor<internal::AwaitableValue<A>>(std::move(aw), timeout);
}
template <typename A>
Task<internal::AwaitableValue<A>> WaitFor(A aw, absl::Duration timeout) {
  return internal::WaitFor<internal::AwaitableValue<A>>(
      std::move(aw), absl::ToDoubleSeconds(timeout));
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_WAIT_FOR_H_
