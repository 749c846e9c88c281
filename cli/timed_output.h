// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: timed_output.h
// -----------------------------------------------------------------------------
//
// `TimedOutput` is the program's stdout as asyncsim's viewing options see
// it: a `scenarios::Output` in front of the CLI's `FdOutput` that, for each
// printed line, at its virtual time,
//
//   1. waits for real time to catch up (`--speed`, with a `Pacer`), then
//      flushes the line at once, so it appears when it would have;
//   2. tells a `Recorder` (`--timeline`, `--trace`, `--svg`, `--ties`);
//   3. prefixes the line with its virtual time (`--timestamps`):
//      `[  4.000] ` -- seconds with three decimals, right-aligned in
//      `timestamp_width` characters (a longer time widens its own line).
//
// Without options it passes lines through unchanged. When the pacer is
// interrupted (Ctrl-C), the line waiting and every later one are dropped,
// and the recording is cut at the virtual time the replay had reached (the
// pacer's `interrupted_at`): what the engine ran ahead to is not shown. The
// program itself runs on (instantly, as it prints nothing more) so that it
// ends cleanly.
//
// Example:
//
//   TimedOutput out(clock, stdout_output, {.timestamps = true});
//   out.Print("One");  // "[  0.000] One"

#ifndef ASYNCSIM_CLI_TIMED_OUTPUT_H_
#define ASYNCSIM_CLI_TIMED_OUTPUT_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "cli/recorder.h"
#include "engine/clock.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {

// The `--timestamps` prefix of a line printed at `t`: "[" + seconds with
// three decimals right-aligned in `width` + "] ".
std::string TimestampPrefix(absl::Duration t, int width);

class TimedOutput final : public scenarios::Output {
 public:
  struct Options {
    bool timestamps = false;
    // Characters for the seconds in the prefix: 7 fits 999.999.
    int timestamp_width = 7;
    Recorder* recorder = nullptr;
    Pacer* pacer = nullptr;
  };

  TimedOutput(const VirtualClock& clock, FdOutput& out, Options options);

  void Print(std::string_view line) override;

  // True once the pacer was interrupted; nothing is printed after that.
  // `interrupted_at()`: the virtual time the replay had reached then.
  bool interrupted() const { return interrupted_; }
  // The virtual time of the first line not printed because of it.
  absl::Duration interrupted_at() const { return interrupted_at_; }

 private:
  const VirtualClock& clock_;
  FdOutput& out_;
  Options options_;
  bool interrupted_ = false;
  absl::Duration interrupted_at_;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TIMED_OUTPUT_H_
