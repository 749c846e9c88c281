// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: utf8.h
// -----------------------------------------------------------------------------
//
// `DecodeUtf8Char()` decodes the character at the front of UTF-8 text the
// way CPython decodes `sys.argv` from bytes: UTF-8 with the
// `surrogateescape` error handler. It is the product code's one UTF-8
// decoder: the Python repr (python_repr.h) and the JSON and XML escapers of
// the timing views (cli/text_escape.h) both read text through it.
//
// Guarantees:
//   * Valid UTF-8 is RFC 3629's: no overlong forms, no UTF-16 surrogates
//     (U+D800..U+DFFF), nothing above U+10FFFF, every continuation byte in
//     place. A valid character has `valid == true` and `length` 1 to 4.
//   * Any other byte at the front is decoded alone (`length == 1`,
//     `valid == false`) as the lone surrogate U+DC80..U+DCFF that
//     surrogateescape gives it: byte 0xXY becomes U+DCXY. Decoding the rest
//     from the next byte on gives what CPython gives for the whole text
//     (each byte of an invalid sequence becomes its own surrogate).
//   * An ASCII byte is always valid and is its own code point.
//
// Example:
//
//   DecodeUtf8Char("\xc3\xa9!");  // {.code_point = 0xE9, .length = 2,
//                                 //  .valid = true}
//   DecodeUtf8Char("\xff\xa0x");  // {.code_point = 0xDCFF, .length = 1,
//                                 //  .valid = false}

#ifndef ASYNCSIM_ENGINE_UTF8_H_
#define ASYNCSIM_ENGINE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace asyncsim {

struct Utf8Char {
  // The character; for an invalid byte 0xXY, U+DCXY.
  char32_t code_point = 0;
  // Bytes it takes at the front of the text: 1 to 4.
  size_t length = 0;
  // False for a byte that is not part of valid UTF-8.
  bool valid = false;
};

// The character at the front of `text`, which must not be empty.
Utf8Char DecodeUtf8Char(std::string_view text);

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_UTF8_H_
