// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: observer.h
// -----------------------------------------------------------------------------
//
// `Observer` watches each task's life on the virtual clock: created,
// suspended (and on what), resumed, done / failed / cancelled. The timeline,
// trace export and determinism checks are built on it.
//
// Guarantees:
//   * Callbacks arrive in the loop's execution order, with the virtual time
//     of the event. They must not call back into the loop, nor throw: a
//     task's state is mid-change when they are told (a sleep's timer is
//     already queued when its suspension is reported).
//   * No cost when no observer is attached: the loop tests one pointer.
//   * `OnTimerFired` comes for each sleep whose timer fires, in the
//     iteration it fires in. Timers due at one instant fire together, in
//     one iteration, in the order they were set: their calls are
//     consecutive, with no task resumed between them. (A sleep cancelled
//     before its deadline fires no timer.)
//   * `OnQueueItem` comes for each item put in a `Queue` and each item got
//     from it, as it enters or leaves the queue, numbered so that a get
//     names the put it undoes: the causality of producers and consumers.
//
// Example:
//
//   class Printer : public Observer {
//     void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
//                          std::string_view what) override {
//       std::cout << task.Name() << " waits on " << what << "\n";
//     }
//   };
//   Printer printer;
//   Run(Main(), {.observer = &printer});

#ifndef ASYNCSIM_ENGINE_OBSERVER_H_
#define ASYNCSIM_ENGINE_OBSERVER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace asyncsim {

// What a suspended task waits on.
enum class WaitKind : uint8_t {
  kYield,      // sleep(0): one bare trip through the ready queue
  kSleep,      // sleep(d), d > 0
  kQueueGet,   // Queue.get on an empty queue
  kQueuePut,   // Queue.put on a full queue
  kQueueJoin,  // Queue.join
  kEvent,      // Event.wait
  kLock,       // Lock.acquire
  kSemaphore,  // Semaphore.acquire
  kTask,       // awaiting another task
  kGather,     // gather(...)
  kFuture,     // a plain Future
  kWaitFor,    // wait_for(...) waiting for its inner task or the timeout
};

// "sleep", "Queue.get", ...: the asyncio name of what is awaited.
std::string_view WaitKindName(WaitKind kind);

enum class TaskOutcome : uint8_t { kFinished, kFailed, kCancelled };

std::string_view TaskOutcomeName(TaskOutcome outcome);

// What happened to a queue's item (Observer::OnQueueItem).
enum class QueueOp : uint8_t {
  kPut,  // put() or put_nowait(): it entered the queue
  kGet,  // get() or get_nowait(): it left the queue
};

// "put", "get".
std::string_view QueueOpName(QueueOp op);

// Identifies a task in observer callbacks.
struct TaskInfo {
  uint64_t id;                   // 1 for the main task, as Task-1 in asyncio
  std::string_view custom_name;  // the name given to CreateTask, or empty
  // The custom name, or asyncio's default "Task-<id>".
  std::string Name() const;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void OnTaskCreated(absl::Time t, const TaskInfo& task) {}
  virtual void OnTaskResumed(absl::Time t, const TaskInfo& task) {}
  virtual void OnTaskSuspended(absl::Time t, const TaskInfo& task,
                               WaitKind kind, std::string_view what) {}
  virtual void OnTaskDone(absl::Time t, const TaskInfo& task,
                          TaskOutcome outcome) {}
  // The timer of `task`'s sleep fired at `t`; the task resumes one hop
  // later. Tells a tie (several timers due at one instant, fired together)
  // from a wakeup that another task's caused at the same instant (which
  // comes later, through the ready queue).
  virtual void OnTimerFired(absl::Time t, const TaskInfo& task) {}
  // Item number `item` entered `queue` (kPut) or left it (kGet) at `t`.
  // A queue numbers its items 0, 1, ... in the order they are put, and
  // gives them out in that order (FIFO): get number k hands out what put
  // number k put, whoever did either and whatever waited in between (a
  // putter blocked on a full queue puts when it resumes; a getter woken to
  // find the queue empty again gets nothing until it gets the next item).
  // The call comes from the code that puts or gets, so the running task is
  // the one the last `OnTaskResumed` named, if no `OnTaskSuspended` or
  // `OnTaskDone` has come since (else none: a callback, or code outside the
  // loop). `queue` identifies the queue while it lives; after it is
  // destroyed, a new queue may come at the same address, starting again
  // with item 0.
  virtual void OnQueueItem(absl::Time t, const void* queue, uint64_t item,
                           QueueOp op) {}
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_OBSERVER_H_
