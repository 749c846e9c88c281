// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: int.h
// -----------------------------------------------------------------------------
//
// Python's `int(text)` for the command-line arguments of the replayed
// programs: `map(int, sys.argv[1:])` in chained.py, argparse's `type=int`
// in asyncq.py, and the `--seed` every program's `random.seed` takes.
//
// `ParseInt()` reads base-10 text as Python 3.11 does: optional surrounding
// whitespace, an optional sign, ASCII digits with single underscores
// between them, leading zeros allowed (`007`, `+3`, `1_000`, ` -4 `). Any
// other text is an `InvalidArgumentError` with CPython's `ValueError`
// message, `invalid literal for int() with base 10: 'x'`. Integers of any
// size are read; `ParseInt64()` then refuses (`OutOfRangeError`) those that
// do not fit in `int64_t`.
//
// Not read (CPython reads them): non-ASCII digits and non-ASCII whitespace.
// Read (CPython 3.11 refuses them without `sys.set_int_max_str_digits`):
// more than 4300 digits.
//
// Example:
//
//   absl::StatusOr<Int> seed = ParseInt("-18446744073709551617");
//   // seed->negative, seed->magnitude == {1, 0, 1}
//   absl::StatusOr<int64_t> n = ParseInt64("1_000");  // 1000

#ifndef ASYNCSIM_SCENARIOS_PYTHON_INT_H_
#define ASYNCSIM_SCENARIOS_PYTHON_INT_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace asyncsim::python {

// An integer of any size: a sign and a magnitude.
struct Int {
  bool negative = false;  // Never true for zero.
  // |value| in 32-bit words, least significant first, no most significant
  // zero word (so zero is empty): the words `random.seed(int)` feeds to
  // MT19937's init_by_array.
  std::vector<uint32_t> magnitude;
};

absl::StatusOr<Int> ParseInt(std::string_view text);

absl::StatusOr<int64_t> ParseInt64(std::string_view text);

}  // namespace asyncsim::python

#endif  // ASYNCSIM_SCENARIOS_PYTHON_INT_H_
