// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: wait.h
// -----------------------------------------------------------------------------
//
// `Wait(fs, timeout, return_when)` is `asyncio.wait(fs, timeout=...,
// return_when=...)` (3.11): wait until all of the tasks (or futures) are
// done, or the first is, or the first fails, or the timeout passes, and
// return which are done and which are still pending. It never throws what
// the tasks throw, never cancels them, and a timeout is not an error.
//
// Written like tasks.py's _wait, so it takes the same hops: a waiter future;
// `_on_completion` as a done-callback on every task (one hop after it ends),
// releasing the waiter when the condition is met; the timeout as a
// call_later timer releasing the waiter; the awaiting task resumes one hop
// after the waiter is released. Tasks already done still take the
// callback's hop. With FIRST_EXCEPTION, `_on_completion` reads the
// exception of each task that finished (so it is not logged as never
// retrieved), exactly where CPython's `f.exception()` does.
//
// Differences from CPython: `fs` is a vector and `done`/`pending` are
// vectors in argument order (CPython uses sets; repeats count once, as in a
// set). An empty `fs` throws ValueError when awaited, as in CPython.
//
// g++ 12 rejects a braced vector inside the co_await expression
// (`co_await Wait(std::vector<H>{a, b})`: "array used as initializer");
// build the vector in a statement of its own.
//
// Example:
//
//   WaitResult<TaskHandle<int>> r =
//       co_await Wait(tasks, std::nullopt, ReturnWhen::kFirstCompleted);
//   for (TaskHandle<int>& t : r.done) ...

#ifndef ASYNCSIM_ENGINE_WAIT_H_
#define ASYNCSIM_ENGINE_WAIT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/time/time.h"
#include "engine/callback.h"
#include "engine/errors.h"
#include "engine/future.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {

// asyncio.FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED.
enum class ReturnWhen { kFirstCompleted, kFirstException, kAllCompleted };

// The (done, pending) pair; `H` is TaskHandle<T> or Future<T>.
template <typename H>
struct WaitResult {
  std::vector<H> done;
  std::vector<H> pending;
};

namespace internal {

// What _wait's closures share: the waiter, the timeout handle, the counter.
struct WaitShared {
  WaitShared(Loop* loop, size_t n, ReturnWhen when)
      : waiter(loop, WaitKind::kFuture), counter(n), return_when(when) {}
  Future<void> waiter;
  CallbackHandle timeout_handle;
  size_t counter;
  ReturnWhen return_when;
};

// _on_completion(f).
inline void OnWaitCompletion(WaitShared& shared, FutureCore* f) {
  --shared.counter;
  if (shared.counter == 0 ||
      shared.return_when == ReturnWhen::kFirstCompleted ||
      (shared.return_when == ReturnWhen::kFirstException &&
       (!f->cancelled() && f->RetrieveException() != nullptr))) {
    shared.timeout_handle.Cancel();
    if (!shared.waiter.Done()) shared.waiter.SetResult();
  }
}

}  // namespace internal

// asyncio.wait(fs, timeout=timeout, return_when=return_when). `fs`: tasks
// or futures (not coroutines: as in 3.11, create the tasks first).
template <typename H>
Task<WaitResult<H>> Wait(std::vector<H> fs,
                         std::optional<absl::Duration> timeout = std::nullopt,
                         ReturnWhen return_when = ReturnWhen::kAllCompleted) {
  if (fs.empty()) throw ValueError("Set of Tasks/Futures is empty.");
  // fs = set(fs)
  std::vector<H> distinct;
  for (H& f : fs) {
    bool repeat = false;
    for (const H& earlier : distinct) {
      repeat = repeat || earlier.core() == f.core();
    }
    if (!repeat) distinct.push_back(std::move(f));
  }
  Loop* loop = internal::LoopOrThrow();
  auto shared = std::make_shared<internal::WaitShared>(loop, distinct.size(),
                                                       return_when);
  if (timeout.has_value()) {
    shared->timeout_handle =
        CallLater(*timeout, [waiter = shared->waiter]() mutable {
          if (!waiter.Done()) waiter.SetResult();  // _release_waiter
        });
  }
  std::vector<DoneCallbackHandle> callbacks;
  callbacks.reserve(distinct.size());
  for (const H& f : distinct) {
    internal::FutureCore* core = f.core();
    callbacks.push_back(internal::AddDoneCallback(
        core, [shared, core] { internal::OnWaitCompletion(*shared, core); }));
  }
  {
    absl::Cleanup finally = [&] {
      shared->timeout_handle.Cancel();
      for (DoneCallbackHandle& callback : callbacks) callback.Remove();
    };
    co_await shared->waiter;
  }
  WaitResult<H> result;
  for (H& f : distinct) {
    (f.Done() ? result.done : result.pending).push_back(std::move(f));
  }
  co_return result;
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_WAIT_H_
