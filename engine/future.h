// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: future.h
// -----------------------------------------------------------------------------
//
// `Future<T>` is `loop.create_future()`: a result (or exception, or
// cancellation) that some code sets and any number of tasks await. It is a
// copyable handle to shared, reference-counted state; every copy is the
// same future.
//
// Guarantees, as asyncio/futures.py (3.11):
//   * `SetResult`, `SetException` and a successful `Cancel` schedule every
//     done-callback with call_soon, in registration order. A task awaiting
//     the future is one of those callbacks (its wakeup), so several awaiting
//     tasks resume in the order they started to wait, one hop after the
//     future is settled, interleaved with the other callbacks in
//     registration order.
//   * `co_await` on a done future returns at once, without a hop; on a
//     pending one it suspends the task until the future is settled. The
//     result is copied to each awaiter (T must be copyable to be awaited).
//   * Cancelling a task that awaits a future cancels the future (Task.cancel
//     cancels what the task waits on), as in CPython.
//   * `SetResult`/`SetException` on a done future throw InvalidStateError;
//     `Result`/`Exception` on a pending one throw InvalidStateError, on a
//     cancelled one CancelledError. `Result` rethrows a stored exception.
//   * `AddDoneCallback(fn)` runs `fn` (scheduled with call_soon) once the
//     future is done; added to a done future it is scheduled at once.
//     `RemoveDoneCallback(handle)` returns how many it removed (0 or 1).
//   * A future that failed and whose exception nobody retrieved logs
//     "Future exception was never retrieved" when its last handle goes
//     while its loop runs, as asyncio logs it when the future is collected.
//
// Differences from CPython: callbacks take no argument (capture what you
// need); `RemoveDoneCallback` takes the handle `AddDoneCallback` returned
// rather than the function. A moved-from Future is empty: only assigning to
// it or destroying it is allowed.
//
// Example:
//
//   Future<std::string> fut;  // on the running loop
//   CallLater(absl::Seconds(1), [fut]() mutable { fut.SetResult("R"); });
//   fut.AddDoneCallback([&trace] { trace.Print("done"); });
//   std::string r = co_await fut;

#ifndef ASYNCSIM_ENGINE_FUTURE_H_
#define ASYNCSIM_ENGINE_FUTURE_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "engine/callback.h"
#include "engine/errors.h"
#include "engine/loop.h"
#include "engine/observer.h"
#include "engine/task.h"

namespace asyncsim {
namespace internal {

// Logs "Future exception was never retrieved" for `exception` on `loop`.
void LogFutureExceptionNeverRetrieved(Loop* loop,
                                      const std::exception_ptr& exception);

// The shared state of a Future<T>.
template <typename T>
class FutureState final : public NonTaskFuture {
 public:
  FutureState(Loop* loop, WaitKind kind) : loop_(loop), kind_(kind) {}

  void AddRef() override { ++refs_; }
  void Release() override {
    if (--refs_ == 0) delete this;
  }
  WaitKind kind() const override { return kind_; }

  template <typename U>
  void SetValue(U&& value) {
    ThrowIfDone();
    value_.emplace(std::forward<U>(value));
    SetFinished();
  }
  void SetVoid() {
    ThrowIfDone();
    SetFinished();
  }
  void SetException(std::exception_ptr exception) {
    ThrowIfDone();
    SetFailed(std::move(exception));
  }
  // Future.result(), minus the value: throws unless finished.
  void CheckResult() {
    switch (state()) {
      case State::kPending:
        throw InvalidStateError("Result is not set.");
      case State::kCancelled:
        throw CancelledError();
      case State::kFailed:
        std::rethrow_exception(RetrieveException());
      case State::kFinished:
        break;
    }
  }
  const T& value() const { return *value_; }

  DoneCallbackHandle AddCallback(std::function<void()> fn) {
    return internal::AddDoneCallback(this, std::move(fn));
  }

 private:
  ~FutureState() {
    // Nothing can call these any more; let them go (CPython would collect
    // them with the future).
    if (!done()) FnDoneCallback::RemoveAll(callbacks_);
    if (exception_unretrieved() && Loop::Current() == loop_) {
      LogFutureExceptionNeverRetrieved(loop_, exception_);
    }
  }
  void ThrowIfDone() const {
    if (done()) throw InvalidStateError("invalid state: the future is done");
  }

  // The loop it was made on: its unretrieved exception is logged there
  // only if that loop is still the running one.
  Loop* loop_;
  std::optional<T> value_;
  uint32_t refs_ = 0;
  WaitKind kind_;
};

}  // namespace internal

template <typename T = void>
class Future {
  using State = internal::FutureState<
      std::conditional_t<std::is_void_v<T>, std::monostate, T>>;

 public:
  // loop.create_future() on the running loop. Throws RuntimeError if no
  // loop runs on this thread. `kind` is what observers and deadlock reports
  // see a task awaiting it wait on.
  explicit Future(WaitKind kind = WaitKind::kFuture)
      : Future(internal::LoopOrThrow(), kind) {}
  Future(Loop* loop, WaitKind kind) : state_(new State(loop, kind)) {
    state_->AddRef();
  }
  Future(const Future& other) : state_(other.state_) { state_->AddRef(); }
  Future(Future&& other) noexcept : state_(std::exchange(other.state_, {})) {}
  Future& operator=(Future other) noexcept {
    std::swap(state_, other.state_);
    return *this;
  }
  ~Future() {
    if (state_ != nullptr) state_->Release();
  }

  bool Done() const { return state_->done(); }
  bool Cancelled() const { return state_->cancelled(); }

  // set_result(value). Throws InvalidStateError if done.
  template <typename U = T>
  requires(!std::is_void_v<T> &&
           std::is_constructible_v<T, U&&>) void SetResult(U&& value) {
    state_->SetValue(std::forward<U>(value));
  }
  // set_result(None).
  void SetResult() requires std::is_void_v<T> { state_->SetVoid(); }
  // set_exception(e). Throws InvalidStateError if done.
  void SetException(std::exception_ptr exception) {
    state_->SetException(std::move(exception));
  }
  template <typename E>
  requires std::is_base_of_v<std::exception, E>
  void SetException(E exception) {
    SetException(std::make_exception_ptr(std::move(exception)));
  }
  // cancel(): false if already done.
  bool Cancel() { return state_->Cancel(); }

  // result(): the value (a reference into the shared state); throws
  // CancelledError, the stored exception, or InvalidStateError if pending.
  decltype(auto) Result() const {
    state_->CheckResult();
    if constexpr (!std::is_void_v<T>) return (state_->value());
  }
  // exception(): the stored exception or null; throws CancelledError if
  // cancelled, InvalidStateError if pending.
  std::exception_ptr Exception() const {
    if (!Done()) throw InvalidStateError("Exception is not set.");
    if (Cancelled()) throw CancelledError();
    return state_->RetrieveException();
  }

  // add_done_callback(fn).
  DoneCallbackHandle AddDoneCallback(std::function<void()> fn) {
    return state_->AddCallback(std::move(fn));
  }
  // remove_done_callback(fn) for the registration `handle` (made by this
  // future's AddDoneCallback): 1 if it was still registered, else 0.
  int RemoveDoneCallback(DoneCallbackHandle& handle) { return handle.Remove(); }

  // `co_await future`.
  class [[nodiscard]] Awaiter : public internal::FutureAwaiter {
   public:
    explicit Awaiter(const Future& future)
        : internal::FutureAwaiter(future.state_), future_(future) {}
    T await_resume() {
      Resume();
      if constexpr (!std::is_void_v<T>) return future_.state_->value();
    }

   private:
    Future future_;  // Keeps the state alive while waiting.
  };
  Awaiter operator co_await() const { return Awaiter(*this); }

  internal::FutureCore* core() const { return state_; }

 private:
  State* state_;
};

namespace internal {

// What `await aw` returns for a Task<T>, TaskHandle<T> or Future<T>: T.
template <typename A>
struct AwaitableTraits;
template <typename T>
struct AwaitableTraits<Task<T>> {
  using Value = T;
};
template <typename T>
struct AwaitableTraits<TaskHandle<T>> {
  using Value = T;
};
template <typename T>
struct AwaitableTraits<Future<T>> {
  using Value = T;
};
template <typename A>
using AwaitableValue = typename AwaitableTraits<std::remove_cvref_t<A>>::Value;

// ensure_future(aw): a coroutine becomes a task on the running loop; a task
// or future stays what it is.
template <typename T>
TaskHandle<T> EnsureFuture(Task<T>&& coro) {
  return CreateTask(std::move(coro));
}
template <typename T>
TaskHandle<T> EnsureFuture(TaskHandle<T> task) {
  return task;
}
template <typename T>
Future<T> EnsureFuture(Future<T> future) {
  return future;
}

// fut.result() of a TaskHandle<T> or Future<T>, as a T (nothing for void).
template <typename T, typename F>
T ResultAs(const F& future) {
  if constexpr (std::is_void_v<T>) {
    future.Result();
  } else {
    return future.Result();
  }
}

}  // namespace internal
}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_FUTURE_H_
