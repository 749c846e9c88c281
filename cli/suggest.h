// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: suggest.h
// -----------------------------------------------------------------------------
//
// `Suggest` finds what a user probably meant by a word the command line
// does not know (`asyncsim ASYNCQ`, `--timline`): the candidate closest to
// it in edit distance (insertions, deletions, substitutions, and swaps of
// two neighbouring characters; letter case does not count), if it is close
// enough to be a slip rather than another word: at most a third of the
// word's length, and at least one edit.
//
// Example:
//
//   Suggest("--timline", {"--timeline", "--ties"});  // "--timeline"
//   Suggest("ASYNCQ", {"asyncq", "chained"});        // "asyncq"
//   Suggest("xyz", {"asyncq", "chained"});           // nullopt

#ifndef ASYNCSIM_CLI_SUGGEST_H_
#define ASYNCSIM_CLI_SUGGEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asyncsim::cli {

// The candidate closest to `word` (the first of equally close ones), or
// nullopt if none is close enough.
std::optional<std::string> Suggest(std::string_view word,
                                   const std::vector<std::string>& candidates);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_SUGGEST_H_
