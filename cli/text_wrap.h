// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: text_wrap.h
// -----------------------------------------------------------------------------
//
// `WrapWords` fills lines of at most `width` characters with the words of
// a text (split at spaces), for the notes asyncsim prints on stderr. A word
// longer than a line is not cut: it gets a line of its own.
//
// Example:
//
//   WrapWords("t=4.000: Producer 0, Consumer 0 woke together", 20, "  ",
//             "    ");
//   // "  t=4.000: Producer\n    0, Consumer 0\n    woke together\n"

#ifndef ASYNCSIM_CLI_TEXT_WRAP_H_
#define ASYNCSIM_CLI_TEXT_WRAP_H_

#include <string>
#include <string_view>

namespace asyncsim::cli {

// The lines, each ending in '\n'; the first starts with `first`, the
// others with `rest`.
std::string WrapWords(std::string_view text, int width, std::string_view first,
                      std::string_view rest);

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_TEXT_WRAP_H_
