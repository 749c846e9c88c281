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
// Both take a parameter pack (each a `Task<T>` to schedule, a
// `Named(task, name)` to schedule under a name, a `TaskHandle<T>` already
// scheduled, or another gather; results come as a `std::tuple`, with
// `Unit` for void) or a `std::vector` of tasks, named tasks or handles
// (results as a vector).
//
// `Named` only names the child task (for observers: timelines, traces,
// deadlock reports); Python's gather names its children Task-<n>, and
// nothing a program prints or how it is scheduled changes.
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
//   co_await Gather(Named(Chain(1), "chain(1)"), Named(Chain(2), "chain(2)"));

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

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_set.h"
#include "engine/errors.h"
#include "engine/internal/frame_pool.h"
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

// A coroutine for gather to schedule as a task named `name`; see Named.
template <typename T>
struct NamedTask {
  Task<T> task;
  std::string name;
};

// `task`, to be scheduled by Gather / GatherSettled as a task named `name`.
template <typename T>
NamedTask<T> Named(Task<T> task, std::string name) {
  return NamedTask<T>{std::move(task), std::move(name)};
}

namespace internal {

// CPython's _GatheringFuture together with gather()'s _done_callback.
// Reference counted: each awaiter (or enclosing gather) holds one reference
// and every child callback that has not yet run holds one.
class GatherCore final : public NonTaskFuture, public LoopOwned {
 public:
  GatherCore(Loop* loop, size_t arity, bool return_exceptions);
  ASYNCSIM_POOL_ALLOCATED(kObject)

  void AddRef() override { ++refs_; }
  void Release() override {
    if (--refs_ == 0) delete this;
  }
  // The loop is going: drops the references of the child callbacks that
  // will never run now, and frees the gather unless something else still
  // holds it (an enclosing gather, which drops it when reclaimed in turn).
  void Reclaim() override;
  // The children it made (their parent): the loop's TaskList does not
  // list them.
  void ForEachListedTask(
      const std::function<void(TaskBase*)>& f) const override;

  // Adds the next child in argument order (adopting one reference) and
  // registers the done-callback, unless it is a repeat of an earlier one.
  // `fresh`: the child is a task made for this gather, with the gather as
  // its parent (AdoptIntoTask, TaskBase::SetParent) rather than a callback
  // node, and so it cannot be a repeat.
  void AddChild(FutureCore* child, bool fresh);
  void OnChildDone(TaskBase* child) override { ChildDone(child); }
  // After the last AddChild: an empty gather completes at once.
  void Seal();

  // _GatheringFuture.cancel(): cancels every child.
  bool Cancel() override;
  WaitKind kind() const override { return WaitKind::kGather; }
  std::string Describe() const override;

  size_t size() const { return children_.size(); }
  // The children so far, in order (the array never moves once made).
  FutureCore* const* children() const { return children_.data(); }
  FutureCore* child(size_t i) const { return children_[i]; }
  // The exception child `i` ended with (CancelledError if cancelled), or
  // null. Requires the child to be done. Marks it retrieved.
  std::exception_ptr ChildException(size_t i) const;

 private:
  ~GatherCore();
  struct ChildCallback : DoneCallback {
    GatherCore* gather = nullptr;
    FutureCore* child = nullptr;
  };
  static void OnCallback(void* callback);
  // gather()'s _done_callback(child).
  void ChildDone(FutureCore* child);

  // A million children are a large array (internal/frame_pool.h).
  std::vector<FutureCore*, LargeArrayAllocator<FutureCore*>> children_;
  // Callback nodes for the children not made here (allocated on the first).
  std::unique_ptr<ChildCallback[]> child_callbacks_;
  size_t arity_;
  size_t ncallbacks_ = 0;
  // The children passed in (not made here), to find repeats.
  absl::flat_hash_set<FutureCore*> passed_in_;
  size_t nfuts_ = 0;
  size_t nfinished_ = 0;
  uint32_t refs_ = 1;
  bool return_exceptions_;
  bool cancel_requested_ = false;
};

// The running loop, or throws RuntimeError.
Loop* RunningLoop();

// How gather() treats each kind of argument (ensure_future): the future it
// becomes, and how to read the value of that future once finished.
template <typename A>
struct GatherArg;
template <typename T>
struct GatherArg<Task<T>> {
  static constexpr bool kFresh = true;
  using Value = ValueOrUnit<T>;
  static FutureCore* ToFuture(Loop* loop, GatherCore* gather, Task<T>&& task) {
    return AdoptIntoTask(loop, std::move(task), {}, gather);
  }
  static Value Read(FutureCore* future) {
    return TaskValue<T>(static_cast<TaskBase*>(future));
  }
};
template <typename T>
struct GatherArg<NamedTask<T>> {
  static constexpr bool kFresh = true;
  using Value = ValueOrUnit<T>;
  static FutureCore* ToFuture(Loop* loop, GatherCore* gather,
                              NamedTask<T>&& named) {
    return AdoptIntoTask(loop, std::move(named.task), std::move(named.name),
                         gather);
  }
  static Value Read(FutureCore* future) {
    return TaskValue<T>(static_cast<TaskBase*>(future));
  }
};
template <typename T>
struct GatherArg<TaskHandle<T>> {
  static constexpr bool kFresh = false;
  using Value = ValueOrUnit<T>;
  static FutureCore* ToFuture(Loop*, GatherCore*, const TaskHandle<T>& handle) {
    handle.core()->AddRef();
    return handle.core();
  }
  static Value Read(FutureCore* future) {
    return TaskValue<T>(static_cast<TaskBase*>(future));
  }
};
template <typename A>
using GatherValue = typename GatherArg<std::remove_cvref_t<A>>::Value;

// Awaits a GatherCore; `Collect(core)` turns the finished gather into the
// awaited value. Also usable as an argument of another gather.
template <typename Result, typename Collect>
class [[nodiscard]] GatherAwaiter : public FutureAwaiter {
 public:
  explicit GatherAwaiter(GatherCore* core) : FutureAwaiter(core), core_(core) {}
  GatherAwaiter(GatherAwaiter&& other) = delete;
  ~GatherAwaiter() { core_->Release(); }

  // future.done()
  bool Done() const { return core_->done(); }
  // _GatheringFuture.cancel(): cancels every unfinished child; the gather
  // then fails with CancelledError once they have all finished.
  bool Cancel() { return core_->Cancel(); }

  Result await_resume() {
    Resume();
    return Collect{}(*core_);
  }

  GatherCore* core() const { return core_; }

 private:
  GatherCore* core_;
};

template <typename Result, typename Collect>
struct GatherArg<GatherAwaiter<Result, Collect>> {
  static constexpr bool kFresh = false;
  using Value = Result;
  static FutureCore* ToFuture(Loop*, GatherCore*,
                              const GatherAwaiter<Result, Collect>& gather) {
    gather.core()->AddRef();
    return gather.core();
  }
  static Value Read(FutureCore* future) {
    return Collect{}(*static_cast<GatherCore*>(future));
  }
};

template <typename A>
Outcome<GatherValue<A>> ChildOutcome(const GatherCore& core, size_t i) {
  if (std::exception_ptr e = core.ChildException(i)) {
    return Outcome<GatherValue<A>>(std::move(e));
  }
  return Outcome<GatherValue<A>>(GatherArg<A>::Read(core.child(i)));
}

template <bool kSettled, typename... As>
struct CollectTuple {
  template <size_t... I>
  static auto Make(const GatherCore& core, std::index_sequence<I...>) {
    if constexpr (kSettled) {
      return std::tuple<Outcome<GatherValue<As>>...>(
          ChildOutcome<As>(core, I)...);
    } else {
      return std::tuple<GatherValue<As>...>(
          GatherArg<As>::Read(core.child(I))...);
    }
  }
  auto operator()(const GatherCore& core) const {
    return Make(core, std::index_sequence_for<As...>{});
  }
};

template <bool kSettled, typename A>
struct CollectVector {
  auto operator()(const GatherCore& core) const {
    using Item =
        std::conditional_t<kSettled, Outcome<GatherValue<A>>, GatherValue<A>>;
    std::vector<Item> results;
    results.reserve(core.size());
    for (size_t i = 0; i < core.size(); ++i) {
      if constexpr (kSettled) {
        results.push_back(ChildOutcome<A>(core, i));
      } else {
        results.push_back(GatherArg<A>::Read(core.child(i)));
      }
    }
    return results;
  }
};

template <bool kSettled, typename... As>
auto GatherPack(As&&... args) {
  Loop* loop = RunningLoop();
  auto* core = new GatherCore(loop, sizeof...(As), kSettled);
  // A child that cannot become a task (the task limit) throws, and the
  // gather is nobody's: drop the reference meant for its awaiter.
  absl::Cleanup drop = [core] { core->Release(); };
  (core->AddChild(GatherArg<std::remove_cvref_t<As>>::ToFuture(
                      loop, core, std::forward<As>(args)),
                  GatherArg<std::remove_cvref_t<As>>::kFresh),
   ...);
  std::move(drop).Cancel();
  core->Seal();
  using Collect = CollectTuple<kSettled, std::remove_cvref_t<As>...>;
  using Result = decltype(Collect{}(*core));
  return GatherAwaiter<Result, Collect>(core);
}

template <bool kSettled, typename A>
auto GatherVector(std::vector<A>&& args) {
  // Taken over, so that the buffer goes as soon as the children are made:
  // the caller's vector (Gather's by-value parameter) lives to the end of
  // the full expression `co_await Gather(...)`, through the whole wait.
  std::vector<A> children = std::move(args);
  Loop* loop = RunningLoop();
  auto* core = new GatherCore(loop, children.size(), kSettled);
  absl::Cleanup drop = [core] { core->Release(); };  // As above.
  if constexpr (GatherArg<A>::kFresh) {
    // The children's first steps, consecutive in the ready FIFO, become
    // one entry of it. Also when a child cannot be made (the task limit, an
    // empty Task): those made so far still run, as their steps were due.
    loop->DeferFirstSteps();
    absl::Cleanup schedule = [loop, core] {
      loop->ScheduleFirstSteps(core->children(), core->size());
    };
    for (A& arg : children) {
      core->AddChild(GatherArg<A>::ToFuture(loop, core, std::move(arg)), true);
    }
  } else {
    for (A& arg : children) {
      core->AddChild(GatherArg<A>::ToFuture(loop, core, std::move(arg)), false);
    }
  }
  std::move(drop).Cancel();
  core->Seal();
  using Collect = CollectVector<kSettled, A>;
  using Result = decltype(Collect{}(*core));
  return GatherAwaiter<Result, Collect>(core);
}

}  // namespace internal

// asyncio.gather(*aws): each argument a Task<T>, a NamedTask<T> or a
// TaskHandle<T>.
template <typename... As>
auto Gather(As&&... args) {
  return internal::GatherPack<false>(std::forward<As>(args)...);
}
template <typename T>
auto Gather(std::vector<Task<T>> tasks) {
  return internal::GatherVector<false>(std::move(tasks));
}
template <typename T>
auto Gather(std::vector<NamedTask<T>> tasks) {
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
auto GatherSettled(std::vector<NamedTask<T>> tasks) {
  return internal::GatherVector<true>(std::move(tasks));
}
template <typename T>
auto GatherSettled(std::vector<TaskHandle<T>> tasks) {
  return internal::GatherVector<true>(std::move(tasks));
}

template <typename T>
bool Outcome<T>::cancelled() const {
  return internal::HoldsCancelledError(exception_);
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_GATHER_H_
