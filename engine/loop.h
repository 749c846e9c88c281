// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: loop.h
// -----------------------------------------------------------------------------
//
// `Loop` is the event loop: CPython 3.11's `BaseEventLoop` on an ideal
// virtual clock (see docs/semantics.md). Programs do not usually touch it;
// `Run(main)` (run.h) makes one, as `asyncio.run` does.
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
// The state it schedules lives in engine/internal/, one concept a header:
// task_state.h (TaskBase), future_state.h (FutureCore), wait.h (what a task
// waits on), task_list.h, handles.h (ready-FIFO entries and timers),
// scheduled_callback.h (CallbackHandle) and loop_owned.h. The public faces
// are task.h, future.h, sleep.h, gather.h, queue.h and the other
// one-concept headers; RunOptions is in run_options.h.
//
// Example (what Run does, run.h):
//
//   Loop loop(options);
//   Loop::RunningScope running(&loop);
//   TaskHandle<int> main = CreateTask(Main());
//   absl::Status status = loop.RunUntilComplete(main.core());

#ifndef ASYNCSIM_ENGINE_LOOP_H_
#define ASYNCSIM_ENGINE_LOOP_H_

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/errors.h"
#include "engine/internal/handles.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/loop_owned.h"
#include "engine/internal/ring_buffer.h"
#include "engine/internal/running_loop.h"
#include "engine/internal/scheduled_callback.h"
#include "engine/internal/task_list.h"
#include "engine/internal/task_state.h"
#include "engine/internal/timer_queue.h"
#include "engine/internal/wait.h"
#include "engine/observer.h"
#include "engine/run_options.h"

namespace asyncsim {

namespace internal {

// The limits that end a run with kResourceExhausted; the status carries
// which one in its payload (see run.h's IsStepLimitExceeded and
// IsTaskLimitExceeded).
enum class Limit : uint8_t { kSteps, kTasks };
absl::Status LimitError(Limit limit, std::string_view message);
// Which limit `status` reports, if it is a LimitError.
std::optional<Limit> LimitOf(const absl::Status& status);

}  // namespace internal

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
  // For observers and messages (absl::Time, rounded to quarter
  // nanoseconds): compute with Time().
  absl::Time Now() const { return clock_->Now(); }
  // loop.time(): the virtual time in seconds, a double.
  double Time() const { return clock_->Time(); }
  // Handles run so far, counted at the end of each iteration (inside a
  // handle: up to the previous iteration).
  uint64_t steps() const { return steps_; }
  Observer* observer() const { return observer_; }
  std::ostream& log() const { return *log_; }

  // loop.call_soon(fn): runs `fn` in the next iteration, after what is
  // already ready.
  CallbackHandle CallSoon(std::function<void()> fn);
  // loop.call_later(delay, fn): call_at(time() + delay), the sum a double
  // as in CPython; with a delay <= 0 it is due at once (still a timer: it
  // joins the ready FIFO at the next timer check). A Duration is its
  // seconds as a double.
  CallbackHandle CallLater(double delay, std::function<void()> fn);
  CallbackHandle CallLater(absl::Duration delay, std::function<void()> fn) {
    return CallLater(absl::ToDoubleSeconds(delay), std::move(fn));
  }
  // loop.call_at(when, fn), `when` in seconds on this loop's clock (as
  // Time()); may be in the past. An absl::Time is seconds since the Unix
  // epoch, the clock's origin.
  CallbackHandle CallAt(double when, std::function<void()> fn);
  CallbackHandle CallAt(absl::Time when, std::function<void()> fn) {
    return CallAt(absl::ToDoubleSeconds(when - absl::UnixEpoch()),
                  std::move(fn));
  }

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
  // call_at: `timer` (not scheduled) fires at `deadline`. A NaN deadline
  // is due at once (CPython's heap order with NaN is undefined; alone in
  // the heap, a NaN timer pops at the next check, as here).
  void AddTimer(internal::LoopTimer* timer, internal::VirtualTime deadline) {
    timers_.Push(timer, DueKey(deadline));
  }
  void AddTimer(internal::TaskTimer* timer, internal::VirtualTime deadline) {
    timers_.Push(timer, DueKey(deadline));
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
  // Called by a listed task as it is destroyed: it leaves the TaskList.
  void Unlist(internal::TaskBase* task) { tasks_.Remove(task); }
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
  absl::Status DeadlockError() const;
  static internal::VirtualTime DueKey(internal::VirtualTime deadline) {
    return deadline == deadline ? deadline
                                : -std::numeric_limits<double>::infinity();
  }
  // When nothing is ready: moves the clock as CPython's select(timeout)
  // would for the earliest deadline `next`, or says why the run stops.
  absl::Status AdvanceClockTo(internal::VirtualTime next);
  [[noreturn]] void TaskLimitReached();
  static void StopThunk(void* loop);

  VirtualClock own_clock_;
  VirtualClock* clock_;
  internal::VirtualTime horizon_;
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

void TaskBase::BlockOnTimer(std::coroutine_handle<> leaf, VirtualTime delay) {
  leaf_ = leaf;
  if (loop()->observer() != nullptr || (bits_ & kMustCancel) != 0)
      [[unlikely]] {
    BlockOnTimerSlow(delay);
  }
}

bool TaskBase::CancelTimerWait() {
  if ((bits_ & kTimerPending) == 0) return false;
  bits_ ^= kTimerPending | kTimerCancelled;
  loop()->CallSoon(StepHandle());
  return true;
}

}  // namespace internal
}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_LOOP_H_
