// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: number_syntax.h
// -----------------------------------------------------------------------------
//
// The one number syntax of asyncsim's own options (--until, --speed,
// --max-steps, --max-tasks). The program's arguments and --seed are read
// by Python's rules instead (engine/python_int.h).
//
//   * A count is decimal digits: `0`, `1000`, up to 2^64 - 1.
//   * An amount (seconds, a speed) is decimal digits with an optional
//     fraction and an optional exponent: `5`, `2.5`, `.5`, `5.`, `1e3`,
//     `1.5E-3`.
//
// Nothing else: no sign (so no `-0`), no spaces, no underscores, no hex
// (`0x10`), no `inf` or `nan`, and not the empty string. Each option says
// its own range (a speed must be > 0) on top of this.
//
// Example:
//
//   ParseCount("1000");    // 1000
//   ParseCount("+5");      // nullopt
//   ParseAmount("2.5");    // 2.5
//   ParseAmount("0x10");   // nullopt

#ifndef ASYNCSIM_CLI_NUMBER_SYNTAX_H_
#define ASYNCSIM_CLI_NUMBER_SYNTAX_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace asyncsim::cli {

// The count `text` spells, or nullopt if it is not a count or is over
// 2^64 - 1.
std::optional<uint64_t> ParseCount(std::string_view text);

// The amount `text` spells (rounded to the nearest double; a huge exponent
// is infinity, for the caller's range check), or nullopt if it is not one.
std::optional<double> ParseAmount(std::string_view text);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_NUMBER_SYNTAX_H_
