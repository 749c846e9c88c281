// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: python_int.h
// -----------------------------------------------------------------------------
//
// `PythonInt` is an integer of any size as a sign and a magnitude of 32-bit
// words, least significant first: the shape in which CPython's
// `random.seed(int)` feeds an integer to MT19937's `init_by_array`. The
// functions here convert such integers from and to text:
//
//   * `ParsePythonInt()` reads decimal text the way Python's `int(text)`
//     does: optional surrounding ASCII whitespace, an optional sign, ASCII
//     digits with single underscores between them, leading zeros allowed.
//     Anything else is an `InvalidArgumentError` whose message is CPython's
//     `ValueError` text, e.g. "invalid literal for int() with base 10: 'x'",
//     the text quoted by `PythonRepr()` (python_repr.h).
//     Unlike CPython it takes any number of digits (CPython 3.11 refuses more
//     than 4300 unless `sys.set_int_max_str_digits()` raises the limit) and
//     no non-ASCII digits.
//   * `ParsePythonInt64()` is the same for a value that must fit in int64_t
//     (an `OutOfRangeError` otherwise).
//   * `MagnitudeToDecimal()` prints a magnitude in decimal.
//   * `MagnitudeFromBigEndianBytes()` is `int.from_bytes(bytes, "big")`.
//
// Magnitudes are normalised: no most significant zero words, so zero is the
// empty vector.
//
// Example:
//
//   absl::StatusOr<PythonInt> n = ParsePythonInt(" -4_294_967_296 ");
//   // n->negative == true, n->magnitude == {0, 1}
//   std::string text = MagnitudeToDecimal(n->magnitude);  // "4294967296"

#ifndef ASYNCSIM_ENGINE_PYTHON_INT_H_
#define ASYNCSIM_ENGINE_PYTHON_INT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace asyncsim {

struct PythonInt {
  bool negative = false;  // Never true for zero.
  // |value| in 32-bit words, least significant first; empty for zero.
  std::vector<uint32_t> magnitude;
};

absl::StatusOr<PythonInt> ParsePythonInt(std::string_view text);

// int(text) for a value that fits in int64_t; OutOfRangeError beyond.
absl::StatusOr<int64_t> ParsePythonInt64(std::string_view text);

// Decimal digits of the magnitude (least significant word first), "0" for
// an empty span. Most significant zero words are allowed.
std::string MagnitudeToDecimal(absl::Span<const uint32_t> words);

// The normalised magnitude of `int.from_bytes(bytes, "big")`.
std::vector<uint32_t> MagnitudeFromBigEndianBytes(std::string_view bytes);

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_PYTHON_INT_H_
