// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: visuals.h
// -----------------------------------------------------------------------------
//
// asyncsim's options for seeing a run's timing, from the command line to
// the files they write. None changes what the program prints (stdout stays
// byte for byte CPython's) except `--timestamps`, which prefixes it.
//
//   --timestamps   each line prefixed with its virtual time: `[  4.000] `
//   --timeline     after the run, a Gantt chart of the tasks on stderr
//                  (timeline.h)
//   --ties         after the run, the instants where tasks woke together,
//                  whose order real CPython may break differently (ties.h)
//   --trace FILE   a Chrome Trace Event JSON file for Perfetto or
//                  chrome://tracing (trace_json.h)
//   --svg FILE     the timeline as an SVG picture (svg.h)
//   --speed X      the replay paced in real time, X virtual seconds per real
//                  second; Ctrl-C stops it (exit status 130)
//
// `AddVisualFlags` declares them on a CLI11 app and `ValidateVisualFlags`
// checks them; `VisualRun` sets one run up: the `Output` the program prints
// to, the `Observer` for its `RunOptions`, and, after the run, the stderr
// reports and the files.
//
// Guarantees:
//   * Files are checked before the run (a path that cannot be written is a
//     usage error, before anything runs) and written after it, also when the
//     run ends in a deadlock, a limit or an exception: they show how it got
//     there. Each is written whole or not at all (file_output.h): a run
//     killed or stopped by an error leaves an existing file as it was.
//   * Nothing is recorded, and the program prints straight to stdout, when
//     no option asks for it.
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<VisualRun>> visual = VisualRun::Start(
//       settings, clock, out, SystemClock(), "asyncsim chained 1 2 3");
//   context.out = (*visual)->output(); ...
//   options.observer = (*visual)->observer();
//   ... run ...
//   absl::Status written = (*visual)->Finish(std::cerr);

#ifndef ASYNCSIM_CLI_VISUALS_H_
#define ASYNCSIM_CLI_VISUALS_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "cli/recorder.h"
#include "cli/timed_output.h"
#include "engine/clock.h"
#include "engine/observer.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {

// The options as given.
struct VisualFlags {
  bool timestamps = false;
  bool timeline = false;
  bool ties = false;
  std::optional<std::string> trace;  // FILE
  std::optional<std::string> svg;    // FILE
  std::optional<std::string> html;   // FILE
  std::optional<std::string> speed;  // none: instant
};

void AddVisualFlags(CLI::App& app, VisualFlags& flags);

// The options, checked.
struct VisualSettings {
  bool timestamps = false;
  // Characters for the seconds of a timestamp: 7 (999.999), or enough for
  // the --until horizon.
  int timestamp_width = 7;
  bool timeline = false;
  bool ties = false;
  std::optional<std::string> trace_path;
  std::optional<std::string> svg_path;
  std::optional<std::string> html_path;
  // Virtual seconds per real second; nullopt: instant.
  std::optional<double> speed;

  // Whether a Recorder must watch the run.
  bool Records() const {
    return timeline || ties || trace_path.has_value() || svg_path.has_value() ||
           html_path.has_value();
  }
};

// An kInvalidArgument status names the bad option. `horizon` is --until's.
absl::StatusOr<VisualSettings> ValidateVisualFlags(const VisualFlags& flags,
                                                   absl::Duration horizon);

class VisualRun {
 public:
  // Sets up a run on `clock` printing to `out`; `title` (the command)
  // heads the trace and the picture. A file that could not be written
  // at the end is a kInvalidArgument status naming it.
  static absl::StatusOr<std::unique_ptr<VisualRun>> Start(
      const VisualSettings& settings, const VirtualClock& clock, FdOutput& out,
      RealClock& real_clock, std::string title);

  VisualRun(const VisualRun&) = delete;
  VisualRun& operator=(const VisualRun&) = delete;

  // Where the program prints.
  scenarios::Output& output() { return output_; }
  // For RunOptions::observer: null when nothing is recorded.
  Observer* observer() { return recorder_.get(); }

  // True if Ctrl-C stopped a paced replay; see TimedOutput.
  bool interrupted() const { return output_.interrupted(); }
  absl::Duration interrupted_at() const { return output_.interrupted_at(); }

  // After the run (stdout flushed): ends the recording, prints the timeline
  // and the ties to `err` (the timeline `width` columns wide), writes the
  // files. An error status names a file that could not be written.
  // `ending` says how the run ended if not to its end ("deadlock", ...;
  // Recording::ending), for the pictures to mark; an interrupted replay is
  // marked "interrupted" whatever it says.
  absl::Status Finish(std::ostream& err, int width,
                      std::string_view ending = {});

 private:
  VisualRun(const VisualSettings& settings, const VirtualClock& clock,
            FdOutput& out, RealClock& real_clock, std::string title);

  VisualSettings settings_;
  const VirtualClock& clock_;
  std::string title_;
  // Set up only for what the settings ask for.
  std::unique_ptr<ScopedInterruptHandler> interrupt_handler_;
  std::unique_ptr<Pacer> pacer_;
  std::unique_ptr<Recorder> recorder_;
  TimedOutput output_;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_VISUALS_H_
