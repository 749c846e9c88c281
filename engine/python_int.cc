// Copyright 2026 The asyncsim Authors.

#include "engine/python_int.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/python_repr.h"

namespace asyncsim {
namespace {

bool IsPythonAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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

absl::StatusOr<int64_t> ParsePythonInt64(std::string_view text) {
  absl::StatusOr<PythonInt> value = ParsePythonInt(text);
  if (!value.ok()) return value.status();
  const std::vector<uint32_t>& m = value->magnitude;
  const uint64_t limit =
      uint64_t{std::numeric_limits<int64_t>::max()} + (value->negative ? 1 : 0);
  uint64_t magnitude = 0;
  for (size_t i = m.size(); i-- > 0;) magnitude = (magnitude << 32) | m[i];
  if (m.size() > 2 || magnitude > limit) {
    return absl::OutOfRangeError(
        absl::StrCat("int ", PythonRepr(text), " does not fit in 64 bits"));
  }
  return value->negative ? static_cast<int64_t>(uint64_t{0} - magnitude)
                         : static_cast<int64_t>(magnitude);
}

}  // namespace asyncsim
