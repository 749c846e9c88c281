// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: time_axis.h
// -----------------------------------------------------------------------------
//
// The arithmetic of a virtual-time axis, shared by the text timeline and the
// SVG picture: round steps and tick labels in seconds with no more decimals
// than the step needs. Two series of round steps:
//
//   * nice: 1, 2 or 5 times a power of ten (ticks: 0 5 10 15);
//   * fine: 1, 1.25, 2, 2.5, 4, 5 or 8 times a power of ten, for a text
//     chart's columns, which must use most of a terminal's width. Each has
//     a nice multiple, so ticks stay round (0 1 2, not 0 1.5 3).
//
// Example:
//
//   NiceStep(absl::Milliseconds(370));                  // 500 ms
//   FineStep(absl::Milliseconds(370));                  // 400 ms
//   FineStep(absl::Milliseconds(110));                  // 125 ms
//   SecondsLabel(absl::Milliseconds(2500), absl::Milliseconds(500));  // "2.5"
//   SecondsLabel(absl::Seconds(10), absl::Seconds(5));  // "10"

#ifndef ASYNCSIM_CLI_TIME_AXIS_H_
#define ASYNCSIM_CLI_TIME_AXIS_H_

#include <string>

#include "absl/time/time.h"

namespace asyncsim::cli {

// The smallest duration of the form 1, 2 or 5 times a power of ten
// nanoseconds that is at least `at_least` (1 ns for zero or less).
absl::Duration NiceStep(absl::Duration at_least);

// The smallest fine step that is at least `at_least` (1 ns for zero or
// less).
absl::Duration FineStep(absl::Duration at_least);

// Whether `d` is a nice step; a fine one.
bool IsNiceStep(absl::Duration d);
bool IsFineStep(absl::Duration d);

// `t` in seconds, with as many decimals as multiples of `step` need
// ("4", "2.5", "0.25"); `step` > 0.
std::string SecondsLabel(absl::Duration t, absl::Duration step);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TIME_AXIS_H_
