// Copyright 2026 The asyncsim Authors.

#include "engine/python_repr.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "engine/utf8.h"

namespace asyncsim {
namespace {

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// The code points that are not printable, sorted.
constexpr CodePointRange kNonPrintable[] = {
#include "engine/python_printable.inc"
};

// Appends `c` (decoded from `bytes`) as repr() shows it, leaving the quotes
// and the backslash to the caller.
void AppendCharacter(char32_t c, std::string_view bytes, std::string& out) {
  if (c == '\t') {
    out += "\\t";
  } else if (c == '\n') {
    out += "\\n";
  } else if (c == '\r') {
    out += "\\r";
  } else if (IsPythonPrintable(c)) {
    out.append(bytes);
  } else if (c < 0x100) {
    absl::StrAppendFormat(&out, "\\x%02x", static_cast<uint32_t>(c));
  } else if (c < 0x10000) {
    absl::StrAppendFormat(&out, "\\u%04x", static_cast<uint32_t>(c));
  } else {
    absl::StrAppendFormat(&out, "\\U%08x", static_cast<uint32_t>(c));
  }
}

}  // namespace

bool IsPythonPrintable(char32_t code_point) {
  if (code_point < 0x7F) return code_point >= 0x20;  // The common case.
  const auto* after = std::upper_bound(
      std::begin(kNonPrintable), std::end(kNonPrintable), code_point,
      [](char32_t c, const CodePointRange& range) { return c < range.first; });
  return after == std::begin(kNonPrintable) ||
         code_point > std::prev(after)->last;
}

std::string PythonRepr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  while (!text.empty()) {
    const Utf8Char c = DecodeUtf8Char(text);
    if (c.code_point == static_cast<char32_t>(quote) || c.code_point == '\\') {
      out += '\\';
      out += static_cast<char>(c.code_point);
    } else {
      AppendCharacter(c.code_point, text.substr(0, c.length), out);
    }
    text.remove_prefix(c.length);
  }
  out += quote;
  return out;
}

std::string PythonEscapeNonPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const Utf8Char c = DecodeUtf8Char(text);
    AppendCharacter(c.code_point, text.substr(0, c.length), out);
    text.remove_prefix(c.length);
  }
  return out;
}

}  // namespace asyncsim
