// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/task_state.h
// -----------------------------------------------------------------------------
//
// `TaskBase` is the state of a scheduled task, CPython's `tasks.Task`: a
// future (future_state.h) driven by a coroutine, whatever the coroutine's
// result type. The public face is `TaskHandle<T>` (task.h). Beside it:
// `InlineAwait` and `PromiseLinks`, which tie the coroutines a task runs to
// the task, so that a suspended task's root frame can be found from the frame
// it is suspended in.
//
// Guarantees, as tasks.py:
//   * The loop holds a reference while the task is pending, every
//     `TaskHandle` one more (`AddRef`/`Release`); the coroutine frame lives
//     exactly as long as this object, so results can be read from it.
//   * `Cancel()` is Task.cancel(): it cancels what the task waits on, or
//     marks the task so that its next step throws CancelledError at the
//     await point. A cancelled wait throws the CancelledError once
//     (`TakeCancel`, `ThrowCancelled`).
//   * A task's own sleep keeps its wait in the task (`ArmTimerWait`), so a
//     sleep allocates nothing and the timer wakes only the task.
//
// Example (an awaiter's await_suspend):
//
//   TaskBase* task = handle.promise().task();
//   task->BlockOn(future, handle);  // Suspends on `future` until it is done.
//
// Some inline members need the `Loop` and are defined in loop.h (`BlockOn`,
// `BlockOnTimer`, `CancelTimerWait`); the type-dependent calls of
// `FutureCore` and `WaitTarget` are defined at the end of this header.

#ifndef ASYNCSIM_ENGINE_INTERNAL_TASK_STATE_H_
#define ASYNCSIM_ENGINE_INTERNAL_TASK_STATE_H_

#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "engine/errors.h"
#include "engine/internal/frame_pool.h"
#include "engine/internal/future_state.h"
#include "engine/internal/handles.h"
#include "engine/internal/timer_queue.h"
#include "engine/internal/wait.h"
#include "engine/observer.h"

namespace asyncsim {

class Loop;

namespace internal {

class TaskList;

// An inline await (`co_await F()`) as the awaited coroutine sees it: where
// to go back to, where to leave the exception it ends with, and the task
// both run in. It lives in the awaiting frame (Task<T>::Awaiter, task.h).
struct InlineAwait {
  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  TaskBase* task = nullptr;
};

// What the promise of every coroutine a task runs begins with (PromiseBase,
// task.h), in one word: a task's root coroutine holds its task, any other
// the inline await it returns to (which holds the task). One word, not
// two, because it is in every frame. Through these a pending task's root
// frame is found from the frame it is suspended in (TaskBase::RootFrame).
class PromiseLinks {
 public:
  // The root coroutine of `task`.
  void SetTask(TaskBase* task) { bits_ = reinterpret_cast<uintptr_t>(task); }
  // A coroutine awaited inline through `awaiter`.
  void SetAwaiter(InlineAwait* awaiter) {
    bits_ = reinterpret_cast<uintptr_t>(awaiter) | kAwaiterBit;
  }

  // Null for a task's root coroutine.
  InlineAwait* awaiter() const {
    return (bits_ & kAwaiterBit) != 0
               ? reinterpret_cast<InlineAwait*>(bits_ & ~kAwaiterBit)
               : nullptr;
  }
  // Null until the coroutine is scheduled or awaited.
  TaskBase* task() const {
    InlineAwait* inline_await = awaiter();
    return inline_await != nullptr ? inline_await->task
                                   : reinterpret_cast<TaskBase*>(bits_);
  }

 private:
  static constexpr uintptr_t kAwaiterBit = 1;
  uintptr_t bits_ = 0;
};

// The state of a scheduled task (CPython's `tasks.Task`): a future driven
// by a coroutine. Reference counted: the loop holds one reference while
// the task is pending, and every `TaskHandle` holds one. The coroutine frame
// lives exactly as long as this object (so results can be read from it).
class TaskBase final : public FutureCore {
 public:
  TaskBase(std::coroutine_handle<> root, uint64_t id, std::string name);
  ~TaskBase();
  ASYNCSIM_POOL_ALLOCATED(kObject)

  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0) delete this;
  }

  uint64_t id() const {
    const Cold* cold = cold_ptr();
    return (cold != nullptr ? uint64_t{cold->id_high} << 32 : 0) | id_low_;
  }
  // The name given at creation, or "Task-<id>".
  std::string Name() const;
  TaskInfo info() const {
    const Cold* cold = cold_ptr();
    return TaskInfo{id(), cold != nullptr ? std::string_view(cold->name)
                                          : std::string_view()};
  }
  // The frame of the task's root coroutine (the one it was created with).
  std::coroutine_handle<> RootFrame() const;

  // Task.cancel(): true if the request was made (the task was not done).
  bool Cancel() { return Cancel(std::string_view()); }
  // Task.cancel(msg): the CancelledError thrown into the task carries `msg`.
  bool Cancel(std::string_view message);
  // How many cancellation requests are pending (Task.cancelling()).
  int cancelling() const {
    const Cold* cold = cold_ptr();
    return cold != nullptr ? cold->num_cancels_requested : 0;
  }
  // Task.uncancel(): one request fewer; returns how many remain.
  int Uncancel() {
    Cold* cold = cold_ptr();
    if (cold == nullptr) return 0;
    if (cold->num_cancels_requested > 0) --cold->num_cancels_requested;
    return cold->num_cancels_requested;
  }
  WaitKind kind() const { return WaitKind::kTask; }
  std::string Describe() const;

  // What this task is suspended on, or empty (also while it sleeps: see
  // sleeping()).
  WaitTarget waiting_on() const { return waiting_on_; }
  // Suspended in a sleep whose timer has not fired (nor been cancelled).
  bool sleeping() const { return (bits_ & kTimerPending) != 0; }

  // --- Called by awaiters. ---------------------------------------------
  // The task suspends at `leaf` on `blocker` (Task.__step's "blocking
  // future" branch, including its must-cancel check).
  inline void BlockOn(WaitTarget blocker, std::coroutine_handle<> leaf);
  // The task suspends at `leaf` on its own timer wait (ArmTimerWait), a
  // sleep of `delay` ticks: no blocker object, the wait's state is the
  // task's.
  inline void BlockOnTimer(std::coroutine_handle<> leaf, VirtualTime delay);
  // The task suspends at `leaf` for one trip through the ready FIFO
  // (Task.__step's bare-yield branch: sleep(0)).
  void YieldNow(std::coroutine_handle<> leaf);
  // On resumption: throws CancelledError if this step carries a
  // cancellation, or if the awaited blocker itself was cancelled (what
  // `future.result()` raises in Task.__wakeup).
  void ThrowIfCancelled(bool blocker_cancelled) {
    if (TakeCancel(blocker_cancelled)) ThrowCancelled();
  }
  // The same test, for awaiters with an `except` block to run before they
  // throw: true (once) if CancelledError is due at this await point.
  bool TakeCancel(bool blocker_cancelled) {
    bool cancel = (bits_ & kPendingCancel) != 0 || blocker_cancelled;
    ClearBits(kPendingCancel);
    return cancel;
  }
  // Throws the CancelledError due at this await point (with the message
  // of the cancel() that caused it). Inline: the unwinder pays for every
  // frame between a throw and its handler, twice, so the throw belongs in
  // the awaiter, itself usually inlined into the awaiting coroutine.
  [[noreturn, gnu::always_inline]] void ThrowCancelled() {
    throw DueCancelledError();
  }
  // The CancelledError due at this await point; takes the message.
  CancelledError DueCancelledError();
  // At an await on `future` that ended cancelled: throws the error the
  // future holds (a cancelled task's own), else as ThrowCancelled().
  [[noreturn]] void ThrowCancelledFrom(FutureCore* future);
  // The ready-FIFO entry that steps this task (call_soon(self.__step)).
  ReadyHandle StepHandle() { return ReadyHandle(this, ReadyHandle::kStep); }
  // The same as a Callback, for a WaitNode (and nothing else).
  Callback StepCallback() { return Callback{&StepThunk, this}; }
  static bool IsStep(const Callback& callback) {
    return callback.fn == &StepThunk;
  }
  // The coroutine the next step resumes (for prefetching).
  void* leaf_address() const { return leaf_.address(); }

  // Makes `parent` this fresh task's first done-callback: when the task is
  // done, `parent->OnChildDone(this)` is scheduled before every callback
  // on the list. A gather registers itself so on the tasks it creates,
  // which saves it a callback node per child. Set at creation
  // (Loop::NewTask), before anything else can register; `parent` keeps
  // this task alive, and lists it (LoopOwned::ForEachListedTask) where the
  // loop's TaskList would.
  void SetParent(FutureCore* parent) {
    if (Cold* cold = cold_ptr()) {
      cold->parent = parent;
    } else {
      cold_or_parent_ = reinterpret_cast<uintptr_t>(parent) | kParentBit;
    }
  }
  // SetParent's, or null.
  FutureCore* parent() const {
    if ((cold_or_parent_ & kParentBit) != 0) {
      return reinterpret_cast<FutureCore*>(cold_or_parent_ & ~kParentBit);
    }
    const Cold* cold = cold_ptr();
    return cold != nullptr ? cold->parent : nullptr;
  }

  // --- The future of a timer wait (sleep's). ---------------------------
  // A task awaits one future at a time, so the state of the one a sleep
  // creates (pending, then done or cancelled) lives here: the timer's
  // callback then touches only the task, which its step needs next anyway.
  //
  // A fresh pending future, which `timer` sets done when it fires
  // (futures._set_result_unless_cancelled), scheduling the step.
  inline void ArmTimerWait(TaskTimer* timer);
  // What a fired TaskTimer of this task schedules.
  ReadyHandle TimerWakeHandle() {
    return ReadyHandle(this, ReadyHandle::kTimerWake);
  }
  // fut.cancel(): false if already settled; else schedules the step.
  inline bool CancelTimerWait();
  // On resumption from the sleep, TakeCancel(the wait was cancelled); the
  // wait is then over for good (the next ArmTimerWait starts clean).
  bool TakeSleepCancel() {
    const bool cancel = (bits_ & (kPendingCancel | kTimerCancelled)) != 0;
    ClearBits(kPendingCancel | kTimerCancelled);
    return cancel;
  }

  // --- Called by the root coroutine's promise. --------------------------
  // The exception the coroutine ends with, kept until its final suspend
  // (in the cold part: a pending future has no exception slot).
  void StashException(std::exception_ptr exception) {
    cold().stashed_exception = std::move(exception);
  }
  std::exception_ptr TakeStashedException() {
    Cold* cold = cold_ptr();
    return cold != nullptr ? std::exchange(cold->stashed_exception, nullptr)
                           : nullptr;
  }
  // At its final suspend (`root` is the root coroutine's frame), or when
  // cancelled before its first step.
  void OnCoroutineDone(std::coroutine_handle<> root,
                       std::exception_ptr exception);

  // --- Called by the loop. ---------------------------------------------
  // Destroys a pending task's frame at teardown (no code of it runs
  // except destructors).
  void DestroyFrame();

 private:
  friend class TaskList;
  // Its run loop calls Step, TimerWake and NotifyParent directly (defined
  // in loop.cc, where they are inlined into the run loop).
  friend class ::asyncsim::Loop;

  // list_index_ of a task on no TaskList.
  static constexpr uint32_t kUnlisted = UINT32_MAX;

  // What few tasks need, allocated on first use: a custom name, a
  // cancellation, an exception, an id past 2^32.
  struct Cold {
    // SetParent's parent, once there is a Cold (before, cold_or_parent_
    // holds it).
    FutureCore* parent = nullptr;
    // StashException's.
    std::exception_ptr stashed_exception;
    // The name given at creation; empty for the default "Task-<id>".
    std::string name;
    // The message for the next CancelledError; empty when there is none
    // (an empty message is never stored).
    std::string cancel_message;
    int num_cancels_requested = 0;
    // The cancel() that cancelled the awaited blocker set the message;
    // later requests do not change it (CPython: the future's own message).
    bool cancel_message_fixed = false;
    uint32_t id_high = 0;
  };
  Cold* cold_ptr() const {
    return (cold_or_parent_ & kParentBit) != 0
               ? nullptr
               : reinterpret_cast<Cold*>(cold_or_parent_);
  }
  Cold& cold() {
    if (Cold* cold = cold_ptr()) return *cold;
    auto* cold = new Cold;
    cold->parent = parent();
    cold_or_parent_ = reinterpret_cast<uintptr_t>(cold);
    return *cold;
  }

  static void StepThunk(void* task);
  inline void Step();
  inline void TimerWake();
  // Tells the parent (SetParent) that this task is done.
  void NotifyParent() { parent()->OnChildDone(this); }
  // BlockOn's rare part: observers and a pending cancel().
  void BlockOnSlow(WaitTarget blocker);
  // BlockOnTimer's.
  void BlockOnTimerSlow(VirtualTime delay);
  // Step's: a first step that carries a cancel() (true: the task ended).
  bool StartCancelled();
  void NotifyResumed();
  void NotifyTimerFired();

  // 48 bytes in all. The first five bytes of fields fill FutureCore's tail
  // padding (g++ lays them there): the flags are bits.
  //
  // kMustCancel: a cancel() for the next step to deliver (CPython's
  // _must_cancel). kPendingCancel: this step throws CancelledError at its
  // await point. kStarted: the first step ran. kInCancel: inside Cancel(),
  // passing the request on to what the task awaits. kTimerPending,
  // kTimerCancelled: the state of the sleep's future (ArmTimerWait), done
  // when neither is set.
  static constexpr uint8_t kMustCancel = 1;
  static constexpr uint8_t kPendingCancel = 2;
  static constexpr uint8_t kStarted = 4;
  static constexpr uint8_t kInCancel = 8;
  static constexpr uint8_t kTimerPending = 16;
  static constexpr uint8_t kTimerCancelled = 32;
  uint8_t bits_ = 0;
  void ClearBits(uint8_t bits) { bits_ = static_cast<uint8_t>(bits_ & ~bits); }

  // The index on the loop's TaskList, or kUnlisted.
  uint32_t list_index_ = kUnlisted;
  uint32_t refs_ = 1;
  uint32_t id_low_;  // The id's high half is in the Cold (when not 0).
  // Where the next step resumes: the innermost frame it is suspended in
  // (its root frame before the first step). Once the task is done, the
  // root frame, which lives as long as this object; null once destroyed.
  // (No separate root pointer: RootFrame() walks up from here.)
  std::coroutine_handle<> leaf_;
  WaitTarget waiting_on_;
  // The Cold (null until needed), or, with kParentBit set, SetParent's
  // parent while there is no Cold: most tasks have a parent (a gather) or
  // a Cold, few both.
  static constexpr uintptr_t kParentBit = 1;
  uintptr_t cold_or_parent_ = 0;
};

// --- Inline definitions. ---------------------------------------------------

void TaskBase::ArmTimerWait(TaskTimer* timer) {
  bits_ |= kTimerPending;  // kTimerCancelled went with the last sleep.
  timer->task = this;
}

template <typename F>
inline decltype(auto) FutureCore::Visit(F&& f) {
  return is_task_ ? f(static_cast<TaskBase*>(this))
                  : f(static_cast<NonTaskFuture*>(this));
}

template <typename F>
inline decltype(auto) FutureCore::Visit(F&& f) const {
  return is_task_ ? f(static_cast<const TaskBase*>(this))
                  : f(static_cast<const NonTaskFuture*>(this));
}

bool FutureCore::Cancel() {
  return Visit([](auto* future)
                   __attribute__((always_inline)) { return future->Cancel(); });
}

WaitKind FutureCore::kind() const {
  return Visit([](const auto* future)
                   __attribute__((always_inline)) { return future->kind(); });
}

std::string FutureCore::Describe() const {
  return Visit([](const auto* future) __attribute__((always_inline)) {
    return future->Describe();
  });
}

void FutureCore::AddRef() {
  Visit([](auto* future) __attribute__((always_inline)) { future->AddRef(); });
}

void FutureCore::Release() {
  Visit([](auto* future) __attribute__((always_inline)) { future->Release(); });
}

void FutureCore::OnChildDone(TaskBase* child) {
  Visit([child](auto* future) __attribute__((always_inline)) {
    // Only a NonTaskFuture (a gather) is ever a parent.
    if constexpr (std::is_same_v<decltype(future), NonTaskFuture*>) {
      future->OnChildDone(child);
    }
  });
}

bool WaitTarget::Cancel() const {
  return (bits_ & kFutureBit) != 0 ? future()->Cancel() : blocker()->Cancel();
}

WaitKind WaitTarget::kind() const {
  return (bits_ & kFutureBit) != 0 ? future()->kind() : blocker()->kind();
}

std::string WaitTarget::Describe() const {
  return (bits_ & kFutureBit) != 0 ? future()->Describe()
                                   : blocker()->Describe();
}

std::optional<VirtualTime> WaitTarget::BlockedSince(
    const TaskBase* task) const {
  return (bits_ & kFutureBit) != 0 ? future()->BlockedSince(task)
                                   : blocker()->BlockedSince(task);
}

}  // namespace internal
}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_INTERNAL_TASK_STATE_H_
