// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: shield.h
// -----------------------------------------------------------------------------
//
// `Shield(aw)` is `asyncio.shield(aw)` (3.11): an awaitable for the result
// of `aw` (a Task<T>, made a task at once, or a TaskHandle<T>) that protects
// it from cancellation. Cancelling the task that awaits the shield cancels
// only the shield's outer future: the awaiting task gets CancelledError, the
// inner task keeps running. Cancelling the inner task cancels the outer.
//
// Written like tasks.py's shield, so it takes the same hops: an outer
// future that a done-callback on the inner settles (one hop after the inner
// ends; the awaiting task resumes one hop after that), and a done-callback
// on the outer that unregisters the inner's callback if the outer is
// cancelled first. When the inner is already done, `Shield` is the inner
// itself (awaiting it takes no hop).
//
// Example:
//
//   TaskHandle<int> work = CreateTask(Work());
//   try {
//     int r = co_await Shield(work);
//   } catch (const CancelledError&) {
//     // We were cancelled; `work` was not.
//   }

#ifndef ASYNCSIM_ENGINE_SHIELD_H_
#define ASYNCSIM_ENGINE_SHIELD_H_

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "engine/callback.h"
#include "engine/future.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {

// What `Shield` returns: the outer future, or the inner task if it was
// already done. Copyable; every copy is the same future.
template <typename T>
class Shielded {
 public:
  explicit Shielded(TaskHandle<T> inner) : inner_(std::move(inner)) {
    if (inner_.Done()) return;  // The shortcut: the inner itself.
    outer_.emplace(inner_.core()->loop(), WaitKind::kFuture);
    Future<T> outer = *outer_;
    TaskHandle<T> task = inner_;
    DoneCallbackHandle inner_callback =
        AddDoneCallback(inner_, [outer, task]() mutable {
          // _inner_done_callback
          if (outer.Cancelled()) {
            // Mark the inner's exception retrieved.
            if (!task.Cancelled()) task.core()->RetrieveException();
            return;
          }
          if (task.Cancelled()) {
            outer.Cancel();
          } else if (std::exception_ptr e = task.core()->RetrieveException()) {
            outer.SetException(std::move(e));
          } else if constexpr (std::is_void_v<T>) {
            outer.SetResult();
          } else {
            outer.SetResult(task.Result());
          }
        });
    outer_->AddDoneCallback([task, inner_callback]() mutable {
      // _outer_done_callback
      if (!task.Done()) inner_callback.Remove();
    });
  }

  // The future's done(), cancelled() and cancel().
  bool Done() const { return core()->done(); }
  bool Cancelled() const { return core()->cancelled(); }
  bool Cancel() { return core()->Cancel(); }

  // `co_await shield(aw)`: the inner's result, or CancelledError.
  class [[nodiscard]] Awaiter : public internal::FutureAwaiter {
   public:
    explicit Awaiter(const Shielded& shielded)
        : internal::FutureAwaiter(shielded.core()), shielded_(shielded) {}
    T await_resume() {
      Resume();
      if (shielded_.outer_.has_value()) {
        return internal::ResultAs<T>(*shielded_.outer_);
      }
      return internal::ResultAs<T>(shielded_.inner_);
    }

   private:
    Shielded shielded_;  // Keeps the future alive while waiting.
  };
  Awaiter operator co_await() const { return Awaiter(*this); }

  internal::FutureCore* core() const {
    return outer_.has_value() ? outer_->core() : inner_.core();
  }

 private:
  TaskHandle<T> inner_;
  std::optional<Future<T>> outer_;
};

// asyncio.shield(aw) of a task.
template <typename T>
Shielded<T> Shield(TaskHandle<T> inner) {
  return Shielded<T>(std::move(inner));
}

// asyncio.shield(coro): the coroutine becomes a task now.
template <typename T>
Shielded<T> Shield(Task<T> coro) {
  return Shielded<T>(CreateTask(std::move(coro)));
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_SHIELD_H_
