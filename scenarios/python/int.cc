#include "scenarios/python/int.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "scenarios/python/repr.h"

namespace asyncsim::python {
namespace {

// The ASCII whitespace int() skips around the number: space, \t \n \v \f
// \r (not the separators \x1c-\x1f, which str.strip() would skip).
bool IsSpace(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c));
}

// magnitude = magnitude * multiplier + addend.
void MultiplyAdd(std::vector<uint32_t>& magnitude, uint32_t multiplier,
                 uint32_t addend) {
  uint64_t carry = addend;
  for (uint32_t& word : magnitude) {
    const uint64_t value = uint64_t{word} * multiplier + carry;
    word = static_cast<uint32_t>(value);
    carry = value >> 32;
  }
  if (carry != 0) magnitude.push_back(static_cast<uint32_t>(carry));
}

}  // namespace

absl::StatusOr<Int> ParseInt(std::string_view text) {
  const auto invalid = [text] {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid literal for int() with base 10: ", Repr(text)));
  };
  std::string_view s = text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  Int result;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    result.negative = s.front() == '-';
    s.remove_prefix(1);
  }
  // Digits, with single underscores between them: [0-9](_?[0-9])*.
  if (s.empty() || !absl::ascii_isdigit(static_cast<unsigned char>(s[0]))) {
    return invalid();
  }
  uint32_t chunk = 0;  // Up to 9 digits not yet in the magnitude.
  uint32_t scale = 1;  // 10 ** (digits in chunk).
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      if (i + 1 == s.size() ||
          !absl::ascii_isdigit(static_cast<unsigned char>(s[i + 1]))) {
        return invalid();
      }
      continue;
    }
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return invalid();
    chunk = chunk * 10 + static_cast<uint32_t>(c - '0');
    scale *= 10;
    if (scale == 1'000'000'000) {
      MultiplyAdd(result.magnitude, scale, chunk);
      chunk = 0;
      scale = 1;
    }
  }
  if (scale != 1) MultiplyAdd(result.magnitude, scale, chunk);
  while (!result.magnitude.empty() && result.magnitude.back() == 0) {
    result.magnitude.pop_back();
  }
  if (result.magnitude.empty()) result.negative = false;
  return result;
}

absl::StatusOr<int64_t> ParseInt64(std::string_view text) {
  absl::StatusOr<Int> value = ParseInt(text);
  if (!value.ok()) return value.status();
  const std::vector<uint32_t>& m = value->magnitude;
  uint64_t magnitude = 0;
  if (m.size() > 2) magnitude = std::numeric_limits<uint64_t>::max();
  for (size_t i = m.size(); i-- > 0 && m.size() <= 2;) {
    magnitude = (magnitude << 32) | m[i];
  }
  const uint64_t limit =
      uint64_t{std::numeric_limits<int64_t>::max()} + (value->negative ? 1 : 0);
  if (magnitude > limit) {
    return absl::OutOfRangeError(
        absl::StrCat("int ", Repr(text), " does not fit in 64 bits"));
  }
  return value->negative ? static_cast<int64_t>(uint64_t{0} - magnitude)
                         : static_cast<int64_t>(magnitude);
}

}  // namespace asyncsim::python
