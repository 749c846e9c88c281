// The loop, and the out-of-line members of the state it schedules
// (engine/internal/: future_state.h, task_list.h, task_state.h,
// scheduled_callback.h). Those are compiled here, with the run loop: they
// schedule through the loop (their libraries, header-only, are below it),
// and the run loop inlines a task's step (TaskBase::Step, TimerWake).

#include "engine/loop.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <coroutine>
#include <exception>
#include <iostream>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "engine/errors.h"

namespace asyncsim {
namespace {

std::string FormatSeconds(internal::VirtualTime t) {
  return absl::StrFormat("%.3f s", t);
}

// CPython's `time.get_clock_info("monotonic").resolution` on Linux, which
// `BaseEventLoop._clock_resolution` is: a timer is due when its deadline
// is before `time() + kClockResolution`.
constexpr double kClockResolution = 1e-9;
// `base_events.MAXIMUM_SELECT_TIMEOUT`: the longest one iteration waits.
constexpr double kMaximumSelectTimeout = 24 * 3600;

// The first clock reading at which a timer due at `when` pops: `when`
// itself, unless `when + kClockResolution` rounds back to `when` (past
// 2^24 s), then the next double up.
double FiringTime(double when) {
  if (when + kClockResolution > when) return when;
  return std::nextafter(when, std::numeric_limits<double>::infinity());
}

}  // namespace

namespace internal {
namespace {
// Debian's Abseil has an absl::string_view of its own.
constexpr absl::string_view kLimitPayload = "asyncsim/limit";
}  // namespace

absl::Status LimitError(Limit limit, std::string_view message) {
  absl::Status status = absl::ResourceExhaustedError(
      absl::string_view(message.data(), message.size()));
  status.SetPayload(kLimitPayload,
                    absl::Cord(limit == Limit::kTasks ? "tasks" : "steps"));
  return status;
}

std::optional<Limit> LimitOf(const absl::Status& status) {
  if (!absl::IsResourceExhausted(status)) return std::nullopt;
  absl::optional<absl::Cord> payload = status.GetPayload(kLimitPayload);
  if (!payload.has_value()) return std::nullopt;
  if (*payload == "tasks") return Limit::kTasks;
  if (*payload == "steps") return Limit::kSteps;
  return std::nullopt;
}

std::string Blocker::Describe() const {
  return std::string(WaitKindName(kind()));
}

std::string NonTaskFuture::Describe() const {
  return std::string(WaitKindName(kind()));
}

// --- FutureCore (internal/future_state.h) ----------------------------------

void FutureCore::AddDoneCallback(DoneCallback* node) {
  if (done()) {
    loop()->CallSoon(node->callback);
  } else {
    callbacks_.PushBack(node);
  }
}

std::optional<VirtualTime> FutureCore::BlockedSince(
    const TaskBase* task) const {
  std::optional<VirtualTime> since;
  if (done()) return since;
  callbacks_.ForEach([&](DoneCallback* node) {
    if (!since.has_value() && TaskBase::IsStep(node->callback) &&
        node->callback.arg == task) {
      since = static_cast<const WaitNode*>(node)->since;
    }
  });
  return since;
}

void FutureCore::ScheduleCallbacks() {
  assert(!done());
  while (!callbacks_.empty()) {
    loop()->CallSoon(callbacks_.PopFront()->callback);
  }
}

void FutureCore::SetFailed(std::exception_ptr exception) {
  log_traceback_ = true;
  Settle(State::kFailed, std::move(exception));
}

bool FutureCore::CancelFuture() {
  log_traceback_ = false;
  if (done()) return false;
  Settle(State::kCancelled, nullptr);
  return true;
}

// --- TaskList (internal/task_list.h) ---------------------------------------

void TaskList::NewChunk() {
  chunk_live_.push_back(0);
  UpdateCompactAt();
}

void TaskList::ChunkEmptied(size_t k) {
  // The chunk the next PushBack writes into stays.
  if ((k + 1) * Slots::kChunk > slots_.size()) return;
  slots_.ReleaseChunk(k);
  UpdateCompactAt();
  const size_t held = slots_.chunks() - slots_.released_chunks();
  if (slots_.chunks() >= 64 * held && slots_.chunks() >= 64) Compact();
}

void TaskList::FewLeft() {
  if (live_ == 0) {
    slots_.clear(/*keep_chunks=*/1);
    chunk_live_.clear();
    compact_at_ = 0;
  } else {
    Compact();
  }
}

void TaskList::UpdateCompactAt() {
  const size_t held = slots_.chunks() - slots_.released_chunks();
  compact_at_ = held >= kCompactMinChunks ? held * Slots::kChunk / 4 : 0;
}

void TaskList::Compact() {
  Slots fresh;
  std::vector<uint8_t> fresh_live;
  ForEach([&](TaskBase* task) {
    const size_t index = fresh.size();
    task->list_index_ = static_cast<uint32_t>(index);
    fresh.push_back(task);
    if (index % Slots::kChunk == 0) fresh_live.push_back(0);
    ++fresh_live.back();
  });
  slots_.swap(fresh);
  chunk_live_.swap(fresh_live);
  UpdateCompactAt();
}

// --- TaskBase (internal/task_state.h) --------------------------------------

TaskBase::TaskBase(std::coroutine_handle<> root, uint64_t id, std::string name)
    : FutureCore(/*is_task=*/true),
      id_low_(static_cast<uint32_t>(id)),
      leaf_(root) {
  static_assert(sizeof(TaskBase) <= 48, "see the field comments");
  static_assert(alignof(TaskBase) <= PoolAlignment(PoolKind::kObject));
  // ReadyHandle keeps its kind in a task pointer's three low bits.
  static_assert(alignof(TaskBase) >= 8);
  if (!name.empty()) cold().name = std::move(name);
  if (id >> 32 != 0) [[unlikely]] {
    cold().id_high = static_cast<uint32_t>(id >> 32);
  }
}

TaskBase::~TaskBase() {
  if (TaskList::Listed(this)) loop()->Unlist(this);
  DestroyFrame();
  delete cold_ptr();
}

void TaskBase::DestroyFrame() {
  if (leaf_) {
    std::coroutine_handle<> root = RootFrame();
    leaf_ = nullptr;
    waiting_on_ = {};
    ClearBits(kTimerPending | kTimerCancelled);  // Gone with the frame.
    root.destroy();
  }
}

std::coroutine_handle<> TaskBase::RootFrame() const {
  // Up from the frame the task is suspended in, through the inline awaits
  // (a done task's leaf_ is its root frame already). Every coroutine a
  // task runs is a Task<T>'s, whose promise begins with its PromiseLinks
  // at the same offset (task.h checks it), so reading the links as the
  // promise of a coroutine_handle<PromiseLinks> finds them.
  std::coroutine_handle<> frame = leaf_;
  while (frame) {
    const PromiseLinks& links =
        std::coroutine_handle<PromiseLinks>::from_address(frame.address())
            .promise();
    InlineAwait* awaiter = links.awaiter();
    if (awaiter == nullptr) break;
    frame = awaiter->continuation;
  }
  return frame;
}

std::string TaskBase::Name() const { return info().Name(); }

std::string TaskBase::Describe() const {
  return absl::StrCat("Task '", Name(), "'");
}

bool TaskBase::Cancel(std::string_view message) {
  log_traceback_ = false;
  if (done()) return false;
  Cold& cold = this->cold();
  ++cold.num_cancels_requested;
  auto set_message = [&] {
    if (cold.cancel_message_fixed) return;
    cold.cancel_message.assign(message.data(), message.size());
  };
  if (waiting_on_) {
    // Tasks that await each other in a cycle (or a task awaiting itself)
    // would bring the request back here: CPython recurses until
    // RecursionError; here the inner request is refused instead, so the
    // cycle stays blocked and the deadlock detector reports it.
    if ((bits_ & kInCancel) != 0) return false;
    bits_ |= kInCancel;
    const bool cancelled = waiting_on_.Cancel();
    ClearBits(kInCancel);
    if (cancelled) {
      set_message();
      cold.cancel_message_fixed = true;
      return true;
    }
  }
  if (CancelTimerWait()) {  // Asleep: its own timer wait is the blocker.
    set_message();
    cold.cancel_message_fixed = true;
    return true;
  }
  // The step is already scheduled (or the task is running): it will throw.
  bits_ |= kMustCancel;
  set_message();
  return true;
}

void TaskBase::BlockOnSlow(WaitTarget blocker) {
  if (Observer* observer = loop()->observer(); observer != nullptr) {
    observer->OnTaskSuspended(loop()->Now(), info(), blocker.kind(),
                              blocker.Describe());
  }
  // Cancelled while running: the new wait is cancelled at once.
  if ((bits_ & kMustCancel) != 0 && blocker.Cancel()) {
    ClearBits(kMustCancel);
    cold().cancel_message_fixed = true;
  }
}

void TaskBase::BlockOnTimerSlow(VirtualTime delay) {
  if (Observer* observer = loop()->observer(); observer != nullptr) {
    observer->OnTaskSuspended(
        loop()->Now(), info(), WaitKind::kSleep,
        absl::StrCat(
            "sleep(",
            delay == delay ? absl::FormatDuration(absl::Seconds(delay)) : "nan",
            ")"));
  }
  // Cancelled while running: the new wait is cancelled at once.
  if ((bits_ & kMustCancel) != 0 && CancelTimerWait()) {
    ClearBits(kMustCancel);
    cold().cancel_message_fixed = true;
  }
}

void TaskBase::YieldNow(std::coroutine_handle<> leaf) {
  leaf_ = leaf;
  loop()->CallSoon(StepHandle());
  if (Observer* observer = loop()->observer(); observer != nullptr) {
    observer->OnTaskSuspended(loop()->Now(), info(), WaitKind::kYield,
                              WaitKindName(WaitKind::kYield));
  }
}

void TaskBase::StepThunk(void* task) { static_cast<TaskBase*>(task)->Step(); }

inline void TaskBase::TimerWake() {
  if ((bits_ & kTimerPending) == 0) return;  // Cancelled.
  ClearBits(kTimerPending);
  // The wait is over: the step need not ask the blocker (a sleep's is
  // always ready), and a cancel() from now on can only mark the task, as
  // it would after asking the settled blocker.
  waiting_on_ = {};
  loop()->CallSoon(StepHandle());
  if (loop()->observer() != nullptr) [[unlikely]] {
    NotifyTimerFired();
  }
}

void TaskBase::NotifyTimerFired() {
  loop()->observer()->OnTimerFired(loop()->Now(), info());
}

inline void TaskBase::Step() {
  assert(!done());
  const uint8_t bits = bits_;
  const bool cancel = (bits & kMustCancel) != 0;
  WaitTarget blocker = std::exchange(waiting_on_, {});
  if (blocker && !cancel && !blocker.ReadyToResume()) {
    waiting_on_ = blocker;  // Re-armed: still waiting, no code ran.
    return;
  }
  if ((bits & (kMustCancel | kStarted)) == kStarted) [[likely]] {
    ClearBits(kPendingCancel);  // No cancel() is due at the await point.
  } else {
    // The cancel() moves from "requested" to "due at the await point";
    // the task has started.
    bits_ = static_cast<uint8_t>(
        (bits & (kInCancel | kTimerPending | kTimerCancelled)) | kStarted |
        (cancel ? kPendingCancel : 0));
    if ((bits & kStarted) == 0 && cancel && StartCancelled()) return;
  }
  if (loop()->observer() != nullptr) [[unlikely]] {
    NotifyResumed();
  }
  leaf_.resume();
  if (done()) loop()->TaskFinished(this);
}

bool TaskBase::StartCancelled() {
  // coro.throw() into a coroutine that never ran: it ends at once and
  // none of its body runs.
  OnCoroutineDone(leaf_, std::make_exception_ptr(CancelledError()));
  loop()->TaskFinished(this);
  return true;
}

void TaskBase::NotifyResumed() {
  loop()->observer()->OnTaskResumed(loop()->Now(), info());
}

CancelledError TaskBase::DueCancelledError() {
  Cold* cold = cold_ptr();
  if (cold == nullptr) return CancelledError();
  cold->cancel_message_fixed = false;
  return CancelledError(std::exchange(cold->cancel_message, {}));
}

void TaskBase::ThrowCancelledFrom(FutureCore* future) {
  if (std::exception_ptr e = future->TakeCancelledError()) {
    if (Cold* cold = cold_ptr()) {
      cold->cancel_message.clear();
      cold->cancel_message_fixed = false;
    }
    std::rethrow_exception(e);
  }
  ThrowCancelled();
}

void TaskBase::OnCoroutineDone(std::coroutine_handle<> root,
                               std::exception_ptr exception) {
  waiting_on_ = {};
  leaf_ = root;
  ClearBits(kPendingCancel);
  // The parent's callback was registered first: it is scheduled first.
  if (parent() != nullptr) {
    loop()->CallSoon(ReadyHandle(this, ReadyHandle::kParent));
  }
  if (!exception) {
    if ((bits_ & kMustCancel) != 0) {
      // Cancelled right before the coroutine returned.
      ClearBits(kMustCancel);
      CancelFuture();
    } else {
      SetFinished();
    }
  } else if (HoldsCancelledError(exception)) {
    CancelFuture();
    exception_ = std::move(exception);  // _cancelled_exc, for awaiters.
  } else {
    SetFailed(std::move(exception));
  }
  if (Observer* observer = loop()->observer(); observer != nullptr) {
    TaskOutcome outcome = state_ == State::kFinished ? TaskOutcome::kFinished
                          : state_ == State::kFailed ? TaskOutcome::kFailed
                                                     : TaskOutcome::kCancelled;
    observer->OnTaskDone(loop()->Now(), info(), outcome);
  }
}

}  // namespace internal

// --- Loop --------------------------------------------------------------------

Loop::Loop(const RunOptions& options)
    : clock_(options.clock != nullptr ? options.clock : &own_clock_),
      horizon_(absl::ToDoubleSeconds(options.horizon)),
      max_steps_(options.max_steps),
      step_limit_(options.max_steps != 0
                      ? options.max_steps
                      : std::numeric_limits<uint64_t>::max()),
      max_tasks_(options.max_tasks),
      observer_(options.observer),
      log_(options.log != nullptr ? options.log : &std::cerr) {}

Loop::~Loop() {
  // What is torn down here finds its loop as the running one
  // (FutureCore::loop()), as it did while the loop ran.
  Loop* const previous = std::exchange(internal::running_loop, this);
  ready_.Clear();
  ready_other_.Clear();
  ready_runs_.Clear();
  run_extra_ = 0;
  timers_.Clear();
  while (!callbacks_.empty()) callbacks_.PopFront()->Release();
  std::vector<internal::TaskBase*> pending = PendingTasks();
  for (internal::TaskBase* task : pending) task->AddRef();
  // Frames first, while every task object is still alive: destructors in
  // one frame may release handles to other tasks.
  for (internal::TaskBase* task : pending) task->DestroyFrame();
  for (internal::TaskBase* task : pending) {
    if (internal::TaskList::Listed(task)) tasks_.Remove(task);
    task->Release();  // The loop's reference.
    task->Release();  // Ours.
  }
  for (internal::TaskBase* task : failed_) task->Release();
  while (!owned_.empty()) owned_.PopFront()->Reclaim();
  // Done tasks that handles keep alive: they must not touch the list again.
  tasks_.Clear();
  internal::running_loop = previous;
}

Loop::RunningScope::RunningScope(Loop* loop)
    : previous_(internal::running_loop) {
  if (previous_ != nullptr) {
    throw RuntimeError("Run() cannot be called from a running event loop");
  }
  internal::running_loop = loop;
}

Loop::RunningScope::~RunningScope() { internal::running_loop = previous_; }

internal::TaskBase* Loop::NewTask(std::coroutine_handle<> root,
                                  std::string name,
                                  internal::FutureCore* parent) {
  if (max_tasks_ != 0 && unfinished_tasks_ >= max_tasks_) [[unlikely]] {
    TaskLimitReached();
  }
  auto* task = new internal::TaskBase(root, next_task_id_++, std::move(name));
  if (parent != nullptr) {
    task->SetParent(parent);
  } else {
    tasks_.PushBack(task);
  }
  ++unfinished_tasks_;
  task->AddRef();  // The caller's.
  if (!defer_first_steps_) CallSoon(task->StepHandle());
  if (observer_ != nullptr) observer_->OnTaskCreated(Now(), task->info());
  return task;
}

void Loop::ScheduleFirstSteps(internal::FutureCore* const* tasks, size_t n) {
  defer_first_steps_ = false;
  if (n == 0) return;
  auto* first = static_cast<internal::TaskBase*>(tasks[0]);
  if (n == 1) {
    CallSoon(first->StepHandle());
    return;
  }
  ready_.PushBack(
      internal::ReadyHandle(first, internal::ReadyHandle::kStepRun));
  ready_runs_.PushBack(StepRun{tasks, n});
  run_extra_ += n - 1;
}

size_t Loop::RunFirstSteps(size_t i, size_t nrun, bool prefetch) {
  // A copy: the steps may schedule more runs (and grow the FIFO).
  StepRun run = ready_runs_.front();
  const size_t k = std::min(run.count, nrun - i);
  size_t done = 0;
  while (done < k) {
    if (prefetch) {
      // As Prefetch() does along the FIFO: the task kFar ahead, the frame
      // of the one kNear ahead.
      constexpr size_t kFar = 8;
      constexpr size_t kNear = 4;
      if (done + kFar < run.count) {
        const char* object =
            reinterpret_cast<const char*>(run.tasks[done + kFar]);
        __builtin_prefetch(object);
        __builtin_prefetch(object + 64);
      }
      if (done + kNear < run.count) {
        const char* frame = static_cast<const char*>(
            static_cast<internal::TaskBase*>(run.tasks[done + kNear])
                ->leaf_address());
        __builtin_prefetch(frame);
        __builtin_prefetch(frame + 64);
      }
    }
    static_cast<internal::TaskBase*>(run.tasks[done])->Step();
    ++done;
    if (aborted_) [[unlikely]] {
      break;
    }
  }
  if (done == run.count) {
    ready_.PopFront();
    ready_runs_.PopFront();
    run_extra_ -= run.count - 1;
  } else {
    StepRun& front = ready_runs_.front();
    front.tasks += done;
    front.count -= done;
    run_extra_ -= done;
  }
  return i + done;
}

void Loop::TaskLimitReached() {
  std::string message =
      absl::StrCat("task limit reached: a task was created while ", max_tasks_,
                   " were alive, at virtual time ", FormatSeconds(Time()));
  Abort(internal::LimitError(internal::Limit::kTasks, message));
  throw TaskLimitError(message);
}

void Loop::Abort(absl::Status status) {
  if (aborted_ || status.ok()) return;
  abort_status_ = std::move(status);
  aborted_ = true;
}

void Loop::TaskFinished(internal::TaskBase* task) {
  // The task stays on `tasks_` until it is destroyed: unlinking it now
  // would touch its creation-order neighbours, two cache misses in a large
  // simulation, while at destruction (gathers drop their children in
  // creation order) they are usually at hand.
  --unfinished_tasks_;
  if (task->state() == internal::FutureCore::State::kFailed) {
    failed_.push_back(task);  // Keeps the loop's reference until reported.
  } else {
    task->Release();
  }
}

std::vector<internal::TaskBase*> Loop::PendingTasks() const {
  std::vector<internal::TaskBase*> pending;
  tasks_.ForEach([&](internal::TaskBase* task) {
    if (!task->done()) pending.push_back(task);
  });
  const size_t listed = pending.size();
  owned_.ForEach([&](internal::LoopOwned* owned) {
    owned->ForEachListedTask([&](internal::TaskBase* task) {
      if (!task->done()) pending.push_back(task);
    });
  });
  if (pending.size() != listed) {
    std::sort(pending.begin(), pending.end(),
              [](const internal::TaskBase* a, const internal::TaskBase* b) {
                return a->id() < b->id();
              });
  }
  return pending;
}

std::vector<internal::TaskBase*> Loop::TakeFailedTasks() {
  return std::exchange(failed_, {});
}

// --- ScheduledCallback, CallbackHandle (internal/scheduled_callback.h) ----

void internal::ScheduledCallback::RunThunk(void* self) {
  auto* cb = static_cast<ScheduledCallback*>(self);
  cb->Unlink();  // From the loop's list: it has run (or was cancelled).
  if (!cb->cancelled_) {
    std::function<void()> fn = std::move(cb->fn_);
    try {
      fn();
    } catch (...) {
      // Handle._run: the exception goes to the loop's exception handler.
      cb->loop_->log() << "Exception in callback: "
                       << DescribeException(std::current_exception()) << "\n";
    }
  }
  cb->Release();  // The loop's reference.
}

void CallbackHandle::Cancel() {
  if (cb_ == nullptr || cb_->cancelled_) return;
  cb_->cancelled_ = true;
  if (cb_->is_timer_ && cb_->timer_.linked()) {
    // Still in the timer queue: leave it now (it would never move the
    // clock anyway) and drop the loop's reference.
    cb_->loop_->CancelTimer(&cb_->timer_);
    cb_->Unlink();
    cb_->Release();
  }
  // In the ready FIFO: skipped when its turn comes.
}

CallbackHandle Loop::Schedule(internal::ScheduledCallback* cb) {
  callbacks_.PushBack(cb);
  cb->AddRef();  // The caller's.
  return CallbackHandle(cb);
}

CallbackHandle Loop::CallSoon(std::function<void()> fn) {
  auto* cb = new internal::ScheduledCallback(this, std::move(fn));
  CallSoon(internal::Callback{&internal::ScheduledCallback::RunThunk, cb});
  return Schedule(cb);
}

CallbackHandle Loop::CallLater(double delay, std::function<void()> fn) {
  return CallAt(Time() + delay, std::move(fn));
}

CallbackHandle Loop::CallAt(double when, std::function<void()> fn) {
  auto* cb = new internal::ScheduledCallback(this, std::move(fn));
  cb->is_timer_ = true;
  cb->timer_.on_fire = {&internal::ScheduledCallback::RunThunk, cb};
  AddTimer(&cb->timer_, when);
  return Schedule(cb);
}

void Loop::StopThunk(void* loop) { static_cast<Loop*>(loop)->stopping_ = true; }

absl::Status Loop::RunUntilComplete(internal::FutureCore* future) {
  internal::DoneCallback stop;
  stop.callback = {&StopThunk, this};
  future->AddDoneCallback(&stop);
  stopping_ = false;
  absl::Status status = abort_status_;
  while (status.ok()) {
    status = RunOnce();
    if (stopping_) break;
  }
  stopping_ = false;
  return status;
}

// Always inlined: as a call, g++ finds it has no side effect (prefetches
// do not count) and deletes it.
[[gnu::always_inline]] inline void Loop::Prefetch() {
  // Large simulations wake tasks in no particular memory order, so each
  // handle's object (a task, an awaiter in a frame) is a cache miss. Ask
  // for the object of the handle kFar ahead (three lines: a task spans
  // them), and for the frame of the task that kNear ahead will step (its
  // task object has arrived by then).
  constexpr size_t kFar = 8;
  constexpr size_t kNear = 4;
  const size_t left = ready_.size();
  if (left > kFar && ready_[kFar].kind() != internal::ReadyHandle::kOther) {
    const char* object = reinterpret_cast<const char*>(ready_[kFar].task());
    __builtin_prefetch(object);
    __builtin_prefetch(object + 64);
    __builtin_prefetch(object + 128);
  }
  if (left > kNear) {
    const internal::ReadyHandle near = ready_[kNear];
    if (near.kind() == internal::ReadyHandle::kStep) {
      const char* frame = static_cast<const char*>(near.task()->leaf_address());
      __builtin_prefetch(frame);
      __builtin_prefetch(frame + 64);
    }
  }
}

void Loop::ScheduleFiredTimer(internal::TimerNode* node) {
  if (internal::TaskTimer::Is(node)) {
    CallSoon(static_cast<internal::TaskTimer*>(node)->task->TimerWakeHandle());
  } else {
    CallSoon(static_cast<internal::LoopTimer*>(node)->on_fire);
  }
}

size_t Loop::PopDueAndWake() {
  // Nothing else is ready, so the due timers are this iteration's only
  // handles: a sleep's timer wake (TaskBase::TimerWake) runs as its timer
  // is popped, not from the ready FIFO a moment later, which saves a pass
  // over the woken tasks and two FIFO trips per sleep. The order of what
  // runs is unchanged:
  //   * Each wake runs after the wakes before it, and nothing else runs in
  //     between (there are no observers to tell, and the step budget
  //     covers every timer, so the step limit cannot fall among them).
  //   * The steps the wakes schedule belong to the next iteration. When
  //     only wakes were due, that iteration would run exactly those steps
  //     (no code runs in between, so no timer became due), so they are
  //     returned as this iteration's handles. Once another kind of timer
  //     is due (a call_later callback), it and every timer after it go
  //     through the FIFO as before, and the steps already scheduled move
  //     behind them, where the next iteration begins.
  size_t woken = 0;
  size_t steps_scheduled = 0;
  bool wake_in_place = true;
  timers_.PopDue(
      Time() + kClockResolution,
      [&](internal::TimerNode* node) {
        if (wake_in_place && internal::TaskTimer::Is(node)) {
          static_cast<internal::TaskTimer*>(node)->task->TimerWake();
          ++woken;
          return;
        }
        if (wake_in_place) {
          wake_in_place = false;
          steps_scheduled = ready_.size();
        }
        ScheduleFiredTimer(node);
      },
      [](const internal::TimerNode* node) {
        if (internal::TaskTimer::Is(node)) {
          __builtin_prefetch(
              static_cast<const internal::TaskTimer*>(node)->task);
        }
      });
  steps_ += woken;
  if (wake_in_place) return ready_.size();
  size_t others_moved = 0;
  for (size_t i = 0; i < steps_scheduled; ++i) {
    const internal::ReadyHandle handle = ready_.PopFront();
    if (handle.kind() == internal::ReadyHandle::kOther) ++others_moved;
    ready_.PushBack(handle);
  }
  // kOther entries keep their Callbacks' order.
  for (size_t i = 0; i < others_moved; ++i) {
    ready_other_.PushBack(ready_other_.PopFront());
  }
  return ready_.size() - steps_scheduled;
}

absl::Status Loop::AdvanceClockTo(internal::VirtualTime next) {
  const double now = Time();
  // A timer set in the past is due now; the clock never goes back. Past
  // 2^24 s, `now + 1e-9 == now`: a timer due exactly now would never pop,
  // so the clock steps one double up (as the oracle's clock does).
  if (!(next > now)) {
    if (!(next < now + kClockResolution)) clock_->AdvanceTo(FiringTime(next));
    return absl::OkStatus();
  }
  auto past_horizon = [&](double t) {
    return absl::DeadlineExceededError(
        absl::StrCat("virtual time limit reached: the next timer is at ",
                     FormatSeconds(t), ", past the horizon of ",
                     FormatSeconds(horizon_), " (", steps_, " steps run)"));
  };
  if (std::isinf(next)) {
    // CPython would spin for ever, 24 h an iteration.
    return absl::DeadlineExceededError(absl::StrCat(
        "virtual time limit reached: the next timer is at infinity (the "
        "program would wait for ever; ",
        steps_, " steps run)"));
  }
  if (next > horizon_) {
    // CPython waits at most 24 h an iteration: the clock passes through
    // now + 24 h, + 48 h, ... (empty iterations) before reaching `next`,
    // and stops at the last of those within the horizon. (An infinite
    // deadline is never reached: that is the horizon's message too.)
    if (horizon_ - now <= 1e7 * kMaximumSelectTimeout) {
      while (next - Time() > kMaximumSelectTimeout &&
             Time() + kMaximumSelectTimeout <= horizon_) {
        clock_->AdvanceTo(Time() + kMaximumSelectTimeout);
      }
    }
    return past_horizon(next);
  }
  // Within the horizon the steps of 24 h change nothing a program can see:
  // no code runs in them, and the clock lands on `next` exactly.
  clock_->AdvanceTo(FiringTime(next));
  return absl::OkStatus();
}

absl::Status Loop::RunOnce() {
  if (ready_.empty()) {
    std::optional<internal::VirtualTime> next = timers_.NextDeadline();
    if (!next.has_value()) return DeadlockError();
    if (absl::Status advanced = AdvanceClockTo(*next); !advanced.ok()) {
      return advanced;
    }
  }
  // The handles of this iteration: what was ready, then the due timers'.
  size_t ntodo;
  if (ready_.empty() && observer_ == nullptr &&
      step_limit_ - steps_ >= timers_.size()) {
    ntodo = PopDueAndWake();
  } else {
    timers_.PopDue(
        Time() + kClockResolution,
        [this](internal::TimerNode* node) { ScheduleFiredTimer(node); });
    ntodo = ready_handles();
  }
  // Prefetching costs ~10% more instructions; it pays as soon as the
  // tasks' memory outgrows the 32 KiB L1 (a task and its frame take ~350
  // bytes): SleepWake/1000/1000 runs ~10% faster with it, 100000/10 three
  // times faster. A program of a few tasks skips it.
  constexpr size_t kPrefetchMinTasks = 64;
  const bool prefetch = unfinished_tasks_ > kPrefetchMinTasks;
  // The handles of this iteration, cut short by the step limit: one
  // compare a handle, and `steps_` counted once at the end (nothing reads
  // it while a handle runs).
  const size_t nrun =
      static_cast<size_t>(std::min<uint64_t>(ntodo, step_limit_ - steps_));
  for (size_t i = 0; i < nrun;) {
    if (ready_.front().kind() == internal::ReadyHandle::kStepRun) [[unlikely]] {
      i = RunFirstSteps(i, nrun, prefetch);
      if (aborted_) [[unlikely]] {
        steps_ += i;
        return abort_status_;
      }
      continue;
    }
    if (prefetch) Prefetch();
    // A task's own handles are called directly (well predicted: an
    // iteration runs mostly one kind), the rest through their pointer.
    const internal::ReadyHandle handle = ready_.PopFront();
    ++i;
    const internal::ReadyHandle::Kind kind = handle.kind();
    if (kind == internal::ReadyHandle::kStep) [[likely]] {
      handle.task()->Step();
    } else if (kind == internal::ReadyHandle::kTimerWake) {
      handle.task()->TimerWake();
    } else if (kind == internal::ReadyHandle::kParent) {
      handle.task()->NotifyParent();
    } else {
      const internal::Callback callback = ready_other_.PopFront();
      callback.fn(callback.arg);
    }
    if (aborted_) [[unlikely]] {
      steps_ += i;
      return abort_status_;
    }
  }
  steps_ += nrun;
  if (nrun < ntodo) [[unlikely]] {
    return internal::LimitError(
        internal::Limit::kSteps,
        absl::StrCat("step limit reached: ", max_steps_,
                     " steps run by virtual time ", FormatSeconds(Time())));
  }
  return absl::OkStatus();
}

absl::Status Loop::DeadlockError() const {
  std::string message = absl::StrCat(
      "deadlock at ", FormatSeconds(Time()),
      ": nothing is ready, no timer is pending, and the main task is not "
      "done. Blocked tasks:");
  for (internal::TaskBase* task : PendingTasks()) {
    const internal::WaitTarget blocker = task->waiting_on();
    absl::StrAppend(&message, "\n  ", task->Name(), ": waits on ",
                    blocker            ? blocker.Describe()
                    : task->sleeping() ? "sleep"
                                       : "nothing");
    if (blocker) {
      if (std::optional<internal::VirtualTime> since =
              blocker.BlockedSince(task)) {
        absl::StrAppend(&message, " since ", FormatSeconds(*since));
      }
    }
  }
  return absl::AbortedError(message);
}

}  // namespace asyncsim
