// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: task.h
// -----------------------------------------------------------------------------
//
// `Task<T>` is a lazy coroutine: Python's `async def` function call. It does
// nothing until it is awaited or handed to `CreateTask`:
//
//   * `co_await F()` runs F inline, as `await f()` does: no trip through the
//     event loop, F's suspensions suspend the awaiting task, F's result or
//     exception comes straight back.
//   * `CreateTask(F())` is `asyncio.create_task(f())`: the task's first step
//     is scheduled with call_soon, and the returned `TaskHandle<T>` is the
//     asyncio.Task: awaitable (one hop after it finishes), cancellable,
//     with its result or exception kept for whoever asks.
//
// Guarantees:
//   * `Task<T>` is move-only and `[[nodiscard]]`; destroying one that never
//     ran destroys its frame. Completion hands control back to the awaiter
//     by symmetric transfer, so chains of inline awaits use no stack.
//   * Exceptions are stored and rethrown to the awaiter, never swallowed. A
//     task's exception that nobody retrieves is logged at the end of `Run`
//     ("Task exception was never retrieved"), as asyncio does.
//   * `TaskHandle::Cancel()` is Task.cancel(): CancelledError is thrown at the
//     task's current await point (or at its first step), can be caught, and
//     unwinding runs destructors (RAII cleanup).
//
// Example:
//
//   Task<int> Answer() {
//     co_await Sleep(absl::Seconds(1));
//     co_return 42;
//   }
//   Task<void> Main() {
//     int a = co_await Answer();                    // inline, like await
//     TaskHandle<int> t = CreateTask(Answer());     // scheduled
//     int b = co_await t;                           // one hop after it ends
//   }

#ifndef ASYNCSIM_ENGINE_TASK_H_
#define ASYNCSIM_ENGINE_TASK_H_

#include <coroutine>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "engine/errors.h"
#include "engine/internal/frame_pool.h"
#include "engine/loop.h"

namespace asyncsim {

template <typename T = void>
class Task;

// The result type of a task that returns nothing, where a value is needed
// (e.g. in gather's results).
using Unit = std::monostate;

template <typename T>
using ValueOrUnit = std::conditional_t<std::is_void_v<T>, Unit, T>;

namespace internal {

// Turns a lazy coroutine into a scheduled task of `loop`; the returned task
// carries one reference for the caller. `parent`: see Loop::NewTask.
template <typename T>
TaskBase* AdoptIntoTask(Loop* loop, Task<T> coro, std::string name,
                        FutureCore* parent = nullptr);

// The part of every task coroutine's promise that does not depend on T.
class PromiseBase {
 public:
  // Frames come from the thread's pool (internal/frame_pool.h).
  ASYNCSIM_POOL_ALLOCATED(kFrame)

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(
        std::coroutine_handle<P> self) noexcept {
      PromiseBase& promise = self.promise();
      // Inline await: back to the awaiting coroutine (symmetric transfer).
      if (InlineAwait* awaiter = promise.links_.awaiter()) {
        return awaiter->continuation;
      }
      // A task's root coroutine: the task is done; back to the loop.
      TaskBase* task = promise.links_.task();
      task->OnCoroutineDone(self, task->TakeStashedException());
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept {
    if (InlineAwait* awaiter = links_.awaiter()) {
      awaiter->exception = std::current_exception();
    } else {
      links_.task()->StashException(std::current_exception());
    }
  }

  // The task this coroutine runs in (set when it is scheduled or awaited).
  TaskBase* task() const { return links_.task(); }

 private:
  template <typename T>
  friend class ::asyncsim::Task;
  template <typename T>
  friend TaskBase* AdoptIntoTask(Loop* loop, Task<T> coro, std::string name,
                                 FutureCore* parent);

  // The only data member, so that it sits where TaskBase::RootFrame()
  // looks for it.
  PromiseLinks links_;
};

template <typename T>
class Promise final : public PromiseBase {
 public:
  Task<T> get_return_object() noexcept;
  template <typename U = T>
  void return_value(U&& value) {
    value_.emplace(std::forward<U>(value));
  }
  T& value() { return *value_; }

 private:
  std::optional<T> value_;
};

template <>
class Promise<void> final : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
};

// Awaits a FutureCore from a task: Future.__await__ plus Task.__wakeup.
// `Resume()` throws what `await future` raises, else returns.
class FutureAwaiter {
 public:
  explicit FutureAwaiter(FutureCore* future) : future_(future) {}
  FutureAwaiter(const FutureAwaiter&) = delete;
  FutureAwaiter& operator=(const FutureAwaiter&) = delete;

  bool await_ready() const noexcept { return future_->done(); }
  template <typename P>
  void await_suspend(std::coroutine_handle<P> self) {
    task_ = self.promise().task();
    node_.callback = task_->StepCallback();
    node_.since = task_->loop()->Time();
    future_->AddDoneCallback(&node_);
    task_->BlockOn(future_, self);
  }
  void Resume() {
    node_.Unlink();
    // Task.__wakeup: future.result() raises first; a pending cancel() of the
    // awaiting task replaces anything but a CancelledError.
    bool cancel_due = task_ != nullptr && task_->TakeCancel(false);
    if (future_->cancelled()) {
      if (task_ != nullptr) task_->ThrowCancelledFrom(future_);
      if (std::exception_ptr e = future_->TakeCancelledError()) {
        std::rethrow_exception(e);
      }
      throw CancelledError();
    }
    if (cancel_due) task_->ThrowCancelled();
    if (future_->state() == FutureCore::State::kFailed) {
      std::rethrow_exception(future_->RetrieveException());
    }
  }

 private:
  FutureCore* future_;
  TaskBase* task_ = nullptr;
  WaitNode node_;
};

// The value a finished task's coroutine returned (a copy when copyable).
// Requires the task to be finished.
template <typename T>
ValueOrUnit<T> TaskValue(TaskBase* task) {
  if constexpr (std::is_void_v<T>) {
    return Unit{};
  } else {
    auto& promise = std::coroutine_handle<Promise<T>>::from_address(
                        task->RootFrame().address())
                        .promise();
    if constexpr (std::is_copy_constructible_v<T>) {
      return promise.value();
    } else {
      return std::move(promise.value());
    }
  }
}

// Future.result(): the value, or throws CancelledError, the stored
// exception, or InvalidStateError if still pending.
template <typename T>
ValueOrUnit<T> FutureResult(TaskBase* task) {
  switch (task->state()) {
    case FutureCore::State::kPending:
      throw InvalidStateError("Result is not set.");
    case FutureCore::State::kCancelled:
      if (std::exception_ptr e = task->TakeCancelledError()) {
        std::rethrow_exception(e);
      }
      throw CancelledError();
    case FutureCore::State::kFailed:
      std::rethrow_exception(task->RetrieveException());
    case FutureCore::State::kFinished:
      break;
  }
  return TaskValue<T>(task);
}

}  // namespace internal

template <typename T>
class [[nodiscard]] Task {
 public:
  using promise_type = internal::Promise<T>;

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~Task() {
    if (handle_) handle_.destroy();
  }

  // False for a default-constructed or moved-from Task.
  bool valid() const { return static_cast<bool>(handle_); }

  // `co_await task`: runs it inline, as `await coro()`.
  class Awaiter : private internal::InlineAwait {
   public:
    explicit Awaiter(std::coroutine_handle<promise_type> child)
        : child_(child) {}
    bool await_ready() const noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(
        std::coroutine_handle<P> parent) noexcept {
      task = parent.promise().task();
      child_.promise().links_.SetAwaiter(this);
      continuation = parent;
      return child_;
    }
    T await_resume() {
      if (exception) std::rethrow_exception(exception);
      if constexpr (!std::is_void_v<T>) {
        return std::move(child_.promise().value());
      }
    }

   private:
    std::coroutine_handle<promise_type> child_;
  };
  Awaiter operator co_await() && noexcept { return Awaiter(handle_); }

 private:
  friend class internal::Promise<T>;
  template <typename U>
  friend internal::TaskBase* internal::AdoptIntoTask(
      Loop* loop, Task<U> coro, std::string name, internal::FutureCore* parent);
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}

  std::coroutine_handle<promise_type> handle_;
};

// A scheduled task: asyncio.Task. Copyable (reference counted); the task
// runs whether or not any handle is kept.
template <typename T = void>
class TaskHandle {
 public:
  TaskHandle() = default;
  // Adopts one reference.
  explicit TaskHandle(internal::TaskBase* task) : task_(task) {}
  TaskHandle(const TaskHandle& other) : task_(other.task_) {
    if (task_ != nullptr) task_->AddRef();
  }
  TaskHandle(TaskHandle&& other) noexcept
      : task_(std::exchange(other.task_, nullptr)) {}
  TaskHandle& operator=(TaskHandle other) noexcept {
    std::swap(task_, other.task_);
    return *this;
  }
  ~TaskHandle() {
    if (task_ != nullptr) task_->Release();
  }

  bool valid() const { return task_ != nullptr; }

  // Task.cancel(msg): requests cancellation; false if already done.
  bool Cancel(std::string_view message = {}) { return task_->Cancel(message); }
  // Task.cancelling(): pending cancellation requests.
  int Cancelling() const { return task_->cancelling(); }
  // Task.uncancel(): one request fewer; returns how many remain.
  int Uncancel() { return task_->Uncancel(); }
  bool Done() const { return task_->done(); }
  bool Cancelled() const { return task_->cancelled(); }
  // Task.get_name().
  std::string Name() const { return task_->Name(); }

  // Task.result(): the value; throws CancelledError if cancelled, the
  // task's exception if it failed, InvalidStateError if not done.
  ValueOrUnit<T> Result() const { return internal::FutureResult<T>(task_); }
  // Task.exception(): the exception or null; throws CancelledError if
  // cancelled, InvalidStateError if not done.
  std::exception_ptr Exception() const {
    if (!task_->done()) throw InvalidStateError("Exception is not set.");
    if (task_->cancelled()) {
      if (std::exception_ptr e = task_->TakeCancelledError()) {
        std::rethrow_exception(e);
      }
      throw CancelledError();
    }
    return task_->RetrieveException();
  }

  // `co_await handle`: waits for the task (resumes one hop after it ends)
  // and returns its result or rethrows its exception.
  class Awaiter : public internal::FutureAwaiter {
   public:
    explicit Awaiter(internal::TaskBase* task)
        : internal::FutureAwaiter(task), task_(task) {}
    T await_resume() {
      Resume();
      if constexpr (!std::is_void_v<T>) return internal::TaskValue<T>(task_);
    }

   private:
    internal::TaskBase* task_;
  };
  Awaiter operator co_await() const noexcept { return Awaiter(task_); }

  internal::TaskBase* core() const { return task_; }

 private:
  internal::TaskBase* task_ = nullptr;
};

// asyncio.create_task(coro, name=name): schedules `coro`'s first step on the
// running loop. Throws RuntimeError if no loop is running on this thread.
template <typename T>
TaskHandle<T> CreateTask(Task<T> coro, std::string name = {}) {
  Loop* loop = Loop::Current();
  if (loop == nullptr) throw RuntimeError("no running event loop");
  return TaskHandle<T>(
      internal::AdoptIntoTask(loop, std::move(coro), std::move(name)));
}

// `co_await CurrentTask()`: asyncio.current_task(), as a handle to the
// running task (typed void: use it to cancel, name or inspect the task).
class [[nodiscard]] CurrentTaskAwaiter {
 public:
  bool await_ready() const noexcept { return false; }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> self) noexcept {
    task_ = self.promise().task();
    return false;  // Never suspends.
  }
  TaskHandle<void> await_resume() {
    task_->AddRef();
    return TaskHandle<void>(task_);
  }

 private:
  internal::TaskBase* task_ = nullptr;
};
inline CurrentTaskAwaiter CurrentTask() { return {}; }

// --- Implementation details. -----------------------------------------------

namespace internal {

template <typename T>
Task<T> Promise<T>::get_return_object() noexcept {
  // TaskBase::RootFrame reads this promise's links as the promise of a
  // coroutine_handle<PromiseLinks>: the compilers place a promise at the
  // frame's two function pointers rounded up to its alignment, which is
  // the same offset for an alignment of 8 or 16.
  static_assert(alignof(Promise<T>) <= 16,
                "over-aligned task results: return them in a box");
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

template <typename T>
TaskBase* AdoptIntoTask(Loop* loop, Task<T> coro, std::string name,
                        FutureCore* parent) {
  if (!coro.valid()) throw ValueError("CreateTask needs a coroutine");
  // NewTask may throw (the task limit): `coro` keeps the frame until then.
  TaskBase* task = loop->NewTask(coro.handle_, std::move(name), parent);
  auto handle = std::exchange(coro.handle_, {});
  handle.promise().links_.SetTask(task);
  return task;
}

}  // namespace internal
}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_TASK_H_
