// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: as_completed.h
// -----------------------------------------------------------------------------
//
// `AsCompleted(aws, timeout)` is `asyncio.as_completed(aws, timeout=...)`
// (3.11): a range of `Task<T>`s, one per distinct awaitable; awaiting the
// i-th gives the result of the i-th awaitable to complete (or throws its
// exception, or TimeoutError once the timeout has passed).
//
// It is written like tasks.py's as_completed, so it takes the same hops:
// each awaitable becomes a task whose done-callback puts it on an
// `asyncio.Queue` of finished tasks (one hop after it ends), and each
// awaitable of the range is `_wait_for_one()`: `await done.get()` (a queue
// getter, woken one hop after the put), then the task's result. The timeout
// is a call_later timer that removes the callbacks and puts one "None" per
// unfinished awaitable, so every later await throws TimeoutError. The
// awaitables are not cancelled by the timeout.
//
// Guarantees:
//   * Tasks are created (coroutines scheduled) when the range is first
//     used, as the generator's body runs at the first `next()`.
//   * The same TaskHandle given twice counts once (`set(fs)`).
//   * Ties complete in scheduling order, as timers and callbacks do.
//
// Difference from CPython: CPython iterates a set, so its tasks are created
// in an order that depends on object addresses; here they are created in
// argument order. The order programs only rely on completion order.
//
// Example:
//
//   for (Task<int> next : AsCompleted(std::move(jobs), absl::Seconds(3))) {
//     int first_done = co_await std::move(next);
//   }

#ifndef ASYNCSIM_ENGINE_AS_COMPLETED_H_
#define ASYNCSIM_ENGINE_AS_COMPLETED_H_

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "absl/time/time.h"
#include "engine/callback.h"
#include "engine/errors.h"
#include "engine/future.h"
#include "engine/queue.h"
#include "engine/task.h"

namespace asyncsim {

template <typename T>
class AsCompletedRange {
 public:
  using Awaitable = std::variant<Task<T>, TaskHandle<T>>;

  AsCompletedRange(std::vector<Awaitable> aws,
                   std::optional<absl::Duration> timeout)
      : state_(std::make_shared<State>()) {
    // set(fs): the same task counts once.
    for (Awaitable& aw : aws) {
      bool repeat = false;
      if (auto* handle = std::get_if<TaskHandle<T>>(&aw)) {
        for (const Awaitable& earlier : state_->aws) {
          auto* other = std::get_if<TaskHandle<T>>(&earlier);
          repeat =
              repeat || (other != nullptr && other->core() == handle->core());
        }
      }
      if (!repeat) state_->aws.push_back(std::move(aw));
    }
    state_->size = state_->aws.size();
    state_->timeout = timeout;
  }

  // How many awaitables the range yields (distinct inputs).
  size_t size() const { return state_->size; }

  // The next `_wait_for_one()`: awaiting it gives the result of the next
  // awaitable to complete. Starts the tasks on first use. Throws
  // RuntimeError after size() calls.
  Task<T> Next() {
    if (state_->taken == state_->size) {
      throw RuntimeError("as_completed: every result was taken");
    }
    ++state_->taken;
    if (!state_->started) Start(state_);
    return WaitForOne(state_);
  }

  class iterator {
   public:
    using value_type = Task<T>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(AsCompletedRange* range, size_t index)
        : range_(range), index_(index) {}
    // Each dereference is one more Next().
    Task<T> operator*() const { return range_->Next(); }
    iterator& operator++() {
      ++index_;
      return *this;
    }
    void operator++(int) { ++index_; }
    bool operator==(const iterator& other) const {
      return index_ == other.index_;
    }

   private:
    AsCompletedRange* range_ = nullptr;
    size_t index_ = 0;
  };
  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, size()); }

 private:
  struct Pending {
    TaskHandle<T> task;
    DoneCallbackHandle on_completion;
  };
  struct State {
    std::vector<Awaitable> aws;  // Until started.
    std::optional<absl::Duration> timeout;
    size_t size = 0;
    size_t taken = 0;
    bool started = false;
    // The finished tasks; an empty handle is _on_timeout's None.
    Queue<TaskHandle<T>> done;
    std::vector<Pending> todo;
    CallbackHandle timeout_handle;
  };

  static void Start(const std::shared_ptr<State>& state) {
    state->started = true;
    for (Awaitable& aw : state->aws) {
      TaskHandle<T> task = std::visit(
          [](auto& a) { return internal::EnsureFuture(std::move(a)); }, aw);
      state->todo.push_back(Pending{std::move(task), {}});
    }
    state->aws.clear();
    // The closures hold the state weakly: once nobody can await the range,
    // what they would put on the queue is lost anyway.
    std::weak_ptr<State> weak = state;
    for (Pending& pending : state->todo) {
      internal::TaskBase* core = pending.task.core();
      pending.on_completion = AddDoneCallback(
          pending.task, [weak, core] { OnCompletion(weak, core); });
    }
    if (!state->todo.empty() && state->timeout.has_value()) {
      state->timeout_handle =
          CallLater(*state->timeout, [weak] { OnTimeout(weak); });
    }
  }

  static void OnTimeout(const std::weak_ptr<State>& weak) {
    std::shared_ptr<State> state = weak.lock();
    if (state == nullptr) return;
    for (Pending& pending : state->todo) {
      pending.on_completion.Remove();
      state->done.PutNowait(TaskHandle<T>());  // A dummy for _wait_for_one.
    }
    state->todo.clear();
  }

  static void OnCompletion(const std::weak_ptr<State>& weak,
                           internal::TaskBase* finished) {
    std::shared_ptr<State> state = weak.lock();
    if (state == nullptr) return;
    if (state->todo.empty()) return;  // _on_timeout() was here first.
    for (auto it = state->todo.begin(); it != state->todo.end(); ++it) {
      if (it->task.core() != finished) continue;
      TaskHandle<T> task = std::move(it->task);
      state->todo.erase(it);
      state->done.PutNowait(std::move(task));
      break;
    }
    if (state->todo.empty()) state->timeout_handle.Cancel();
  }

  static Task<T> WaitForOne(std::shared_ptr<State> state) {
    TaskHandle<T> finished = co_await state->done.Get();
    if (!finished.valid()) throw TimeoutError();
    co_return internal::ResultAs<T>(finished);  // May throw its exception.
  }

  std::shared_ptr<State> state_;
};

// asyncio.as_completed(aws, timeout=timeout) of coroutines (made tasks).
template <typename T>
AsCompletedRange<T> AsCompleted(
    std::vector<Task<T>> aws,
    std::optional<absl::Duration> timeout = std::nullopt) {
  std::vector<typename AsCompletedRange<T>::Awaitable> all;
  for (Task<T>& aw : aws) all.emplace_back(std::move(aw));
  return AsCompletedRange<T>(std::move(all), timeout);
}

// asyncio.as_completed(aws, timeout=timeout) of tasks.
template <typename T>
AsCompletedRange<T> AsCompleted(
    std::vector<TaskHandle<T>> aws,
    std::optional<absl::Duration> timeout = std::nullopt) {
  std::vector<typename AsCompletedRange<T>::Awaitable> all;
  for (TaskHandle<T>& aw : aws) all.emplace_back(std::move(aw));
  return AsCompletedRange<T>(std::move(all), timeout);
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_AS_COMPLETED_H_
