// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: pacer.h
// -----------------------------------------------------------------------------
//
// `Pacer` replays a run in real time (`asyncsim --speed X`): asked before
// each printed line, it waits until real time has caught up with the
// line's virtual time divided by the speed, so that X virtual seconds take
// one real second.
//
// `RealClock` is the real time it reads and sleeps on: `SystemClock()` in
// the CLI, a fake one in tests (no test waits).
//
// Guarantees:
//   * Real time is measured from the Pacer's construction, virtual time
//     from the clock's origin; a line that is already late is not delayed.
//   * It sleeps in slices of at most `kSlice` and checks the interrupt flag
//     before each one, so Ctrl-C (see interrupt.h) stops a wait within a
//     slice. Once interrupted, `WaitUntil` returns false at once, ever after,
//     and `interrupted_at()` is the virtual time the replay had reached:
//     real time since the start times the speed, no later than the line
//     that was waited for, in whole milliseconds (rounded down).
//
// Example:
//
//   Pacer pacer(2.0, SystemClock(), &InterruptFlag());  // 2 virtual s per s
//   if (!pacer.WaitUntil(absl::Seconds(4))) return;     // about 2 s later

#ifndef ASYNCSIM_CLI_PACER_H_
#define ASYNCSIM_CLI_PACER_H_

#include <csignal>

#include "absl/time/time.h"

namespace asyncsim::cli {

class RealClock {
 public:
  virtual ~RealClock() = default;
  virtual absl::Time Now() = 0;
  virtual void SleepFor(absl::Duration d) = 0;
};

// The system's clock: absl::Now and absl::SleepFor.
RealClock& SystemClock();

class Pacer {
 public:
  // The longest single sleep: how long Ctrl-C may take to be noticed.
  static constexpr absl::Duration kSlice = absl::Milliseconds(100);

  // `speed`: virtual seconds per real second, > 0. `interrupt`, if not
  // null, stops the waiting once it is non-zero.
  Pacer(double speed, RealClock& clock,
        const volatile std::sig_atomic_t* interrupt = nullptr);

  // Waits until real time reaches the start plus `virtual_time` / speed.
  // True when it did; false if interrupted (before or while waiting).
  bool WaitUntil(absl::Duration virtual_time);

  bool interrupted() const { return interrupt_ != nullptr && *interrupt_ != 0; }

  // Where the replay was when a wait was interrupted (see above); zero
  // before that.
  absl::Duration interrupted_at() const { return interrupted_at_; }

 private:
  double speed_;
  RealClock& clock_;
  const volatile std::sig_atomic_t* interrupt_;
  absl::Time start_;
  absl::Duration interrupted_at_;
  bool stopped_ = false;
};

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_PACER_H_
