// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: timeout.h
// -----------------------------------------------------------------------------
//
// `Timeout` is `asyncio.Timeout` (3.11), the context manager behind
// `async with asyncio.timeout(delay) as cm:`. C++ has no `async with`, so
// the block is a coroutine that `With` awaits inline:
//
//   Timeout cm = TimeoutAfter(absl::Seconds(1));   // asyncio.timeout(1)
//   try {
//     co_await cm.With([&]() -> Task<void> {       // async with cm:
//       co_await Work();
//     });
//   } catch (const TimeoutError&) {
//     cm.Expired();  // true
//   }
//
// Guarantees, as asyncio/timeouts.py (3.11) line for line:
//   * Entering schedules the deadline with loop.call_at (call_soon if it
//     has already passed; nothing if there is none). When it fires it
//     cancels the task running the block (Task.cancel) and the timeout is
//     "expiring".
//   * Leaving cancels the timer. If the timeout fired, it "uncancels" the
//     task; if no other cancellation is pending (`uncancel()` at most the
//     count seen on entry) and the block ended with CancelledError, that
//     becomes TimeoutError. Otherwise whatever the block ended with goes
//     on. A timer due at the same instant as the block's own sleep fires
//     first if it was scheduled first, as every timer tie does.
//   * `Reschedule(when)` moves (or removes) the deadline of an entered
//     timeout; `When()` is the current deadline on the loop's clock.
//   * No hop of its own: entering and leaving run inline, as `__aenter__`
//     and `__aexit__` do.
//
// A `Timeout` is entered once, and must outlive `With`'s completion (it is
// neither copyable nor movable). `WithTimeout(delay, body)` is the one-line
// form when `cm` is not needed after the block.

#ifndef ASYNCSIM_ENGINE_TIMEOUT_H_
#define ASYNCSIM_ENGINE_TIMEOUT_H_

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/callback.h"
#include "engine/errors.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {

class Timeout;

namespace internal {

// What a block `body` returns: body(cm) or body(), a Task<R>.
template <typename F>
auto CallBlock(F& body, Timeout& cm) {
  if constexpr (std::is_invocable_v<F&, Timeout&>) {
    return body(cm);
  } else {
    return body();
  }
}
template <typename A>
struct BlockTaskValue;
template <typename T>
struct BlockTaskValue<Task<T>> {
  using Type = T;
};
template <typename F>
using BlockValue = typename BlockTaskValue<decltype(CallBlock(
    std::declval<F&>(), std::declval<Timeout&>()))>::Type;

}  // namespace internal

class Timeout {
 public:
  // asyncio.timeout_at(when): `when` in seconds on the loop's clock (as
  // Loop::Time()); none: no deadline.
  explicit Timeout(std::optional<double> when) : when_(when) {}
  Timeout(const Timeout&) = delete;
  Timeout& operator=(const Timeout&) = delete;
  ~Timeout() { handler_.Cancel(); }

  // when(): the current deadline.
  std::optional<double> When() const { return when_; }
  // expired(): the deadline passed while the block ran.
  bool Expired() const {
    return state_ == State::kExpiring || state_ == State::kExpired;
  }

  // reschedule(when). Throws RuntimeError unless the block is running.
  void Reschedule(std::optional<double> when) {
    if (state_ != State::kEntered) {
      if (state_ == State::kCreated) {
        throw RuntimeError("Timeout has not been entered");
      }
      throw RuntimeError(
          absl::StrCat("Cannot change state of ", StateName(), " Timeout"));
    }
    when_ = when;
    handler_.Cancel();
    handler_ = CallbackHandle();
    if (!when.has_value()) return;
    Loop* loop = task_.core()->loop();
    if (*when <= loop->Time()) {
      handler_ = CallSoon([this] { OnTimeout(); });
    } else {
      handler_ = CallAt(*when, [this] { OnTimeout(); });
    }
  }

  // `async with cm:` around `body`, a callable returning a Task<R> (taking
  // `Timeout&` or nothing). Returns what the block returns; throws
  // TimeoutError if the deadline cut it short.
  template <typename F>
  Task<internal::BlockValue<F>> With(F body) {
    using R = internal::BlockValue<F>;
    Enter(co_await CurrentTask());
    std::exception_ptr error;
    if constexpr (std::is_void_v<R>) {
      try {
        co_await internal::CallBlock(body, *this);
      } catch (...) {
        error = std::current_exception();
      }
      Exit(error);
    } else {
      std::optional<R> result;
      try {
        result.emplace(co_await internal::CallBlock(body, *this));
      } catch (...) {
        error = std::current_exception();
      }
      Exit(error);
      co_return std::move(*result);
    }
  }

 private:
  enum class State : uint8_t {
    kCreated,
    kEntered,
    kExpiring,
    kExpired,
    kExited
  };

  const char* StateName() const {
    switch (state_) {
      case State::kCreated:
        return "created";
      case State::kEntered:
        return "active";
      case State::kExpiring:
        return "expiring";
      case State::kExpired:
        return "expired";
      case State::kExited:
        return "finished";
    }
    return "?";
  }

  // __aenter__.
  void Enter(TaskHandle<void> task) {
    if (state_ != State::kCreated) {
      throw RuntimeError("Timeout has already been entered");
    }
    state_ = State::kEntered;
    task_ = std::move(task);
    cancelling_ = task_.Cancelling();
    Reschedule(when_);
  }

  // __aexit__: throws TimeoutError, or rethrows what the block threw.
  void Exit(const std::exception_ptr& error) {
    handler_.Cancel();
    handler_ = CallbackHandle();
    // The Timeout usually lives in the task's own frame: let the task go
    // (CPython keeps it, and its garbage collector breaks the cycle).
    TaskHandle<void> task = std::move(task_);
    if (state_ == State::kExpiring) {
      state_ = State::kExpired;
      if (task.Uncancel() <= cancelling_ && error &&
          internal::HoldsCancelledError(error)) {
        throw TimeoutError();  // raise TimeoutError from exc_val
      }
    } else if (state_ == State::kEntered) {
      state_ = State::kExited;
    }
    if (error) std::rethrow_exception(error);
  }

  // _on_timeout.
  void OnTimeout() {
    task_.Cancel();
    state_ = State::kExpiring;
    handler_ = CallbackHandle();  // Drop the reference early.
  }

  std::optional<double> when_;
  State state_ = State::kCreated;
  TaskHandle<void> task_;  // The task running the block, until it ends.
  int cancelling_ = 0;
  CallbackHandle handler_;
};

// asyncio.timeout(delay): a Timeout whose deadline is loop.time() + `delay`
// seconds, a double sum computed now, when timeout() is called (none for
// std::nullopt). Requires a running loop. A Duration is its seconds as a
// double.
inline Timeout TimeoutAfter(std::optional<double> delay) {
  Loop* loop = internal::LoopOrThrow();
  if (!delay.has_value()) return Timeout(std::nullopt);
  return Timeout(loop->Time() + *delay);
}
inline Timeout TimeoutAfter(absl::Duration delay) {
  return TimeoutAfter(std::optional<double>(absl::ToDoubleSeconds(delay)));
}

// asyncio.timeout_at(when), `when` in seconds on the loop's clock.
inline Timeout TimeoutAt(std::optional<double> when) { return Timeout(when); }

// `async with asyncio.timeout(delay):` around `body`, when the Timeout
// itself is not needed after the block.
template <typename F>
Task<internal::BlockValue<F>> WithTimeout(std::optional<double> delay, F body) {
  Timeout cm = TimeoutAfter(delay);
  co_return co_await cm.With(std::move(body));
}
template <typename F>
Task<internal::BlockValue<F>> WithTimeout(absl::Duration delay, F body) {
  return WithTimeout(std::optional<double>(absl::ToDoubleSeconds(delay)),
                     std::move(body));
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_TIMEOUT_H_
