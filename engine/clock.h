// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: clock.h
// -----------------------------------------------------------------------------
//
// `VirtualClock` is the simulated time of a program: what `time.perf_counter`
// and `loop.time()` read. It moves only when told to: by the event loop when
// nothing is ready (it jumps to the next timer), or by `BlockingSleep`
// (Python's `time.sleep`, which blocks the whole program).
//
// Time is CPython's: a Python float (an IEEE double) of seconds, 0.0 at the
// start, and every sum a program or the loop makes with it is a double sum,
// rounded as Python rounds it (docs/semantics.md). So `0.1 + 0.7` seconds
// is 0.7999999999999999, earlier than 0.8, as in Python.
//
// A clock belongs to one simulated program; it is not shared between
// threads. Several `Run` calls in one program share its clock, as several
// `asyncio.run` calls share `time.perf_counter`.
//
// Example:
//
//   VirtualClock clock;
//   double start = clock.Time();   // time.perf_counter()
//   clock.BlockingSleep(0.1);      // time.sleep(0.1)
//   clock.BlockingSleep(0.7);
//   clock.Time() - start;          // 0.7999999999999999

#ifndef ASYNCSIM_ENGINE_CLOCK_H_
#define ASYNCSIM_ENGINE_CLOCK_H_

#include "absl/time/time.h"

namespace asyncsim {

class VirtualClock {
 public:
  VirtualClock() = default;
  VirtualClock(const VirtualClock&) = delete;
  VirtualClock& operator=(const VirtualClock&) = delete;

  // The current virtual time in seconds: `time.perf_counter()`,
  // `loop.time()`.
  double Time() const { return now_; }

  // The same instant as an absl::Time whose origin is the Unix epoch (so a
  // new clock formats as 1970-01-01), for the observers and the views. It
  // is rounded to absl's quarter nanoseconds: compute with `Time()`.
  absl::Time Now() const { return absl::UnixEpoch() + absl::Seconds(now_); }

  // Python's `time.sleep(seconds)`: time moves forward by `seconds` (a
  // double sum); zero, negative or NaN leave it where it is.
  void BlockingSleep(double seconds) {
    if (seconds > 0) now_ += seconds;
  }
  void BlockingSleep(absl::Duration d) {
    BlockingSleep(absl::ToDoubleSeconds(d));
  }

  // Moves time to `t`, never backwards: an earlier `t` is ignored.
  void AdvanceTo(double t) {
    if (t > now_) now_ = t;
  }

 private:
  double now_ = 0.0;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_CLOCK_H_
