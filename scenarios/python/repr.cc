#include "scenarios/python/repr.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"

namespace asyncsim::python {
namespace {

// Decodes one UTF-8 sequence at the front of `text` (which is not empty).
// Returns the code point and sets `length`; an invalid byte is returned as
// its surrogateescape code point U+DC80..U+DCFF with length 1.
char32_t DecodeUtf8(std::string_view text, size_t& length) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(0);
  length = 1;
  if (b0 < 0x80) return b0;
  const char32_t escaped = 0xDC00 + b0;
  size_t n;
  char32_t c;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return escaped;
  }
  if (text.size() < n) return escaped;
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return escaped;
    c = (c << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid.
  if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return escaped;
  length = n;
  return c;
}

// str.isprintable() for one character, from a small table (see repr.h).
bool IsPrintable(char32_t c) {
  if (c < 0x20 || c == 0x7F) return false;  // C0 controls, DEL
  if (c < 0x7F) return true;
  if (c <= 0xA0) return false;  // C1 controls, NO-BREAK SPACE
  if (c == 0xAD) return false;  // SOFT HYPHEN
  if ((c >= 0x600 && c <= 0x605) || c == 0x61C || c == 0x6DD || c == 0x70F ||
      c == 0x890 || c == 0x891 || c == 0x8E2 || c == 0x180E) {
    return false;  // Arabic, Syriac and Mongolian format characters
  }
  if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) ||
      (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) ||
      c == 0x3000 || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB)) {
    return false;  // spaces, separators, format characters
  }
  if (c >= 0xD800 && c <= 0xF8FF) return false;  // surrogates, private use
  if ((c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
    return false;  // noncharacters
  }
  if (c >= 0xE0000 && c <= 0xE0FFF) return false;  // tags, variation sel.
  if (c >= 0xF0000) return false;                  // private use planes
  return true;
}

}  // namespace

std::string Repr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  while (!text.empty()) {
    size_t length;
    const char32_t c = DecodeUtf8(text, length);
    if (c == static_cast<char32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (IsPrintable(c)) {
      out.append(text.substr(0, length));
    } else if (c < 0x100) {
      absl::StrAppendFormat(&out, "\\x%02x", static_cast<uint32_t>(c));
    } else if (c < 0x10000) {
      absl::StrAppendFormat(&out, "\\u%04x", static_cast<uint32_t>(c));
    } else {
      absl::StrAppendFormat(&out, "\\U%08x", static_cast<uint32_t>(c));
    }
    text.remove_prefix(length);
  }
  out += quote;
  return out;
}

}  // namespace asyncsim::python
