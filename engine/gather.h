// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: gather.h
// -----------------------------------------------------------------------------
//
// `Gather(...)` is `asyncio.gather(...)`: run several awaitables as tasks
// and wait for all of them. Two layers:
//
//   * `GatherSettled(...)` (return_exceptions=True) never throws what the
//     children throw: it waits for every child and returns one `Outcome`
//     per child, value or exception (a cancelled child's is CancelledError).
//   * `Gather(...)` (the default) returns the values, or throws the first
//     child exception as soon as it arrives; the other children keep
//     running, as in CPython.
//
// Both take a parameter pack (each a `Task<T>` to schedule or a
// `TaskHandle<T>` already scheduled; results come as a `std::tuple`, with
// `Unit` for void) or a `std::vector` of either (results as a vector).
//
// Guarantees, hop for hop:
//   * Children become tasks in argument order when `Gather` is called (not
//     when it is awaited), as in Python.
//   * A child's completion reaches the gather through a done-callback (one
//     hop); the awaiting task resumes one hop after the gather completes.
//   * An empty gather is complete at once: awaiting it does not suspend.
//   * Cancelling the awaiting task cancels every unfinished child; the
//     gather then fails with CancelledError once they have all finished.
//   * The awaiting task can throw CancelledError from either form: that is
//     its own cancellation, not a child's.
//
// Example:
//
//   auto [a, b] = co_await Gather(Part(1), Part(2));
//   std::vector<int> all = co_await Gather(std::move(tasks));
//   auto outcomes = co_await GatherSettled(std::move(tasks));

#ifndef ASYNCSIM_ENGINE_GATHER_H_
#define ASYNCSIM_ENGINE_GATHER_H_

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/errors.h"
#include "engine/loop.h"
#include "engine/task.h"

namespace asyncsim {

// One child's result in GatherSettled: a value or an exception.
template <typename T>
class Outcome {
 public:
  explicit Outcome(T value) : value_(std::move(value)) {}
  explicit Outcome(std::exception_ptr exception)
      : exception_(std::move(exception)) {}

  bool ok() const { return exception_ == nullptr; }
  // True if the child was cancelled (its exception is a CancelledError).
  bool cancelled() const;
  // Requires ok().
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  // Null if ok().
  const std::exception_ptr& exception() const { return exception_; }
  // The value, or rethrows the exception.
  const T& ValueOrThrow() const {
    if (exception_) std::rethrow_exception(exception_);
    return value_;
  }

 private:
  T value_{};
  std::exception_ptr exception_;
};

namespace internal {

// CPython's _GatheringFuture together with gather()'s _done_callback.
// Reference counted: the awaiter holds one reference and every child
// callback that has not yet run holds one.
class GatherCore final : public FutureCore {
 public:
  GatherCore(Loop* loop, size_t arity, bool return_exceptions);

  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0) delete this;
  }

  // Adds the next child in argument order (adopting one reference) and
  // registers the done-callback, unless it is a repeat of an earlier one.
  void AddChild(TaskBase* child);
  // After the last AddChild: an empty gather completes at once.
  void Seal();

  // _GatheringFuture.cancel(): cancels every child.
  bool Cancel() override;
  WaitKind kind() const override { return WaitKind::kGather; }
  std::string Describe() const override;

  size_t size() const { return children_.size(); }
  TaskBase* child(size_t i) const { return children_[i]; }
  // The exception child `i` ended with (CancelledError if cancelled), or
  // null. Requires the child to be done. Marks it retrieved.
  std::exception_ptr ChildException(size_t i) const;

 private:
  ~GatherCore();
  struct ChildCallback : DoneCallback {
    GatherCore* gather = nullptr;
    TaskBase* child = nullptr;
  };
  static void OnChildDone(void* callback);

  std::vector<TaskBase*> children_;
  std::unique_ptr<ChildCallback[]> callbacks_;
  size_t nfuts_ = 0;
  size_t nfinished_ = 0;
  uint32_t refs_ = 1;
  bool return_exceptions_;
  bool cancel_requested_ = false;
};

// The running loop, or throws RuntimeError.
Loop* RunningLoop();

template <typename A>
struct GatherArg;
template <typename T>
struct GatherArg<Task<T>> {
  using Value = T;
  static TaskBase* ToTask(Loop* loop, Task<T>&& task) {
    return AdoptIntoTask(loop, std::move(task), {});
  }
};
template <typename T>
struct GatherArg<TaskHandle<T>> {
  using Value = T;
  static TaskBase* ToTask(Loop*, const TaskHandle<T>& handle) {
    handle.core()->AddRef();
    return handle.core();
  }
};
template <typename A>
using GatherValue = typename GatherArg<std::remove_cvref_t<A>>::Value;

// Awaits a GatherCore; `Collect(core)` turns the finished gather into the
// awaited value.
template <typename Result, typename Collect>
class [[nodiscard]] GatherAwaiter : public FutureAwaiter {
 public:
  explicit GatherAwaiter(GatherCore* core) : FutureAwaiter(core), core_(core) {}
  GatherAwaiter(GatherAwaiter&& other) = delete;
  ~GatherAwaiter() { core_->Release(); }

  Result await_resume() {
    Resume();
    return Collect{}(*core_);
  }

 private:
  GatherCore* core_;
};

template <typename T>
Outcome<ValueOrUnit<T>> ChildOutcome(const GatherCore& core, size_t i) {
  if (std::exception_ptr e = core.ChildException(i)) {
    return Outcome<ValueOrUnit<T>>(std::move(e));
  }
  return Outcome<ValueOrUnit<T>>(TaskValue<T>(core.child(i)));
}

template <bool kSettled, typename... Ts>
struct CollectTuple {
  template <size_t... I>
  static auto Make(const GatherCore& core, std::index_sequence<I...>) {
    if constexpr (kSettled) {
      return std::tuple<Outcome<ValueOrUnit<Ts>>...>(
          ChildOutcome<Ts>(core, I)...);
    } else {
      return std::tuple<ValueOrUnit<Ts>...>(TaskValue<Ts>(core.child(I))...);
    }
  }
  auto operator()(const GatherCore& core) const {
    return Make(core, std::index_sequence_for<Ts...>{});
  }
};

template <bool kSettled, typename T>
struct CollectVector {
  auto operator()(const GatherCore& core) const {
    using Item =
        std::conditional_t<kSettled, Outcome<ValueOrUnit<T>>, ValueOrUnit<T>>;
    std::vector<Item> results;
    results.reserve(core.size());
    for (size_t i = 0; i < core.size(); ++i) {
      if constexpr (kSettled) {
        results.push_back(ChildOutcome<T>(core, i));
      } else {
        results.push_back(TaskValue<T>(core.child(i)));
      }
    }
    return results;
  }
};

template <bool kSettled, typename... As>
auto GatherPack(As&&... args) {
  Loop* loop = RunningLoop();
  auto* core = new GatherCore(loop, sizeof...(As), kSettled);
  (core->AddChild(GatherArg<std::remove_cvref_t<As>>::ToTask(
       loop, std::forward<As>(args))),
   ...);
  core->Seal();
  using Collect = CollectTuple<kSettled, GatherValue<As>...>;
  using Result = decltype(Collect{}(*core));
  return GatherAwaiter<Result, Collect>(core);
}

template <bool kSettled, typename A>
auto GatherVector(std::vector<A>&& args) {
  Loop* loop = RunningLoop();
  auto* core = new GatherCore(loop, args.size(), kSettled);
  for (A& arg : args) {
    core->AddChild(GatherArg<A>::ToTask(loop, std::move(arg)));
  }
  core->Seal();
  using Collect = CollectVector<kSettled, GatherValue<A>>;
  using Result = decltype(Collect{}(*core));
  return GatherAwaiter<Result, Collect>(core);
}

}  // namespace internal

// asyncio.gather(*aws): each argument a Task<T> or a TaskHandle<T>.
template <typename... As>
auto Gather(As&&... args) {
  return internal::GatherPack<false>(std::forward<As>(args)...);
}
template <typename T>
auto Gather(std::vector<Task<T>> tasks) {
  return internal::GatherVector<false>(std::move(tasks));
}
template <typename T>
auto Gather(std::vector<TaskHandle<T>> tasks) {
  return internal::GatherVector<false>(std::move(tasks));
}

// asyncio.gather(*aws, return_exceptions=True).
template <typename... As>
auto GatherSettled(As&&... args) {
  return internal::GatherPack<true>(std::forward<As>(args)...);
}
template <typename T>
auto GatherSettled(std::vector<Task<T>> tasks) {
  return internal::GatherVector<true>(std::move(tasks));
}
template <typename T>
auto GatherSettled(std::vector<TaskHandle<T>> tasks) {
  return internal::GatherVector<true>(std::move(tasks));
}

template <typename T>
bool Outcome<T>::cancelled() const {
  if (!exception_) return false;
  try {
    std::rethrow_exception(exception_);
  } catch (const CancelledError&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_GATHER_H_
