// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: scenario.h
// -----------------------------------------------------------------------------
//
// A scenario is one Python program replayed on the engine: a C++ port that
// reads like the Python it ports, line for line. The `asyncsim` CLI runs it
// as `asyncsim <name> [the program's own arguments]`.
//
// A scenario is a `Scenario` entry (name, descriptions, entry point) whose
// entry point gets a `Context`: the virtual clock, where `print` goes, the
// seed, the run limits, the program's arguments. Each lives in its own file,
// `scenarios/<name>.cc`, and is listed in `scenarios/registry.cc`.
//
// The entry point's status tells the CLI how the program ended:
//   * OK: it ran to the end (or printed its own help).
//   * `kInvalidArgument`: bad program arguments, found before the program
//     printed anything; the message is one line, e.g. argparse's error or
//     CPython's `int()` ValueError text.
//   * The status `asyncsim::Run` returned when a run could not finish
//     (`IsDeadlock`, `IsHorizonExceeded`, `IsStepLimitExceeded`): return it
//     at once, printing nothing more, as the program would never get there.
//   * An exception the Python program would raise is thrown, not returned.
//
// Example (countasync.py):
//
//   Task<void> Count(Context& ctx) {
//     ctx.Print("One");
//     co_await Sleep(absl::Seconds(1));
//     ctx.Print("Two");
//   }
//   ...
//   absl::Status CountAsync(Context& ctx) {
//     double s = ctx.clock.Time();
//     if (absl::Status st = Run(Main(ctx), ctx.run_options); !st.ok()) {
//       return st;
//     }
//     double elapsed = ctx.clock.Time() - s;
//     ...
//   }

#ifndef ASYNCSIM_SCENARIOS_SCENARIO_H_
#define ASYNCSIM_SCENARIOS_SCENARIO_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/clock.h"
#include "engine/python_int.h"
#include "engine/run_options.h"

namespace asyncsim::scenarios {

// Where a program's `print` goes: its stdout. An abstraction so that the
// CLI can buffer it, prefix lines with the virtual time, or capture it.
class Output {
 public:
  virtual ~Output() = default;
  // print(line): `line` followed by a newline. `line` holds no newline.
  virtual void Print(std::string_view line) = 0;
};

// What a scenario gets from the CLI. Coroutines of the program may keep a
// reference to it: it outlives the run.
struct Context {
  // `time.perf_counter()` and `loop.time()`: `clock.Time()`, a double.
  // `time.sleep(d)` is `clock.BlockingSleep(d)`.
  VirtualClock& clock;
  // The program's stdout.
  Output& out;
  // The seed that replaces the program's own `random.seed(444)` (444 unless
  // `--seed` says otherwise).
  const PythonInt& seed;
  // For every `asyncsim::Run` (asyncio.run) of the program: the horizon,
  // step limit and observer the user asked for; `clock` is `&clock`.
  RunOptions run_options;
  // `sys.argv[1:]`.
  std::vector<std::string> args = {};
  // Whether the program's ANSI colour escapes are printed (`--color`).
  bool color = true;

  // print(line).
  void Print(std::string_view line) { out.Print(line); }
};

// One replayed program.
struct Scenario {
  // `asyncsim <name>`; the Python file is `<name>.py`.
  std::string_view name = {};
  // One line for `asyncsim list`.
  std::string_view summary = {};
  // The program's arguments as a usage fragment, e.g. "[N ...]"; empty if
  // it takes none.
  std::string_view usage = {};
  // What the arguments mean, for `asyncsim <name> --help`; may be empty.
  std::string_view arguments_help = {};
  // Whether the program draws random numbers (`--seed` changes its output).
  bool uses_seed = false;
  // Runs the program; see the status contract above.
  absl::Status (*main)(Context& context) = nullptr;
};

// For programs that take no arguments: an `kInvalidArgument` status naming
// the first unexpected argument of `context`, or OK if there is none.
// (Python would ignore them; asyncsim says so rather than run regardless.)
absl::Status ExpectNoArguments(std::string_view name, const Context& context);

}  // namespace asyncsim::scenarios

#endif  // ASYNCSIM_SCENARIOS_SCENARIO_H_
