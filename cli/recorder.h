// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: recorder.h
// -----------------------------------------------------------------------------
//
// `Recorder` is an `Observer` that keeps what the timeline, the trace and
// the tie report are drawn from: a `Recording` of the run.
//
//   * Each task's life: when it was created, the instants it ran (a step
//     takes no virtual time), each wait from suspension to resumption with
//     what it waited on, and how it ended.
//   * Each printed line: when, and by which task (none when printed outside
//     the event loop, e.g. after `asyncio.run` returned).
//   * The ties: instants where the timers of two or more tasks' sleeps fired
//     together (one iteration, one deadline). The replay wakes them in the
//     order they were set; CPython's order there depends on microseconds of
//     drift. A task woken at the same instant because another woke (a queue
//     item, a finished task) is caused by it: not a tie.
//   * The flows: each item got from an asyncio.Queue, paired with its put
//     (a queue is FIFO: the k-th item got is the k-th put), with who put
//     it and when, who got it and when. Items put and never got have none.
//
// Times are virtual, measured from the clock's origin (a new clock reads 0).
// Several `Run` calls in one program share the recording: a task with id 1
// starts a new loop. The tasks `asyncio.run` makes for its own shutdown
// (created after the main task is done) are left out.
//
// Example:
//
//   Recorder recorder;
//   RunOptions options{.clock = &clock, .observer = &recorder};
//   ... run, calling recorder.OnPrint(clock.Now(), line) for each line ...
//   const Recording& recording = recorder.Finish(clock.Now());

#ifndef ASYNCSIM_CLI_RECORDER_H_
#define ASYNCSIM_CLI_RECORDER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "engine/observer.h"

namespace asyncsim::cli {

// What a timeline tells apart about a wait.
enum class WaitCategory : uint8_t {
  kSleep,  // asyncio.sleep, sleep(0) included
  kQueue,  // Queue.get, Queue.put, Queue.join
  kTask,   // another task, a gather, wait_for
  kOther,  // an Event, Lock, Semaphore, Condition or plain Future
};

WaitCategory CategoryOf(WaitKind kind);

// One suspension of a task.
struct Wait {
  absl::Duration start;
  // The resumption; the end of the recording if the task never resumed.
  absl::Duration end;
  WaitKind kind;
  // What was awaited: "sleep(4s)", "Queue.get", "Task 'Producer 0'", ...
  std::string what;
};

// One task's life.
struct TaskTrack {
  // The task's name: as given to CreateTask or Named, else "Task-<id>".
  std::string name;
  // The engine's task id, within its loop.
  uint64_t id = 0;
  absl::Duration created;
  // The instants the task ran, in order (repeats when it ran twice in one
  // instant).
  std::vector<absl::Duration> runs;
  std::vector<Wait> waits;
  // How it ended; nullopt if it was still pending when the recording ended.
  std::optional<TaskOutcome> outcome;
  // When it ended, or the end of the recording.
  absl::Duration end;
};

// A line the program printed.
struct PrintedLine {
  absl::Duration time;
  std::string text;
  // The printing task's index in `Recording::tasks`; -1 outside any task.
  int task = -1;
};

// Timers of different tasks' sleeps that fired together.
struct Tie {
  absl::Duration time;
  // Indices in `Recording::tasks`, in the order the replay woke them.
  std::vector<int> tasks;
};

// One item's way through a queue: put by one task, got by another (or the
// same one), later or at the same instant.
struct Flow {
  // Which queue: 0, 1, ... in the order the recording first saw an item put
  // in each.
  int queue = 0;
  // The item's number in its queue: 0, 1, ... in the order put.
  uint64_t item = 0;
  absl::Duration put;
  // The putting task's index in `Recording::tasks`; -1 outside any task
  // (a callback, as_completed's own queue).
  int putter = -1;
  absl::Duration got;
  // The getting task's index in `Recording::tasks`; -1 outside any task.
  int getter = -1;
};

struct Recording {
  // In creation order.
  std::vector<TaskTrack> tasks;
  std::vector<PrintedLine> lines;
  std::vector<Tie> ties;
  // In the order the items were got.
  std::vector<Flow> flows;
  // The virtual time the recording ended at.
  absl::Duration end;
  // How the run ended if it did not run to its end: "deadlock",
  // "interrupted", "limit reached", "exception"; empty otherwise. Set by
  // whoever knows (the CLI), for the pictures to mark.
  std::string ending;
};

class Recorder final : public Observer {
 public:
  Recorder() = default;
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void OnTaskCreated(absl::Time t, const TaskInfo& task) override;
  void OnTaskResumed(absl::Time t, const TaskInfo& task) override;
  void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
                       std::string_view what) override;
  void OnTaskDone(absl::Time t, const TaskInfo& task,
                  TaskOutcome outcome) override;
  void OnTimerFired(absl::Time t, const TaskInfo& task) override;
  void OnQueueItem(absl::Time t, const void* queue, uint64_t item,
                   QueueOp op) override;

  // `line` was printed at virtual time `t`, by the running task if any.
  void OnPrint(absl::Time t, std::string_view line);

  // Ends the recording at `t` (or at its last event, if later): waits still
  // open end there. Later events are ignored. Returns the recording.
  const Recording& Finish(absl::Time t);
  // Ends the recording at `t`, which may come before its last events (a
  // paced replay interrupted there): what happened after `t` is dropped,
  // tasks created after it, their runs, waits begun, lines printed, ties
  // and outcomes; waits and tasks going on at `t` are open until `t`.
  const Recording& Cut(absl::Time t);
  bool finished() const { return finished_; }
  // Sets Recording::ending.
  void set_ending(std::string_view ending) {
    recording_.ending = std::string(ending);
  }
  const Recording& recording() const { return recording_; }

 private:
  // The track of the engine's task, or nullptr if it is not recorded.
  TaskTrack* Track(const TaskInfo& task);
  int TrackIndex(const TaskInfo& task) const;
  void Touch(absl::Duration t);
  // Ends the batch of timers being fired, keeping it if it is a tie.
  void CloseTimerBatch();

  Recording recording_;
  // Engine id -> index in recording_.tasks, for the current loop; -1 for
  // tasks left out.
  absl::flat_hash_map<uint64_t, int> index_;
  // The running task's index, or -1.
  int running_ = -1;
  // The main task of the current loop is done: what is created now is
  // asyncio.run's shutdown.
  bool main_done_ = false;
  bool finished_ = false;
  absl::Duration last_event_;
  std::optional<Tie> batch_;

  // An item put and not yet got.
  struct Put {
    absl::Duration time;
    int task;
  };
  // What a queue holds, for pairing: the puts not yet got, in order.
  struct QueueItems {
    int index = 0;  // Flow::queue
    // The number of pending.front(), or of the next item put if none.
    uint64_t first = 0;
    std::deque<Put> pending;
  };
  absl::flat_hash_map<const void*, QueueItems> queues_;
  int queue_count_ = 0;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_RECORDER_H_
