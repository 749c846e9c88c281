// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/handles.h
// -----------------------------------------------------------------------------
//
// What the loop schedules: `Callback` (CPython's `events.Handle`, a function
// and its argument), `ReadyHandle` (an entry of the ready FIFO, one word),
// and the two timers the timer queue holds, `LoopTimer` (a call_later's
// callback) and `TaskTimer` (a task's sleep).
//
// Guarantees:
//   * A `ReadyHandle` is one word: a task pointer and which of the task's own
//     handles it is, or kOther for a plain `Callback` kept beside it.
//   * A `TaskTimer` is two words (it lives in every sleeping task's frame);
//     `TaskTimer::Is` tells it from a `LoopTimer` by the node's tag.
//
// Example:
//
//   loop->CallSoon(task->StepHandle());             // A ReadyHandle.
//   loop->CallSoon(Callback{&Thunk, object});       // A plain callback.

#ifndef ASYNCSIM_ENGINE_INTERNAL_HANDLES_H_
#define ASYNCSIM_ENGINE_INTERNAL_HANDLES_H_

#include <cstdint>

#include "engine/internal/timer_queue.h"

namespace asyncsim::internal {

class TaskBase;

// A unit of work in the ready FIFO: CPython's `events.Handle`.
struct Callback {
  void (*fn)(void*) = nullptr;
  void* arg = nullptr;
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

  // Until the sleep suspends, its delay in seconds; from then on, the task
  // (which the fired timer wakes). One word: the awaiter lives in the
  // coroutine frame of every sleeping task.
  union {
    VirtualTime delay = 0;
    TaskBase* task;
  };

 private:
  static constexpr uint32_t kBareYieldTag = 2;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_HANDLES_H_
