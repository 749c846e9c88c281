// Python's repr() of a str (engine/python_repr.h), and its three callers
// agreeing on it: int()'s error (engine/python_int.h), the scenario ports
// (chained's int(sys.argv[i])), and the command line's usage errors. Every
// expected value is what CPython 3.11 printed for the same bytes in
// sys.argv[1], e.g.
//   python3 -c 'import sys; print(repr(sys.argv[1]))' "$(printf '\xff\xa0x')"

#include <sys/mman.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/output.h"
#include "engine/python_int.h"
#include "engine/python_repr.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/registry.h"

namespace asyncsim {
namespace {

using ::testing::HasSubstr;

TEST(PythonRepr, QuotesWithSingleQuotesByDefault) {
  EXPECT_EQ(PythonRepr("result3-1"), "'result3-1'");
  EXPECT_EQ(PythonRepr(""), "''");
}

TEST(PythonRepr, SwitchesToDoubleQuotesOnlyForASingleQuoteWithoutDoubleQuotes) {
  EXPECT_EQ(PythonRepr("it's"), "\"it's\"");
  EXPECT_EQ(PythonRepr("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(PythonRepr("it's \"x\""), "'it\\'s \"x\"'");
}

TEST(PythonRepr, EscapesBackslashesAndControlCharactersAsPythonDoes) {
  EXPECT_EQ(PythonRepr("a\\b"), "'a\\\\b'");
  EXPECT_EQ(PythonRepr("\t\n\r"), "'\\t\\n\\r'");
  EXPECT_EQ(PythonRepr(std::string_view("\0\x1b\x7f", 3)), "'\\x00\\x1b\\x7f'");
}

TEST(PythonRepr, KeepsPrintableUnicodeAndEscapesTheRest) {
  EXPECT_EQ(PythonRepr("명시적 ü"), "'명시적 ü'");
  EXPECT_EQ(PythonRepr("\xc2\xa0"), "'\\xa0'");        // NO-BREAK SPACE
  EXPECT_EQ(PythonRepr("\xc2\x85"), "'\\x85'");        // NEXT LINE (C1)
  EXPECT_EQ(PythonRepr("\xe2\x80\x8b"), "'\\u200b'");  // ZERO WIDTH SPACE
  EXPECT_EQ(PythonRepr("\xf3\xb0\x80\x80"), "'\\U000f0000'");  // private use
}

// The hand-made table these replaced printed these as they are.
TEST(PythonRepr, EscapesUnassignedAndFormatCharactersAsUnicode14Says) {
  EXPECT_EQ(PythonRepr("\xcd\xb8"), "'\\u0378'");              // unassigned
  EXPECT_EQ(PythonRepr("\xf0\x91\x82\xbd"), "'\\U000110bd'");  // Cf
  EXPECT_EQ(PythonRepr("\xf0\x9d\x85\xb3"), "'\\U0001d173'");  // Cf
  // CJK Extension H came in Unicode 15: unassigned in 3.11's 14.0.
  EXPECT_EQ(PythonRepr("\xf0\xb1\x8d\x90"), "'\\U00031350'");
  // Assigned and printable: a letter added in Unicode 14, an emoji.
  EXPECT_EQ(PythonRepr("\xe0\xa1\xb0"), "'\xe0\xa1\xb0'");  // U+0870
  EXPECT_EQ(PythonRepr("\xf0\x9f\x90\x8d"), "'\xf0\x9f\x90\x8d'");
}

TEST(PythonRepr, ShowsBytesThatAreNotUtf8AsSurrogateEscapes) {
  EXPECT_EQ(PythonRepr("a\xff"), "'a\\udcff'");
  EXPECT_EQ(PythonRepr("\xc3"), "'\\udcc3'");             // truncated sequence
  EXPECT_EQ(PythonRepr("\xc0\xaf"), "'\\udcc0\\udcaf'");  // overlong '/'
  EXPECT_EQ(PythonRepr("\xed\xa0\x80"),
            "'\\udced\\udca0\\udc80'");  // surrogate
  EXPECT_EQ(PythonRepr("\xf4\x90\x80\x80"),
            "'\\udcf4\\udc90\\udc80\\udc80'");  // past U+10FFFF
}

TEST(IsPythonPrintable, IsStrIsprintableAtTheEdgesOfItsCategories) {
  EXPECT_TRUE(IsPythonPrintable(' '));
  EXPECT_TRUE(IsPythonPrintable('~'));
  EXPECT_FALSE(IsPythonPrintable(0x1F));
  EXPECT_FALSE(IsPythonPrintable(0x7F));
  EXPECT_FALSE(IsPythonPrintable(0xA0));  // Zs
  EXPECT_TRUE(IsPythonPrintable(0xA1));
  EXPECT_FALSE(IsPythonPrintable(0xAD));    // Cf
  EXPECT_FALSE(IsPythonPrintable(0x2028));  // Zl
  EXPECT_FALSE(IsPythonPrintable(0x2029));  // Zp
  EXPECT_FALSE(IsPythonPrintable(0xDC80));  // Cs
  EXPECT_FALSE(IsPythonPrintable(0xE000));  // Co
  EXPECT_TRUE(IsPythonPrintable(0xFFFD));
  EXPECT_FALSE(IsPythonPrintable(0xFFFF));  // Cn
  EXPECT_TRUE(IsPythonPrintable(0x1F600));
  EXPECT_FALSE(IsPythonPrintable(0x10FFFF));  // Co
}

TEST(PythonEscapeNonPrintable, EscapesWhatReprEscapesAndLeavesQuotesAlone) {
  EXPECT_EQ(PythonEscapeNonPrintable("x=\"a\nb\" 'c\\d'"),
            "x=\"a\\nb\" 'c\\d'");
  EXPECT_EQ(PythonEscapeNonPrintable("caf\xc3\xa9\xc2\x85\xff"),
            "caf\xc3\xa9\\x85\\udcff");
  const std::string repr = PythonRepr("\xff\xa0x\n'");
  EXPECT_EQ(PythonEscapeNonPrintable(repr), repr);
}

// --- The three callers agree, on the same bytes.

struct Case {
  std::string argument;
  std::string cpython_repr;  // repr(sys.argv[1]) printed by CPython 3.11
};

std::vector<Case> Cases() {
  return {
      // Printable non-ASCII.
      {"caf\xc3\xa9 \xeb\xaa\x85", "'caf\xc3\xa9 \xeb\xaa\x85'"},
      // Invalid UTF-8: each byte its own surrogate escape.
      {"\xff\xa0x\xe2\x82", "'\\udcff\\udca0x\\udce2\\udc82'"},
      // Non-printable: NEXT LINE, LINE SEPARATOR, unassigned U+0378,
      // LANGUAGE TAG, KAITHI NUMBER SIGN, ESC.
      {"\xc2\x85\xe2\x80\xa8\xcd\xb8\xf3\xa0\x80\x81\xf0\x91\x82\xbd\x1b",
       "'\\x85\\u2028\\u0378\\U000e0001\\U000110bd\\x1b'"},
  };
}

// stderr of `asyncsim args...` over the real scenarios.
std::string CliStderr(const std::vector<std::string>& args) {
  const int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  std::ostringstream err;
  {
    cli::FdOutput out(fd);
    cli::RunCommandLine(args, scenarios::AllScenarios(), out, err, nullptr, {});
  }
  close(fd);
  return err.str();
}

TEST(Callers, IntsErrorQuotesTheTextAsCPythonsIntDoes) {
  // python3 -c 'import sys; int(sys.argv[1])' ARG
  for (const Case& c : Cases()) {
    EXPECT_EQ(PythonRepr(c.argument), c.cpython_repr);
    EXPECT_EQ(ParsePythonInt(c.argument).status().message(),
              "invalid literal for int() with base 10: " + c.cpython_repr);
  }
}

TEST(Callers, TheChainedPortQuotesABadArgumentAsCPythonsChainedPyDoes) {
  // python3 tools/oracle/programs/chained.py ARG: the ValueError's text.
  for (const Case& c : Cases()) {
    EXPECT_EQ(CliStderr({"chained", c.argument}),
              absl::StrCat("asyncsim chained: invalid literal for int() with "
                           "base 10: ",
                           c.cpython_repr, "\n"));
  }
}

TEST(Callers, TheCommandLineQuotesABadArgumentAsRepr) {
  for (const Case& c : Cases()) {
    EXPECT_EQ(CliStderr({"list", c.argument}),
              absl::StrCat("asyncsim list: unexpected argument ",
                           c.cpython_repr, "\n"));
    EXPECT_EQ(CliStderr({"--seed", c.argument, "countsync"}),
              absl::StrCat("asyncsim: --seed: invalid literal for int() with "
                           "base 10: ",
                           c.cpython_repr, "\n"));
  }
}

TEST(Callers, TheCommandLineEscapesRawArgumentTextAsReprDoes) {
  // CLI11 quotes a flag's bad value as it is; asyncsim escapes the message,
  // so the value shows as it would inside its repr's quotes.
  for (const Case& c : Cases()) {
    const std::string inside =
        c.cpython_repr.substr(1, c.cpython_repr.size() - 2);
    const std::string err =
        CliStderr({"--check-determinism=" + c.argument, "countsync"});
    EXPECT_THAT(err, HasSubstr(inside));
    EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
  }
}

}  // namespace
}  // namespace asyncsim
