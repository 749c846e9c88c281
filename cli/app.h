// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: app.h
// -----------------------------------------------------------------------------
//
// The `asyncsim` command line, as a function: parses the arguments, runs a
// scenario, and turns how it ended into an exit status. `cli/asyncsim.cc`
// calls it with the real registry and stdout/stderr; tests can call it with
// scenarios of their own.
//
//   asyncsim [OPTIONS] <scenario> [OPTIONS] [the program's own arguments]
//   asyncsim list
//
// asyncsim's options (--seed, --until, --max-steps, --max-tasks, --color,
// --check-determinism) go before the program's arguments, before or after
// the scenario name: the first argument that is not one of them starts the
// program's arguments, and everything from there on is the program's (a
// `--` there is dropped, so `asyncsim chained -- --seed` passes `--seed` to
// the program). The timing
// views of visuals.h (--timestamps, --timeline, --ties, --trace, --svg,
// --speed) are options like them.
//
// Guarantees:
//   * `out` gets exactly what the program prints (and help or `list`
//     text), prefixed with virtual times under --timestamps; everything
//     else goes to `err`, after `out` is flushed: the engine's log, then
//     --timeline and --ties, then how the run ended if not well.
//   * A bad argument is one line on `err`, before the program runs.
//   * stdout closed early stops the run quietly (kExitBrokenPipe); any
//     other write error stops it too and is one line on `err` (exit 1).
//
// Example:
//
//   FdOutput out(STDOUT_FILENO);
//   return RunCommandLine({"chained", "9", "6", "3"},
//                         scenarios::AllScenarios(), out, std::cerr);

#ifndef ASYNCSIM_CLI_APP_H_
#define ASYNCSIM_CLI_APP_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {

// What `asyncsim --version` prints.
inline constexpr char kVersion[] =
    "asyncsim 0.2.0 (replays CPython 3.11 asyncio on a virtual clock)";

// The exit statuses.
enum ExitStatus : int {
  kExitOk = 0,         // the program ran to its end (or printed its help)
  kExitException = 1,  // an exception escaped, or stdout could not be written
  kExitUsage = 2,      // bad arguments
  kExitDeadlock = 3,   // the program can never finish (IsDeadlock)
  kExitLimit = 4,      // --until, --max-steps or --max-tasks reached
  kExitNondeterministic = 5,  // --check-determinism: the two runs differ
  // Ctrl-C stopped a --speed replay (130, as for Python's KeyboardInterrupt).
  kExitInterrupted = 130,
  // stdout was closed early (`| head`): the run stops, quietly. The status
  // the shell shows for a program killed by SIGPIPE.
  kExitBrokenPipe = 141,
};

// Caps the caller puts on every run, whatever the options say (a fuzzer's,
// so that no input can run for long); options may only tighten them. Zero
// and infinite mean no cap.
struct RunBounds {
  uint64_t max_steps = 0;
  absl::Duration horizon = absl::InfiniteDuration();
  uint64_t max_tasks = 0;
};

// Runs `asyncsim args...` over `scenarios` (in `asyncsim list` order).
// `real_clock` paces --speed replays; the system's clock when null.
// Flushes `out` before it returns.
int RunCommandLine(const std::vector<std::string>& args,
                   absl::Span<const scenarios::Scenario* const> scenarios,
                   FdOutput& out, std::ostream& err,
                   RealClock* real_clock = nullptr,
                   const RunBounds& bounds = {});

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_APP_H_
