#include "tests/testing/golden.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace asyncsim::testutil {
namespace {

// compare_transcripts.py's TOKEN: an urandom item or a duration.
const std::regex& TokenPattern() {
  static const std::regex* pattern =
      new std::regex(R"((<[0-9a-f]+>|\d+\.\d+))");
  return *pattern;
}

// re.split with one capturing group: text, token, text, ..., text.
std::vector<std::string> SplitTokens(const std::string& line) {
  std::vector<std::string> parts;
  size_t last = 0;
  for (auto it = std::sregex_iterator(line.begin(), line.end(), TokenPattern());
       it != std::sregex_iterator(); ++it) {
    parts.push_back(line.substr(last, it->position() - last));
    parts.push_back(it->str());
    last = it->position() + it->length();
  }
  parts.push_back(line.substr(last));
  return parts;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// compare_transcripts.compare_line: whether `expected` and `actual` match
// up to the allowances; the reason if not. `items` is the bijection of
// urandom items so far, expected -> ours and "ours:" + ours -> expected.
std::optional<std::string> CompareLine(
    std::string expected, const std::string& actual,
    const Allowances& allowances, std::map<std::string, std::string>& items) {
  if (!allowances.script.empty()) {
    size_t at;
    while ((at = expected.find("tmp.py")) != std::string::npos) {
      expected.replace(at, 6, allowances.script);
    }
  }
  if (expected == actual) return std::nullopt;
  std::vector<std::string> a = SplitTokens(expected);
  std::vector<std::string> b = SplitTokens(actual);
  if (a.size() != b.size()) return "text";
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& x = a[i];
    const std::string& y = b[i];
    if (x == y) continue;
    if (i % 2 == 0) return "text";
    if (x[0] == '<' && y[0] == '<') {
      if (!allowances.urandom_items) return "urandom item";
      if (x.size() != y.size()) return "urandom hex length";
      auto [forward, new_forward] = items.emplace(x, y);
      auto [backward, new_backward] = items.emplace("ours:" + y, x);
      if (forward->second != y || backward->second != x) {
        return absl::StrCat("urandom item ", x, " is ", forward->second,
                            " elsewhere");
      }
    } else if (IsDigit(x[0]) && IsDigit(y[0])) {
      double dx = 0;
      double dy = 0;
      if (!allowances.duration_tolerance.has_value() ||
          !absl::SimpleAtod(x, &dx) || !absl::SimpleAtod(y, &dy)) {
        return "duration";
      }
      double delta = std::fabs(dx - dy);
      if (delta > *allowances.duration_tolerance + 1e-12) {
        return absl::StrCat("duration off by ", delta);
      }
    } else {
      return "text";
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> GoldenCase::CommandLine() const {
  std::vector<std::string> command = {scenario, "--seed", seed};
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

void PrintTo(const GoldenCase& c, std::ostream* os) {
  *os << c.name << ": asyncsim " << absl::StrJoin(c.CommandLine(), " ");
}

std::vector<GoldenCase> ParseCases(std::string_view text) {
  std::vector<GoldenCase> cases;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, '|');
    if (fields.size() != 4) {
      ADD_FAILURE() << "cases line " << line_number << " has " << fields.size()
                    << " fields, not 4: " << line;
      continue;
    }
    GoldenCase c;
    c.name = std::string(absl::StripAsciiWhitespace(fields[0]));
    c.scenario = std::string(absl::StripAsciiWhitespace(fields[1]));
    c.seed = std::string(absl::StripAsciiWhitespace(fields[2]));
    c.args =
        absl::StrSplit(fields[3], absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines =
      absl::StrSplit(absl::string_view(text.data(), text.size()), '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::vector<std::string> CompareLines(const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual,
                                      const Allowances& allowances) {
  std::vector<std::string> differences;
  std::map<std::string, std::string> items;
  const size_t n = std::max(expected.size(), actual.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string* want = i < expected.size() ? &expected[i] : nullptr;
    const std::string* got = i < actual.size() ? &actual[i] : nullptr;
    std::optional<std::string> reason;
    if (want == nullptr || got == nullptr) {
      reason = "missing line";
    } else {
      reason = CompareLine(*want, *got, allowances, items);
    }
    if (reason.has_value()) {
      differences.push_back(
          absl::StrCat("line ", i + 1, " (", *reason,
                       "):\n  expected: ", want != nullptr ? *want : "<none>",
                       "\n  got:      ", got != nullptr ? *got : "<none>"));
    }
  }
  return differences;
}

std::string TestName(std::string_view name) {
  std::string result(name);
  for (char& c : result) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      c = '_';
    }
  }
  return result;
}

std::string GoldenStdout(const std::string& name) {
  std::ifstream in("tests/golden/" + name + ".stdout", std::ios::binary);
  EXPECT_TRUE(in) << "no golden " << name;
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

}  // namespace asyncsim::testutil
