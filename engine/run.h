// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: run.h
// -----------------------------------------------------------------------------
//
// `Run(main)` is `asyncio.run(main())` on a fresh loop and the virtual clock:
// it runs `main` as the task Task-1 until it is done, then cancels the
// tasks still pending and runs the loop until they have finished, then runs
// the two trivial shutdown steps asyncio.run runs, exactly as CPython does.
//
// Outcome:
//   * main returned: its value (OK status).
//   * main raised: the exception is rethrown from `Run`, after shutdown,
//     as asyncio.run raises it.
//   * The run could not finish: an error status, and leftover tasks are
//     torn down (destructors run, no more of their code does):
//       - deadlock (IsDeadlock): nothing ready, no timer pending, main not
//         done; the message names every blocked task, what it waits on and
//         since when.
//       - virtual-time horizon passed (IsHorizonExceeded).
//       - step limit reached (IsStepLimitExceeded).
//       - task limit reached (IsTaskLimitExceeded): the program created a
//         task while `options.max_tasks` were alive.
//   * A task exception that nobody retrieved is logged to `options.log`,
//     "Task exception was never retrieved", as asyncio's logger does.
//
// Example:
//
//   absl::StatusOr<int> result = Run(Main());
//   if (IsDeadlock(result.status())) std::cerr << result.status().message();

#ifndef ASYNCSIM_ENGINE_RUN_H_
#define ASYNCSIM_ENGINE_RUN_H_

#include <string_view>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/loop.h"
#include "engine/run_options.h"
#include "engine/task.h"

namespace asyncsim {

bool IsDeadlock(const absl::Status& status);
bool IsHorizonExceeded(const absl::Status& status);
bool IsStepLimitExceeded(const absl::Status& status);
bool IsTaskLimitExceeded(const absl::Status& status);
// A task-limit status with `message`, for a program that can tell before
// it starts that it would need more tasks than allowed (IsTaskLimitExceeded
// is true of it).
absl::Status TaskLimitExceededError(std::string_view message);

namespace internal {
// Runs the main task the asyncio.run way on a loop that is running on this
// thread: until main is done, then shutdown.
absl::Status RunMain(Loop& loop, TaskBase* main);
}  // namespace internal

template <typename T>
std::conditional_t<std::is_void_v<T>, absl::Status, absl::StatusOr<T>> Run(
    Task<T> main, const RunOptions& options = {}) {
  Loop loop(options);
  Loop::RunningScope running(&loop);
  TaskHandle<T> task = CreateTask(std::move(main));
  absl::Status status = internal::RunMain(loop, task.core());
  if (!status.ok()) return status;
  if constexpr (std::is_void_v<T>) {
    task.Result();  // Rethrows main's exception.
    return absl::OkStatus();
  } else {
    return task.Result();
  }
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_RUN_H_
