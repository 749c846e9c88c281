// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: run_options.h
// -----------------------------------------------------------------------------
//
// `RunOptions` sets up and bounds one `Run` (run.h): the clock, a virtual-time
// horizon, a step limit, a task limit, an observer and a log. Its own header,
// so that code that only describes a run (a scenario's context) need not see
// the loop.
//
// Example:
//
//   RunOptions options;
//   options.horizon = absl::Seconds(60);
//   options.max_steps = 1'000'000;
//   absl::Status status = Run(Main(), options);

#ifndef ASYNCSIM_ENGINE_RUN_OPTIONS_H_
#define ASYNCSIM_ENGINE_RUN_OPTIONS_H_

#include <cstdint>
#include <ostream>

#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/observer.h"

namespace asyncsim {

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

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_RUN_OPTIONS_H_
