// Copyright 2026 The asyncsim Authors.

#include "engine/utf8.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace asyncsim {

Utf8Char DecodeUtf8Char(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) return {.code_point = b0, .length = 1, .valid = true};
  const Utf8Char escaped = {.code_point = char32_t{0xDC00} + b0, .length = 1};
  size_t length;
  char32_t c;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return escaped;
  }
  if (text.size() < length) return escaped;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return escaped;
    c = (c << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF.
  if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return escaped;
  return {.code_point = c, .length = length, .valid = true};
}

}  // namespace asyncsim
