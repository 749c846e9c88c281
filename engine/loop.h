// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: loop.h
// -----------------------------------------------------------------------------
//
// `Loop` is the event loop: CPython 3.11's `BaseEventLoop` on an ideal
// virtual clock (see ../shared/notes/semantics.md). Programs do not usually
// touch it; `Run(main)` (run.h) makes one, as `asyncio.run` does.
//
// Guarantees, hop for hop as `BaseEventLoop._run_once`:
//   * A ready FIFO of plain handles. One iteration runs exactly the handles
//     that were in it when the iteration began; what they schedule runs in
//     the next iteration.
//   * Timers in (deadline, scheduling order). Due timers join the FIFO after
//     what is already there. Cancelled timers never move the clock.
//   * Time stands still while code runs; when nothing is ready, the clock
//     jumps straight to the earliest live timer.
//   * Nothing ready, no timer, main not done: `Run` returns a deadlock error
//     naming every blocked task, what it waits on and since when.
//   * A virtual-time horizon, a step limit and a task limit end a run with
//     their own errors, so an endless or runaway program can neither hang
//     the process nor exhaust its memory.
//   * No global mutable state: loops on different threads are independent.
//     The per-thread state is the "running loop" pointer, which
//     `CreateTask` reads as asyncio's `get_running_loop()` does, and which
//     tasks and futures read to find their loop (they are made and used
//     inside their loop's run); and the frame pool (internal/frame_pool.h).
//
// This header also holds the task and future state that the loop schedules
// (namespace `internal`); the public faces are task.h, future.h, sleep.h,
// gather.h, queue.h and the other one-concept headers.

#ifndef ASYNCSIM_ENGINE_LOOP_H_
#define ASYNCSIM_ENGINE_LOOP_H_

#include <algorithm>
#include <cassert>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/errors.h"
#include "engine/internal/chunked_array.h"
#include "engine/internal/frame_pool.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/ring_buffer.h"
#include "engine/internal/timer_queue.h"
#include "engine/observer.h"

namespace asyncsim {

class Loop;

namespace internal {
// asyncio's running-loop pointer, one per thread (events._running_loop):
// Loop::Current(). Inline, so that the engine's hot paths read it with one
// thread-pointer-relative load.
inline thread_local Loop* running_loop = nullptr;
}  // namespace internal

// RunOptions::max_tasks unless told otherwise: 2^20, about a million.
inline constexpr uint64_t kDefaultMaxTasks = uint64_t{1} << 20;

// How a run is set up and bounded.
struct RunOptions {
  // The program's clock (`time.perf_counter`); a private one when null.
  VirtualClock* clock = nullptr;
  // The run stops with kDeadlineExceeded rather than let the virtual clock
  // pass this time (measured from the clock's origin).
  absl::Duration horizon = absl::InfiniteDuration();
  // The run stops with kResourceExhausted after this many handles
  // (task steps, timer callbacks, done callbacks); 0 is unlimited.
  uint64_t max_steps = 0;
  // At most this many tasks alive at once (created, not yet done); 0 is
  // unlimited. Creating one more throws TaskLimitError into the program
  // and ends the run with kResourceExhausted (IsTaskLimitExceeded), caught
  // or not. The default bounds memory: a task is its state plus its
  // coroutine frame, a few hundred bytes to about a kilobyte, so 2^20 tasks
  // stay within about a gigabyte.
  uint64_t max_tasks = kDefaultMaxTasks;
  // Watches task lifecycles; null costs nothing.
  Observer* observer = nullptr;
  // asyncio's logger: "Task exception was never retrieved" and the like.
  // std::cerr when null.
  std::ostream* log = nullptr;
};

namespace internal {

// The limits that end a run with kResourceExhausted; the status carries
// which one in its payload (see run.h's IsStepLimitExceeded and
// IsTaskLimitExceeded).
enum class Limit : uint8_t { kSteps, kTasks };
absl::Status LimitError(Limit limit, std::string_view message);
// Which limit `status` reports, if it is a LimitError.
std::optional<Limit> LimitOf(const absl::Status& status);

// A unit of work in the ready FIFO: CPython's `events.Handle`.
struct Callback {
  void (*fn)(void*) = nullptr;
  void* arg = nullptr;
};

class TaskBase;

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

// An entry of the ready FIFO, one word: what a task's own handles need is
// the task pointer and which handle it is (its step, its sleep's timer
// wake, its done-notice to a gather), so that is all the FIFO holds for
// them. Any other handle is kOther, and its Callback waits in a second
// FIFO in the same order (Loop::CallSoon). The first steps of the tasks a
// gather creates are one kStepRun entry (its first task), their tasks in
// a third FIFO (Loop::ScheduleFirstSteps): a gather of a million tasks
// takes one entry, not 8 MB of them.
class ReadyHandle {
 public:
  enum Kind : uintptr_t {
    kStep = 0,
    kTimerWake = 1,
    kParent = 2,
    kOther = 3,
    kStepRun = 4,
  };

  ReadyHandle() = default;
  ReadyHandle(TaskBase* task, Kind kind)
      : bits_(reinterpret_cast<uintptr_t>(task) | kind) {}
  static ReadyHandle Other() { return ReadyHandle(nullptr, kOther); }

  Kind kind() const { return static_cast<Kind>(bits_ & kKindMask); }
  // Requires kind() != kOther.
  TaskBase* task() const {
    return reinterpret_cast<TaskBase*>(bits_ & ~kKindMask);
  }

 private:
  static constexpr uintptr_t kKindMask = 7;
  uintptr_t bits_;
};

// What a suspended task waits on when it is not a future (WaitTarget): a
// primitive's waiter (internal/waiter.h), as CPython's `Task._fut_waiter`
// is the future a Queue or Lock made.
class Blocker {
 public:
  // Future.cancel(): false if the wait is already settled; otherwise
  // settles it as cancelled, which schedules the waiting task's wakeup.
  virtual bool Cancel() = 0;
  // Asked when the waiting task's wakeup runs (and it is not being
  // cancelled). True: resume the coroutine. False: the blocker re-armed
  // itself and the task stays suspended, as a woken Queue getter that
  // finds the queue empty again waits again at the back, without running
  // any of the program's code.
  virtual bool ReadyToResume() { return true; }
  virtual WaitKind kind() const = 0;
  // For deadlock reports and observers, e.g. "Queue.get".
  virtual std::string Describe() const;
  // For deadlock reports: since when `task` has been waiting on this
  // blocker, if it does.
  virtual std::optional<Ticks> BlockedSince(const TaskBase* task) const {
    return std::nullopt;
  }

 protected:
  ~Blocker() = default;
};

// A registration on a future's done-callback list (add_done_callback).
struct DoneCallback : ListHook {
  Callback callback;
};

// The done-callback that wakes a task awaiting a future (FutureAwaiter's,
// task.h): its callback steps the task (TaskBase::StepCallback, which
// nothing else registers). It keeps since when the task waits, which a
// deadlock report asks the future for (FutureCore::BlockedSince): the
// task does not keep it, as most waits end without one.
struct WaitNode : DoneCallback {
  Ticks since = 0;
};

// The state shared by everything awaitable that several parties may watch:
// tasks, gathers and plain futures. CPython's `futures.Future`.
class TaskTimer;

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
  std::optional<Ticks> BlockedSince(const TaskBase* task) const;

  // Every future is reference counted by whoever may still read it.
  inline void Retain();
  inline void Drop();

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
  // What the type-dependent calls (Cancel, kind, Retain...) dispatch on:
  // no vtable pointer, which would take 8 bytes in every task.
  const bool is_task_;

  // The Future.cancel() of futures.Future: false if done, else cancelled
  // and the callbacks scheduled.
  bool CancelFuture();

 private:
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
  virtual void Retain() = 0;
  virtual void Drop() = 0;
  virtual void OnChildDone(TaskBase* child) {}

 protected:
  NonTaskFuture() : FutureCore(/*is_task=*/false) {}
  ~NonTaskFuture() = default;
};

// What a suspended task waits on (CPython's `Task._fut_waiter`): a future
// (a task, a gather, a plain Future) or a primitive's Blocker, in one
// tagged word; empty when it waits on nothing.
class WaitTarget {
 public:
  WaitTarget() = default;
  WaitTarget(FutureCore* future)  // NOLINT: implicit, as the pointers.
      : bits_(future != nullptr
                  ? reinterpret_cast<uintptr_t>(future) | kFutureBit
                  : 0) {}
  WaitTarget(Blocker* blocker)  // NOLINT
      : bits_(reinterpret_cast<uintptr_t>(blocker)) {}

  explicit operator bool() const { return bits_ != 0; }
  // Future.cancel(): false if the wait is already settled; otherwise
  // settles it as cancelled, which schedules the waiting task's wakeup.
  inline bool Cancel() const;
  // Blocker::ReadyToResume (a future is always ready).
  bool ReadyToResume() const {
    return (bits_ & kFutureBit) != 0 || blocker()->ReadyToResume();
  }
  inline WaitKind kind() const;
  inline std::string Describe() const;
  // For deadlock reports: since when `task` has been waiting on it.
  inline std::optional<Ticks> BlockedSince(const TaskBase* task) const;

 private:
  static constexpr uintptr_t kFutureBit = 1;
  FutureCore* future() const {
    return reinterpret_cast<FutureCore*>(bits_ & ~kFutureBit);
  }
  Blocker* blocker() const { return reinterpret_cast<Blocker*>(bits_); }

  uintptr_t bits_ = 0;
};

// The loop's tasks in creation order (asyncio.all_tasks(), plus the done
// ones not yet destroyed): an array of task pointers with a hole where a
// task left, and in each task its index. Eight bytes a task, where a
// doubly linked list took sixteen in the task.
//
// Tasks mostly leave in about the order they came (a gather drops its
// children in order), so a chunk of the array whose tasks have all left
// goes back to the pool at once, and no task moves. The live entries move
// to a fresh array (in order, each moved task told its new index) only
// when three quarters of the entries in the chunks still held are holes,
// or when the directory is 64 times the chunks still held: amortized, a
// removal moves a third of a task at most.
class TaskList {
 public:
  // A task's index when it is on no list.
  static constexpr uint32_t kUnlisted = UINT32_MAX;

  TaskList() = default;
  TaskList(const TaskList&) = delete;
  TaskList& operator=(const TaskList&) = delete;
  ~TaskList() { Clear(); }

  // Throws std::length_error with 2^32 - 128 entries (holes included).
  inline void PushBack(TaskBase* task);
  // Requires the task to be on this list.
  inline void Remove(TaskBase* task);
  // Unlists every task (they are not destroyed).
  inline void Clear();
  // Calls `f(TaskBase*)` for each task in order. `f` must not add or
  // remove tasks.
  template <typename F>
  void ForEach(F&& f) const;

 private:
  // Compaction waits for this many chunks: small lists keep their holes.
  static constexpr size_t kCompactMinChunks = 8;
  // PushBack's, when it opens a chunk.
  void NewChunk();
  // Remove's, when the last task of chunk `k` left.
  void ChunkEmptied(size_t k);
  // Remove's, when live_ fell to compact_at_.
  void FewLeft();
  // Moves the live entries to a fresh array, in order.
  void Compact();
  // Sets compact_at_ for the chunks now held.
  void UpdateCompactAt();

  using Slots = ChunkedArray<TaskBase*, (size_t{1} << 32) - 128>;
  Slots slots_;
  // Tasks on the list, and in each chunk of slots_.
  size_t live_ = 0;
  std::vector<uint8_t> chunk_live_;
  // live_ at which FewLeft runs: a quarter of the entries in the chunks
  // held, once there are kCompactMinChunks of them; else 0.
  size_t compact_at_ = 0;
  static_assert(Slots::kChunk <= 255);
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
  void Retain() { AddRef(); }
  void Drop() { Release(); }

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
  inline void BlockOnTimer(std::coroutine_handle<> leaf, Ticks delay);
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
  // Its run loop calls Step and TimerWake directly.
  friend class ::asyncsim::Loop;

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
  void BlockOnTimerSlow(Ticks delay);
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

  // The index on the loop's TaskList, or TaskList::kUnlisted.
  uint32_t list_index_ = TaskList::kUnlisted;
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

// A timer of the loop: what to schedule when it fires.
struct LoopTimer : TimerNode {
  Callback on_fire;
  static constexpr uint32_t kTag = 0;
};

// The timer of a task's sleep: when it fires, TaskBase::ArmTimerWait's
// future is set. Two words, eight bytes smaller than a LoopTimer: sleep
// awaiters live in the coroutine frames of sleeping tasks.
class TaskTimer : public TimerNode {
 public:
  static constexpr uint32_t kTag = 1;
  TaskTimer() : TimerNode(kTag) {}
  static bool Is(const TimerNode* node) { return node->tag() == kTag; }

  // A sleep(0) has no timer: the node only keeps the task (and is never
  // pushed).
  void MarkBareYield() { set_tag(kBareYieldTag); }
  bool bare_yield() const { return tag() == kBareYieldTag; }

  // Until the sleep suspends, its delay in ticks; from then on, the task
  // (which the fired timer wakes). One word: the awaiter lives in the
  // coroutine frame of every sleeping task.
  union {
    Ticks delay = 0;
    TaskBase* task;
  };

 private:
  static constexpr uint32_t kBareYieldTag = 2;
};

// An engine object kept alive by references that callbacks hold. If the
// loop is torn down before those callbacks run (a deadlock, a limit), they
// never will, so the loop reclaims whatever is still registered then.
class LoopOwned : public ListHook {
 public:
  // Frees the object (its destructor unregisters it).
  virtual void Reclaim() = 0;
  // Calls `f` for each task this object lists instead of the loop's
  // TaskList (a gather: the tasks it created, while it lives).
  virtual void ForEachListedTask(
      const std::function<void(TaskBase*)>& f) const {}

 protected:
  ~LoopOwned() = default;
};

// A plain callback scheduled with Loop::CallSoon / CallLater / CallAt.
// Reference counted: the loop holds one reference while it is scheduled,
// each CallbackHandle one more.
class ScheduledCallback : public ListHook {
 public:
  ScheduledCallback(Loop* loop, std::function<void()> fn)
      : loop_(loop), fn_(std::move(fn)) {}
  void AddRef() { ++refs_; }
  void Release() {
    if (--refs_ == 0) delete this;
  }
  static void RunThunk(void* self);

  Loop* loop_;
  LoopTimer timer_;
  std::function<void()> fn_;
  uint32_t refs_ = 1;
  bool cancelled_ = false;
  bool is_timer_ = false;
};

}  // namespace internal

// asyncio's Handle / TimerHandle: a scheduled callback, which may be
// cancelled until it runs. Copyable; the callback runs whether or not a
// handle is kept.
class CallbackHandle {
 public:
  CallbackHandle() = default;
  explicit CallbackHandle(internal::ScheduledCallback* cb) : cb_(cb) {}
  CallbackHandle(const CallbackHandle& other) : cb_(other.cb_) {
    if (cb_ != nullptr) cb_->AddRef();
  }
  CallbackHandle& operator=(CallbackHandle other) {
    std::swap(cb_, other.cb_);
    return *this;
  }
  ~CallbackHandle() {
    if (cb_ != nullptr) cb_->Release();
  }
  // Handle.cancel(): the callback will not run (a no-op once it ran). A
  // cancelled timer never moves the clock.
  void Cancel();
  bool Cancelled() const { return cb_ != nullptr && cb_->cancelled_; }

 private:
  internal::ScheduledCallback* cb_ = nullptr;
};

class Loop {
 public:
  explicit Loop(const RunOptions& options = {});
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;
  // Tears down whatever is left: unfinished tasks' frames are destroyed
  // (their destructors run; none of their code does).
  ~Loop();

  // The loop running on this thread, or null (asyncio._get_running_loop).
  static Loop* Current() { return internal::running_loop; }

  VirtualClock& clock() { return *clock_; }
  absl::Time Now() const { return clock_->Now(); }
  internal::Ticks NowTicks() const { return clock_->NowNanos(); }
  // Handles run so far, counted at the end of each iteration (inside a
  // handle: up to the previous iteration).
  uint64_t steps() const { return steps_; }
  Observer* observer() const { return observer_; }
  std::ostream& log() const { return *log_; }

  // loop.call_soon(fn): runs `fn` in the next iteration, after what is
  // already ready.
  CallbackHandle CallSoon(std::function<void()> fn);
  // loop.call_later(delay, fn): a timer; with a delay <= 0 it is due at once
  // (still a timer: it joins the ready FIFO at the next timer check).
  CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn);
  // loop.call_at(when, fn), `when` on this loop's clock; may be in the past.
  CallbackHandle CallAt(absl::Time when, std::function<void()> fn);

  // --- Engine plumbing (used by the one-concept headers). ---------------
  void CallSoon(internal::ReadyHandle handle) { ready_.PushBack(handle); }
  void CallSoon(internal::Callback cb) {
    if (internal::TaskBase::IsStep(cb)) {
      // A done-callback that steps a task (an await on a future).
      ready_.PushBack(static_cast<internal::TaskBase*>(cb.arg)->StepHandle());
      return;
    }
    ready_.PushBack(internal::ReadyHandle::Other());
    ready_other_.PushBack(cb);
  }
  // While a gather creates its children: NewTask leaves their first
  // steps to ScheduleFirstSteps. Nothing else may be scheduled meanwhile.
  void DeferFirstSteps() { defer_first_steps_ = true; }
  // Schedules the first steps of the `n` tasks at `tasks` (TaskBases, in
  // creation order, created since DeferFirstSteps), as `n` handles in one
  // ready entry; ends the deferral. `tasks` must stay valid until they
  // have run (a gather's children: each child keeps the gather alive).
  void ScheduleFirstSteps(internal::FutureCore* const* tasks, size_t n);
  // call_at: `timer` (not scheduled) fires at `deadline`.
  void AddTimer(internal::LoopTimer* timer, internal::Ticks deadline) {
    timers_.Push(timer, deadline);
  }
  void AddTimer(internal::TaskTimer* timer, internal::Ticks deadline) {
    timers_.Push(timer, deadline);
  }
  // TimerHandle.cancel() on a scheduled timer (ignored if not scheduled).
  void CancelTimer(internal::TimerNode* timer) {
    if (timer->linked()) timers_.Remove(timer);
  }
  // create_task: registers a task for `root` and schedules its first step.
  // The returned task carries one reference for the caller. At the task
  // limit it throws TaskLimitError instead (and aborts the run); `root` is
  // then still the caller's. With a `parent` (a gather making its
  // children), the task is the parent's to list (TaskBase::SetParent).
  internal::TaskBase* NewTask(std::coroutine_handle<> root, std::string name,
                              internal::FutureCore* parent = nullptr);
  // Called by a task as it finishes: drops the loop's reference.
  void TaskFinished(internal::TaskBase* task);
  // Registers an object for reclamation at teardown (see LoopOwned).
  void Adopt(internal::LoopOwned* object) { owned_.PushBack(object); }
  // Ends the run with `status` (not OK) as soon as the handle now running
  // returns; RunUntilComplete then returns it, now and on every later call.
  // The first status wins. For what the program cannot be trusted to stop
  // by itself: the task limit, or stdout gone.
  void Abort(absl::Status status);
  // The status given to Abort, or OK.
  const absl::Status& abort_status() const { return abort_status_; }

  // run_until_complete(future), minus the result: runs iterations until
  // `future` is done and the loop stops, or an error ends the run.
  absl::Status RunUntilComplete(internal::FutureCore* future);
  // Pending tasks in creation order (asyncio.all_tasks(), ordered).
  std::vector<internal::TaskBase*> PendingTasks() const;
  // Failed tasks since the last call, each with one reference for the
  // caller (kept so that unretrieved exceptions can be reported).
  std::vector<internal::TaskBase*> TakeFailedTasks();

  // Marks this loop as the thread's running loop for the scope's life.
  class RunningScope {
   public:
    explicit RunningScope(Loop* loop);
    ~RunningScope();
    RunningScope(const RunningScope&) = delete;
    RunningScope& operator=(const RunningScope&) = delete;

   private:
    Loop* previous_;
  };

 private:
  absl::Status RunOnce();
  // Prefetches what the next ready handles will touch.
  void Prefetch();
  // RunOnce's timer check when nothing is ready: pops the due timers,
  // running sleeps' timer wakes at once; returns the iteration's handles.
  size_t PopDueAndWake();
  // Runs the first steps of the run at the front of the FIFO, while
  // handle `i` of this iteration's `nrun` is due; returns the next `i`.
  size_t RunFirstSteps(size_t i, size_t nrun, bool prefetch);
  // Schedules what a fired timer runs: a sleep's timer wake, or the
  // callback of a call_later / call_at.
  void ScheduleFiredTimer(internal::TimerNode* node);
  CallbackHandle Schedule(internal::ScheduledCallback* cb);
  friend class internal::ScheduledCallback;
  friend class internal::TaskBase;
  friend class CallbackHandle;
  absl::Status DeadlockError() const;
  [[noreturn]] void TaskLimitReached();
  static void StopThunk(void* loop);

  VirtualClock own_clock_;
  VirtualClock* clock_;
  internal::Ticks horizon_;
  uint64_t max_steps_;
  // max_steps_, or the largest count when unlimited: one compare an
  // iteration.
  uint64_t step_limit_;
  uint64_t max_tasks_;
  Observer* observer_;
  std::ostream* log_;

  internal::RingBuffer<internal::ReadyHandle> ready_;
  // The Callbacks of ready_'s kOther entries, in the same order.
  internal::RingBuffer<internal::Callback> ready_other_;
  // The tasks of ready_'s kStepRun entries, in the same order: each a run
  // of first steps, `count` handles (ScheduleFirstSteps).
  struct StepRun {
    internal::FutureCore* const* tasks;
    size_t count;
  };
  internal::RingBuffer<StepRun> ready_runs_;
  // The handles in the FIFO: ready_.size() plus each run's count - 1.
  size_t ready_handles() const { return ready_.size() + run_extra_; }
  size_t run_extra_ = 0;
  bool defer_first_steps_ = false;
  internal::TimerQueue timers_;
  // Every live task in creation order, but those a LoopOwned lists (a
  // gather's children): the pending ones are asyncio's all_tasks(); done
  // ones leave when destroyed.
  internal::TaskList tasks_;
  // Failed tasks, held until the end of the run to report unretrieved
  // exceptions.
  std::vector<internal::TaskBase*> failed_;
  // Plain callbacks scheduled and not yet run, each with the loop's
  // reference.
  internal::IntrusiveList<internal::ScheduledCallback> callbacks_;
  // Live objects to reclaim at teardown.
  internal::IntrusiveList<internal::LoopOwned> owned_;
  uint64_t steps_ = 0;
  // Tasks created and not yet done: what max_tasks bounds.
  uint64_t unfinished_tasks_ = 0;
  uint64_t next_task_id_ = 1;
  absl::Status abort_status_;
  bool stopping_ = false;
  bool aborted_ = false;
};

// --- Inline definitions that need Loop. ----------------------------------

namespace internal {

void TaskBase::BlockOn(WaitTarget blocker, std::coroutine_handle<> leaf) {
  leaf_ = leaf;
  waiting_on_ = blocker;
  if (loop()->observer() != nullptr || (bits_ & kMustCancel) != 0)
      [[unlikely]] {
    BlockOnSlow(blocker);
  }
}

void TaskList::PushBack(TaskBase* task) {
  const size_t index = slots_.size();
  slots_.push_back(task);
  task->list_index_ = static_cast<uint32_t>(index);
  if (index % Slots::kChunk == 0) [[unlikely]] {
    NewChunk();
  }
  ++chunk_live_.back();
  ++live_;
}

void TaskList::Remove(TaskBase* task) {
  assert(task->list_index_ != kUnlisted);
  const size_t index = task->list_index_;
  slots_[index] = nullptr;
  task->list_index_ = kUnlisted;
  if (--chunk_live_[index / Slots::kChunk] == 0) [[unlikely]] {
    ChunkEmptied(index / Slots::kChunk);
  }
  if (--live_ <= compact_at_) [[unlikely]] {
    FewLeft();
  }
}

void TaskList::Clear() {
  ForEach([](TaskBase* task) { task->list_index_ = kUnlisted; });
  slots_.clear(/*keep_chunks=*/0);
  chunk_live_.clear();
  live_ = 0;
  compact_at_ = 0;
}

template <typename F>
void TaskList::ForEach(F&& f) const {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (chunk_live_[i / Slots::kChunk] == 0) {
      i |= Slots::kChunk - 1;  // Skip the chunk: it may be released.
      continue;
    }
    if (TaskBase* task = slots_[i]) f(task);
  }
}

void TaskBase::BlockOnTimer(std::coroutine_handle<> leaf, Ticks delay) {
  leaf_ = leaf;
  if (loop()->observer() != nullptr || (bits_ & kMustCancel) != 0)
      [[unlikely]] {
    BlockOnTimerSlow(delay);
  }
}

void TaskBase::ArmTimerWait(TaskTimer* timer) {
  bits_ |= kTimerPending;  // kTimerCancelled went with the last sleep.
  timer->task = this;
}

bool TaskBase::CancelTimerWait() {
  if ((bits_ & kTimerPending) == 0) return false;
  bits_ ^= kTimerPending | kTimerCancelled;
  loop()->CallSoon(StepHandle());
  return true;
}

bool FutureCore::Cancel() {
  return is_task_ ? static_cast<TaskBase*>(this)->Cancel()
                  : static_cast<NonTaskFuture*>(this)->Cancel();
}

WaitKind FutureCore::kind() const {
  return is_task_ ? WaitKind::kTask
                  : static_cast<const NonTaskFuture*>(this)->kind();
}

std::string FutureCore::Describe() const {
  return is_task_ ? static_cast<const TaskBase*>(this)->Describe()
                  : static_cast<const NonTaskFuture*>(this)->Describe();
}

void FutureCore::Retain() {
  if (is_task_) {
    static_cast<TaskBase*>(this)->AddRef();
  } else {
    static_cast<NonTaskFuture*>(this)->Retain();
  }
}

void FutureCore::Drop() {
  if (is_task_) {
    static_cast<TaskBase*>(this)->Release();
  } else {
    static_cast<NonTaskFuture*>(this)->Drop();
  }
}

void FutureCore::OnChildDone(TaskBase* child) {
  if (!is_task_) static_cast<NonTaskFuture*>(this)->OnChildDone(child);
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

std::optional<Ticks> WaitTarget::BlockedSince(const TaskBase* task) const {
  return (bits_ & kFutureBit) != 0 ? future()->BlockedSince(task)
                                   : blocker()->BlockedSince(task);
}

}  // namespace internal
}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_LOOP_H_
