// Copyright 2026 The asyncsim Authors.
//
// Reading the CPython golden data of tests/golden/ and comparing outputs
// with it.
//
// `ParseCases` reads the `cases.txt` format (tests/golden/README.md):
// `name | scenario | seed | args` a line, `#` comments and blank lines
// ignored.
//
// `CompareLines` compares an expected output with ours line by line, with
// the allowances of tools/oracle/compare_transcripts.py, which the seed
// document's transcripts need (they come from real runs):
//   * the script name: `tmp.py` in the expected text stands for `script`;
//   * urandom hex items (`<f1cfedbead>`): any item of the same length, as
//     long as each expected item stands for one and the same item of ours
//     on every line, and the other way round (a bijection);
//   * durations (`8.01`, `0.00031`): within `duration_tolerance`.
// Each allowance is off unless asked for; with all off, lines must be
// byte-identical.
//
// Example:
//
//   std::vector<GoldenCase> cases = ParseCases(ReadRunfile(
//       "tests/golden/cases.txt"));
//   std::vector<std::string> diffs = CompareLines(
//       SplitLines(transcript), SplitLines(out),
//       {.script = "chained.py", .urandom_items = true,
//        .duration_tolerance = 0.02});

#ifndef ASYNCSIM_TESTS_TESTING_GOLDEN_H_
#define ASYNCSIM_TESTS_TESTING_GOLDEN_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace asyncsim::testutil {

struct GoldenCase {
  std::string name;
  std::string scenario;
  std::string seed;
  std::vector<std::string> args;

  // `scenario --seed SEED args...`: the arguments of `asyncsim`.
  std::vector<std::string> CommandLine() const;
};

// gtest prints a case as its command line.
void PrintTo(const GoldenCase& c, std::ostream* os);

// Parses a cases.txt file. A malformed line fails the calling test and is
// skipped.
std::vector<GoldenCase> ParseCases(std::string_view text);

// The lines of `text` (split at '\n'), without the trailing empty lines.
std::vector<std::string> SplitLines(std::string_view text);

struct Allowances {
  // Empty: no allowance; else `tmp.py` in the expected text means this.
  std::string script = {};
  bool urandom_items = false;
  // Durations may differ by this much; nullopt: no allowance.
  std::optional<double> duration_tolerance = {};
};

// Every difference beyond the allowances, one message each ("line 3:
// expected ..., got ..."); empty if the outputs match.
std::vector<std::string> CompareLines(const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual,
                                      const Allowances& allowances);

// A gtest-friendly name: characters other than [A-Za-z0-9_] become '_'.
std::string TestName(std::string_view name);

// The golden stdout of case `name`: the contents of the runfile
// tests/golden/<name>.stdout. Fails the calling test if it cannot be read.
std::string GoldenStdout(const std::string& name);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_GOLDEN_H_
