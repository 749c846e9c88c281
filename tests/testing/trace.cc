#include "tests/testing/trace.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/loop.h"
#include "gtest/gtest.h"

namespace asyncsim::testutil {

std::string PyFloat(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                 std::chars_format::scientific);
  const std::string text(buffer, end);  // -d.ddde+XX, shortest digits
  const size_t e = text.find('e');
  const int exponent = std::stoi(text.substr(e + 1));
  std::string sign = text[0] == '-' ? "-" : "";
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (absl::ascii_isdigit(c)) digits.push_back(c);
  }
  if (exponent < -4 || exponent >= 16) {
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1) mantissa += "." + digits.substr(1);
    return absl::StrCat(sign, mantissa, "e", exponent < 0 ? "-" : "+",
                        absl::StrFormat("%02d", std::abs(exponent)));
  }
  if (exponent < 0) {
    return absl::StrCat(sign, "0.", std::string(-exponent - 1, '0'), digits);
  }
  if (static_cast<int>(digits.size()) <= exponent + 1) {
    digits.append(exponent + 1 - digits.size(), '0');
    return absl::StrCat(sign, digits, ".0");
  }
  return absl::StrCat(sign, digits.substr(0, exponent + 1), ".",
                      digits.substr(exponent + 1));
}

void Trace::Print(std::string_view text) {
  Loop* loop = Loop::Current();
  double now = loop != nullptr ? loop->Time() : 0.0;
  lines_.push_back(absl::StrFormat("%.3f %s", now, text));
}

std::string Trace::Text() const {
  std::string text;
  for (const std::string& line : lines_) {
    text += line;
    text += '\n';
  }
  return text;
}

std::string ReadRunfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string CpythonGolden(const std::string& name) {
  return ReadRunfile("tests/cpython/" + name + ".golden");
}

}  // namespace asyncsim::testutil
