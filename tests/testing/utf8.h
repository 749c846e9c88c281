// Copyright 2026 The asyncsim Authors.
//
// UTF-8 for the test-side checkers (json.h, xml.h): decoding one character
// strictly, and encoding a code point. Written apart from engine/utf8.h
// on purpose, so that a checker does not share a bug with what it checks.
//
// Strict means RFC 3629: no overlong forms, no surrogates (U+D800..DFFF),
// nothing above U+10FFFF, no lone or missing continuation bytes.
//
// Example:
//
//   absl::StatusOr<Utf8Char> c = DecodeUtf8("\xc3\xa9!");  // {0xE9, 2}
//   std::string s;
//   AppendUtf8(0x20AC, s);  // "\xe2\x82\xac"

#ifndef ASYNCSIM_TESTS_TESTING_UTF8_H_
#define ASYNCSIM_TESTS_TESTING_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace asyncsim::testutil {

struct Utf8Char {
  uint32_t code;
  size_t length;  // In bytes, 1 to 4.
};

// The character at the start of `text` (not empty), or an error naming
// what is wrong with it: "invalid UTF-8", "truncated UTF-8", "overlong
// UTF-8", "UTF-8 surrogate" or "UTF-8 beyond U+10FFFF".
absl::StatusOr<Utf8Char> DecodeUtf8(std::string_view text);

// Appends `code` (at most U+10FFFF) encoded as UTF-8.
void AppendUtf8(uint32_t code, std::string& out);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_UTF8_H_
