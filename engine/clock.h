// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: clock.h
// -----------------------------------------------------------------------------
//
// `VirtualClock` is the simulated time of a program: what `time.perf_counter`
// and `loop.time()` read. It moves only when told to: by the event loop when
// nothing is ready (it jumps to the next timer), or by `BlockingSleep`
// (Python's `time.sleep`, which blocks the whole program). Time is exact:
// integer nanoseconds, no floating-point drift.
//
// A clock belongs to one simulated program; it is not shared between
// threads. Several `Run` calls in one program share its clock, as several
// `asyncio.run` calls share `time.perf_counter`.
//
// Example:
//
//   VirtualClock clock;
//   absl::Time start = clock.Now();
//   clock.BlockingSleep(absl::Seconds(1));
//   clock.Now() - start;  // absl::Seconds(1)

#ifndef ASYNCSIM_ENGINE_CLOCK_H_
#define ASYNCSIM_ENGINE_CLOCK_H_

#include <cstdint>

#include "absl/time/time.h"

namespace asyncsim {

class VirtualClock {
 public:
  VirtualClock() = default;
  VirtualClock(const VirtualClock&) = delete;
  VirtualClock& operator=(const VirtualClock&) = delete;

  // The current virtual time. The origin is the Unix epoch, so `Now()` of a
  // new clock formats as 1970-01-01; only differences matter.
  absl::Time Now() const { return absl::FromUnixNanos(nanos_); }
  // Nanoseconds since the origin: the engine's internal tick.
  int64_t NowNanos() const { return nanos_; }
  // Virtual seconds since the origin, as Python's `loop.time()` reports.
  // (Division, not multiplication by 1e-9: 300000000 ns reads 0.3.)
  double Seconds() const { return static_cast<double>(nanos_) / 1e9; }

  // Python's `time.sleep(d)`: moves time forward by `d` (negative is 0).
  void BlockingSleep(absl::Duration d);

  // Moves time to `nanos`. Never backwards: requires nanos >= NowNanos().
  void AdvanceTo(int64_t nanos);

 private:
  int64_t nanos_ = 0;
};

// Converts a duration to whole nanoseconds, saturating at the int64 limits
// (so an absurd sleep becomes "later than any horizon", not an overflow).
inline int64_t ToTicks(absl::Duration d);

// Adds two tick counts, saturating instead of overflowing.
inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) [[unlikely]] {
    return b > 0 ? INT64_MAX : INT64_MIN;
  }
  return sum;
}

namespace clock_internal {
int64_t ToTicksSlow(absl::Duration d);
}  // namespace clock_internal

inline int64_t ToTicks(absl::Duration d) {
  // The common case inline (absl's own conversion is out of line): a
  // non-negative duration of under 2^33 s is seconds * 1e9 plus its
  // quarter-nanoseconds / 4, as absl::ToInt64Nanoseconds computes it.
  const int64_t hi = absl::time_internal::GetRepHi(d);
  if (hi >= 0 && (hi >> 33) == 0) [[likely]] {
    return hi * 1000 * 1000 * 1000 + absl::time_internal::GetRepLo(d) / 4;
  }
  return clock_internal::ToTicksSlow(d);
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_CLOCK_H_
