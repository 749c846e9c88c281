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
// asyncsim's options (--seed, --until, --max-steps, --color) go before the
// program's arguments, before or after the scenario name: the first
// argument that is not one of them starts the program's arguments, and
// everything from there on is the program's (a `--` there is dropped, so
// `asyncsim chained -- --seed` passes `--seed` to the program). The timing
// views of visuals.h (--timestamps, --timeline, --ties, --trace, --svg,
// --speed) are options like them.
//
// Guarantees:
//   * `out` gets exactly what the program prints (and help or `list`
//     text), prefixed with virtual times under --timestamps; everything
//     else goes to `err`, after `out` is flushed: the engine's log, then
//     --timeline and --ties, then how the run ended if not well.
//   * A bad argument is one line on `err`, before the program runs.
//
// Example:
//
//   FdOutput out(STDOUT_FILENO);
//   return RunCommandLine({"chained", "9", "6", "3"},
//                         scenarios::AllScenarios(), out, std::cerr);

#ifndef ASYNCSIM_CLI_APP_H_
#define ASYNCSIM_CLI_APP_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {

// The exit statuses.
enum ExitStatus : int {
  kExitOk = 0,         // the program ran to its end (or printed its help)
  kExitException = 1,  // an exception escaped the program
  kExitUsage = 2,      // bad arguments
  kExitDeadlock = 3,   // the program can never finish (IsDeadlock)
  kExitLimit = 4,      // --until or --max-steps reached
  // Ctrl-C stopped a --speed replay (130, as for Python's KeyboardInterrupt).
  kExitInterrupted = 130,
};

// Runs `asyncsim args...` over `scenarios` (in `asyncsim list` order).
// `real_clock` paces --speed replays; the system's clock when null.
int RunCommandLine(const std::vector<std::string>& args,
                   absl::Span<const scenarios::Scenario* const> scenarios,
                   FdOutput& out, std::ostream& err,
                   RealClock* real_clock = nullptr);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_APP_H_
