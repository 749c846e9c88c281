// Copyright 2026 The asyncsim Authors.

#include "engine/internal/python_int.h"

#include <algorithm>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace asyncsim::internal {
namespace {

bool IsPythonAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Python's repr() of a str, for the ASCII part: quotes chosen as CPython
// does, backslash escapes for quotes, backslashes and control characters.
// Bytes >= 0x80 (UTF-8 text) pass through unchanged.
std::string PythonRepr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

absl::Status InvalidLiteral(std::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid literal for int() with base 10: ", PythonRepr(text)));
}

// magnitude = magnitude * multiplier + addend.
void MultiplyAdd(std::vector<uint32_t>& magnitude, uint32_t multiplier,
                 uint32_t addend) {
  uint64_t carry = addend;
  for (uint32_t& word : magnitude) {
    uint64_t product = uint64_t{word} * multiplier + carry;
    word = static_cast<uint32_t>(product);
    carry = product >> 32;
  }
  if (carry != 0) magnitude.push_back(static_cast<uint32_t>(carry));
}

void TrimHighZeroWords(std::vector<uint32_t>& magnitude) {
  while (!magnitude.empty() && magnitude.back() == 0) magnitude.pop_back();
}

}  // namespace

absl::StatusOr<PythonInt> ParsePythonInt(std::string_view text) {
  std::string_view rest = text;
  while (!rest.empty() && IsPythonAsciiSpace(rest.front())) {
    rest.remove_prefix(1);
  }
  while (!rest.empty() && IsPythonAsciiSpace(rest.back()))
    rest.remove_suffix(1);

  PythonInt result;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    result.negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  // Digits, with single underscores only between two digits.
  if (rest.empty() || !IsDigit(rest.front()) || !IsDigit(rest.back())) {
    return InvalidLiteral(text);
  }
  for (size_t i = 0; i < rest.size(); ++i) {
    if (IsDigit(rest[i])) continue;
    if (rest[i] != '_' || !IsDigit(rest[i + 1])) return InvalidLiteral(text);
  }

  // Nine decimal digits at a time: 10^9 < 2^32.
  uint32_t chunk = 0;
  uint32_t chunk_scale = 1;
  for (char c : rest) {
    if (c == '_') continue;
    chunk = chunk * 10 + static_cast<uint32_t>(c - '0');
    chunk_scale *= 10;
    if (chunk_scale == 1'000'000'000) {
      MultiplyAdd(result.magnitude, chunk_scale, chunk);
      chunk = 0;
      chunk_scale = 1;
    }
  }
  if (chunk_scale > 1) MultiplyAdd(result.magnitude, chunk_scale, chunk);
  TrimHighZeroWords(result.magnitude);
  if (result.magnitude.empty()) result.negative = false;
  return result;
}

std::string MagnitudeToDecimal(absl::Span<const uint32_t> words) {
  std::vector<uint32_t> quotient(words.begin(), words.end());
  TrimHighZeroWords(quotient);
  if (quotient.empty()) return "0";
  // Peel off nine decimal digits at a time, least significant first.
  std::vector<uint32_t> chunks;
  while (!quotient.empty()) {
    uint64_t remainder = 0;
    for (size_t i = quotient.size(); i-- > 0;) {
      uint64_t current = (remainder << 32) | quotient[i];
      quotient[i] = static_cast<uint32_t>(current / 1'000'000'000);
      remainder = current % 1'000'000'000;
    }
    chunks.push_back(static_cast<uint32_t>(remainder));
    TrimHighZeroWords(quotient);
  }
  std::string out = absl::StrCat(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string digits = absl::StrCat(chunks[i]);
    out.append(9 - digits.size(), '0');
    out += digits;
  }
  return out;
}

std::vector<uint32_t> MagnitudeFromBigEndianBytes(std::string_view bytes) {
  std::vector<uint32_t> magnitude((bytes.size() + 3) / 4, 0);
  // The last byte is the least significant.
  for (size_t i = 0; i < bytes.size(); ++i) {
    const size_t position = bytes.size() - 1 - i;  // Byte index from the LSB.
    magnitude[position / 4] |= uint32_t{static_cast<unsigned char>(bytes[i])}
                               << (8 * (position % 4));
  }
  TrimHighZeroWords(magnitude);
  return magnitude;
}

}  // namespace asyncsim::internal
