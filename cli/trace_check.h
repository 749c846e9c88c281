// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: trace_check.h
// -----------------------------------------------------------------------------
//
// `TraceRecorder` watches one run of a program and folds everything it can
// see into a trace: every task event the engine reports (created, resumed,
// suspended on what, timer fired, done how), every line the program
// prints, and how the run ended, each with its virtual time and task id.
// `--check-determinism` runs a scenario twice in one process, a recorder on
// each run, and compares the two traces.
//
// Guarantees:
//   * `hash()` is a 64-bit FNV-1a hash of the whole trace, independent of
//     the process (no pointers, no per-process seeds), so equal traces give
//     equal hashes in any run of any build.
//   * A recorder made with a `reference` (the first run's recorder) keeps
//     no trace of its own: it compares each event with the reference's as
//     it comes, and remembers the first that differs, described for both
//     runs (`FirstDifference`). The first run's recorder keeps one small
//     record per event plus its text, if any (a printed line, what a task
//     waits on): some tens of bytes an event.
//
// Example:
//
//   TraceRecorder first(clock1, &stdout_output);
//   ... run with first as the observer and the output ...
//   first.End(outcome);
//   TraceRecorder second(clock2, nullptr, &first);
//   ... run again ...
//   second.End(outcome);
//   if (std::optional<std::string> d = second.FirstDifference()) ...

#ifndef ASYNCSIM_CLI_TRACE_CHECK_H_
#define ASYNCSIM_CLI_TRACE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/observer.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {

class TraceRecorder final : public Observer, public scenarios::Output {
 public:
  // `clock` times the printed lines; prints are passed on to `out`, and
  // task events to `next`, unless null. With a `reference`, compares
  // instead of keeping the trace.
  TraceRecorder(const VirtualClock& clock, scenarios::Output* out,
                const TraceRecorder* reference = nullptr,
                Observer* next = nullptr);
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  void OnTaskCreated(absl::Time t, const TaskInfo& task) override;
  void OnTaskResumed(absl::Time t, const TaskInfo& task) override;
  void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
                       std::string_view what) override;
  void OnTaskDone(absl::Time t, const TaskInfo& task,
                  TaskOutcome outcome) override;
  void OnTimerFired(absl::Time t, const TaskInfo& task) override;
  void Print(std::string_view line) override;
  // The last event: how the run ended (a status or an exception, as text).
  void End(std::string_view outcome);

  uint64_t hash() const { return hash_; }
  uint64_t events() const { return count_; }
  // With a reference, after End: "event N: first run: ...; second run:
  // ..." for the first event that differs, or nullopt if none does.
  std::optional<std::string> FirstDifference() const;

 private:
  enum class Type : uint8_t {
    kCreated,
    kResumed,
    kSuspended,
    kDone,
    kTimerFired,
    kPrint,
    kEnd
  };
  // One event, compactly: `detail` is the wait kind, the outcome, or the
  // hash of the text (the task's custom name, the printed line, the end).
  struct Event {
    int64_t nanos;
    uint64_t task;
    uint64_t detail;
    Type type;
    bool operator==(const Event&) const = default;
  };

  void Record(Type type, absl::Time t, uint64_t task, uint64_t detail,
              std::string_view text);
  // "at 1.000000000 s, Task-3 resumed", "... printed 'x'"; `text` is the
  // event's text when it has one.
  static std::string Describe(const Event& event, std::string_view text);
  // The reference's text for its event `index` (empty if it has none).
  std::string_view TextOf(uint64_t index) const;

  const VirtualClock& clock_;
  scenarios::Output* out_;
  const TraceRecorder* reference_;
  Observer* next_;
  uint64_t hash_;
  uint64_t count_ = 0;
  // Without a reference: every event, and the texts of those with one
  // (`text_index_[i]` is the index in `texts_` of event i's text, or -1).
  std::vector<Event> events_;
  std::vector<int64_t> text_index_;
  std::vector<std::string> texts_;
  // With a reference: the first difference, described.
  std::optional<std::string> difference_;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TRACE_CHECK_H_
