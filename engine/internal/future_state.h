// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/future_state.h
// -----------------------------------------------------------------------------
//
// `FutureCore` is the state every awaitable that several parties may watch
// shares: tasks (task_state.h), gathers (gather.h) and plain futures
// (future.h). It is CPython's `futures.Future` minus the result, which the
// derived types store: a state, a list of done-callbacks (`DoneCallback`),
// and the exception once done. `NonTaskFuture` is the base of the futures
// that are not tasks.
//
// Guarantees, as futures.py:
//   * Done-callbacks are scheduled with call_soon, in registration order,
//     when the future is done; one added to a done future is scheduled at
//     once.
//   * An exception nobody retrieved is remembered (`exception_unretrieved`),
//     for the "exception was never retrieved" log.
//
// The type-dependent calls (`Cancel`, `kind`, `Describe`, `AddRef`,
// `Release`, `OnChildDone`) dispatch on one flag rather than a vtable
// pointer; they are defined in task_state.h, which every caller includes.
//
// Example:
//
//   DoneCallback node;
//   node.callback = {&OnDone, self};
//   future->AddDoneCallback(&node);

#ifndef ASYNCSIM_ENGINE_INTERNAL_FUTURE_STATE_H_
#define ASYNCSIM_ENGINE_INTERNAL_FUTURE_STATE_H_

#include <cassert>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "engine/internal/handles.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/running_loop.h"
#include "engine/internal/timer_queue.h"
#include "engine/observer.h"

namespace asyncsim::internal {

class TaskBase;

// A registration on a future's done-callback list (add_done_callback).
struct DoneCallback : ListHook {
  Callback callback;
};

// The state shared by everything awaitable that several parties may watch:
// tasks, gathers and plain futures. CPython's `futures.Future`.
class FutureCore {
 public:
  enum class State : uint8_t { kPending, kFinished, kFailed, kCancelled };

  FutureCore(const FutureCore&) = delete;
  FutureCore& operator=(const FutureCore&) = delete;

  // The loop it belongs to: the one running on this thread, as every
  // future is made and used inside its loop's run. (Not a member: 8 bytes
  // in every task.)
  static Loop* loop() { return running_loop; }
  State state() const { return state_; }
  bool done() const { return state_ != State::kPending; }
  bool cancelled() const { return state_ == State::kCancelled; }

  // add_done_callback: if already done, the callback is scheduled now.
  void AddDoneCallback(DoneCallback* node);
  // remove_done_callback (a node not on the list is ignored).
  static void RemoveDoneCallback(DoneCallback* node) { node->Unlink(); }

  // set_result, minus the value (derived types store it). Requires !done().
  void SetFinished() {
    assert(!done());
    if (!callbacks_.empty()) ScheduleCallbacks();
    SwapListForException(nullptr);
    state_ = State::kFinished;
  }
  // set_exception. Requires !done().
  void SetFailed(std::exception_ptr exception);
  // Future.cancel() as the future's type has it: Task.cancel() for a task
  // (TaskBase), else NonTaskFuture::Cancel().
  inline bool Cancel();

  // The stored exception (null unless failed); reading it counts as
  // retrieving it, as Future.exception() does.
  std::exception_ptr RetrieveException() {
    log_traceback_ = false;
    return done() ? exception_ : nullptr;
  }
  // True if failed and nobody looked at the exception.
  bool exception_unretrieved() const { return log_traceback_; }

  // What a task awaiting it waits on, for observers and deadlock reports.
  inline WaitKind kind() const;
  inline std::string Describe() const;
  // The `since` of `task`'s WaitNode on the done-callback list.
  std::optional<VirtualTime> BlockedSince(const TaskBase* task) const;

  // Every future is reference counted by whoever may still read it.
  inline void AddRef();
  inline void Release();

  // The done-callback of a future that watches `child` as its parent (see
  // TaskBase::SetParent): runs one hop after the child is done.
  inline void OnChildDone(TaskBase* child);

  // A TaskBase, or else a NonTaskFuture.
  bool is_task() const { return is_task_; }

  // The CancelledError a cancelled task ended with (CPython's
  // `_cancelled_exc`), handed out once, as `_make_cancelled_error` does;
  // null for other futures or once taken.
  std::exception_ptr TakeCancelledError() {
    return cancelled() ? std::exchange(exception_, nullptr) : nullptr;
  }

 protected:
  explicit FutureCore(bool is_task) : callbacks_(), is_task_(is_task) {}
  ~FutureCore() {
    if (done()) {
      exception_.~exception_ptr();
    } else {
      callbacks_.~IntrusiveList();
    }
  }

  // A pending future's done-callbacks, a done one's exception (null
  // unless it failed, or was a task cancelled with a CancelledError): once
  // done, the list is empty for good (AddDoneCallback schedules at once),
  // so the two share a word.
  union {
    IntrusiveList<DoneCallback> callbacks_;  // While !done().
    std::exception_ptr exception_;           // Once done().
  };
  State state_ = State::kPending;
  bool log_traceback_ = false;
  // What the type-dependent calls (Cancel, kind, AddRef...) dispatch on,
  // through Visit: no vtable pointer, which would take 8 bytes in every
  // task.
  const bool is_task_;

  // The Future.cancel() of futures.Future: false if done, else cancelled
  // and the callbacks scheduled.
  bool CancelFuture();

 private:
  // Calls `f` with this future as what it is, a TaskBase* or else a
  // NonTaskFuture* (const for the const overload), and returns what `f`
  // returns: the one place that reads is_task_. Visit and the lambdas given
  // to it are always inlined, so each call compiles to the test and the
  // direct call, exactly as a hand-written switch (a task's Cancel recurses
  // through FutureCore::Cancel, and left to itself g++ inlines that cycle
  // differently). Defined in task_state.h.
  template <typename F>
  [[gnu::always_inline]] decltype(auto) Visit(F&& f);
  template <typename F>
  [[gnu::always_inline]] decltype(auto) Visit(F&& f) const;

  // Schedules the done-callbacks: CPython copies the list, clears it, and
  // call_soon()s each in order.
  void ScheduleCallbacks();
  // Settles as `state`: the callbacks are scheduled, and the list's word
  // becomes the exception.
  void Settle(State state, std::exception_ptr exception) {
    ScheduleCallbacks();
    SwapListForException(std::move(exception));
    state_ = state;
  }
  // Requires an empty list.
  void SwapListForException(std::exception_ptr exception) {
    callbacks_.~IntrusiveList();
    new (&exception_) std::exception_ptr(std::move(exception));
  }
};

// A future that is not a task: a gather (gather.h) or a plain Future
// (future.h). What differs between them goes through virtual functions;
// tasks, the many, do without the vtable pointer.
class NonTaskFuture : public FutureCore {
 public:
  virtual bool Cancel() { return CancelFuture(); }
  virtual WaitKind kind() const { return WaitKind::kFuture; }
  virtual std::string Describe() const;
  virtual void AddRef() = 0;
  virtual void Release() = 0;
  virtual void OnChildDone(TaskBase* child) {}

 protected:
  NonTaskFuture() : FutureCore(/*is_task=*/false) {}
  ~NonTaskFuture() = default;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_FUTURE_STATE_H_
