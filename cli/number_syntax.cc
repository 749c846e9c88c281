#include "cli/number_syntax.h"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"

namespace asyncsim::cli {
namespace {

// The length of the run of digits at the start of `text`.
size_t Digits(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && absl::ascii_isdigit(text[n])) ++n;
  return n;
}

}  // namespace

std::optional<uint64_t> ParseCount(std::string_view text) {
  if (text.empty() || Digits(text) != text.size()) return std::nullopt;
  uint64_t count = 0;
  for (char digit : text) {
    const uint64_t d = static_cast<uint64_t>(digit - '0');
    if (count > (UINT64_MAX - d) / 10) return std::nullopt;  // Too big.
    count = count * 10 + d;
  }
  return count;
}

std::optional<double> ParseAmount(std::string_view text) {
  std::string_view rest = text;
  const size_t whole = Digits(rest);
  rest.remove_prefix(whole);
  size_t fraction = 0;
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    fraction = Digits(rest);
    rest.remove_prefix(fraction);
  }
  if (whole + fraction == 0) return std::nullopt;
  if (!rest.empty() && (rest.front() == 'e' || rest.front() == 'E')) {
    rest.remove_prefix(1);
    if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
      rest.remove_prefix(1);
    }
    const size_t exponent = Digits(rest);
    if (exponent == 0) return std::nullopt;
    rest.remove_prefix(exponent);
  }
  if (!rest.empty()) return std::nullopt;
  // The syntax is a subset of strtod's; out of range is HUGE_VAL or 0.
  const std::string copy(text);
  return std::strtod(copy.c_str(), nullptr);
}

}  // namespace asyncsim::cli
