#include "gtest/gtest.h"
#include "scenarios/python/repr.h"

namespace asyncsim::python {
namespace {

TEST(Repr, QuotesWithSingleQuotesByDefault) {
  EXPECT_EQ(Repr("result3-1"), "'result3-1'");
  EXPECT_EQ(Repr(""), "''");
}

TEST(Repr, SwitchesToDoubleQuotesOnlyForASingleQuoteWithoutDoubleQuotes) {
  EXPECT_EQ(Repr("it's"), "\"it's\"");
  EXPECT_EQ(Repr("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(Repr("it's \"x\""), "'it\\'s \"x\"'");
}

TEST(Repr, EscapesBackslashesAndControlCharactersAsPythonDoes) {
  EXPECT_EQ(Repr("a\\b"), "'a\\\\b'");
  EXPECT_EQ(Repr("\t\n\r"), "'\\t\\n\\r'");
  EXPECT_EQ(Repr(std::string_view("\0\x1b\x7f", 3)), "'\\x00\\x1b\\x7f'");
}

TEST(Repr, KeepsPrintableUnicodeAndEscapesTheRest) {
  EXPECT_EQ(Repr("명시적 ü"), "'명시적 ü'");
  EXPECT_EQ(Repr("\xc2\xa0"), "'\\xa0'");                // NO-BREAK SPACE
  EXPECT_EQ(Repr("\xc2\x85"), "'\\x85'");                // NEXT LINE (C1)
  EXPECT_EQ(Repr("\xe2\x80\x8b"), "'\\u200b'");          // ZERO WIDTH SPACE
  EXPECT_EQ(Repr("\xf3\xb0\x80\x80"), "'\\U000f0000'");  // private use
}

TEST(Repr, ShowsBytesThatAreNotUtf8AsSurrogateEscapes) {
  EXPECT_EQ(Repr("a\xff"), "'a\\udcff'");
  EXPECT_EQ(Repr("\xc3"), "'\\udcc3'");             // truncated sequence
  EXPECT_EQ(Repr("\xc0\xaf"), "'\\udcc0\\udcaf'");  // overlong '/'
  EXPECT_EQ(Repr("\xed\xa0\x80"), "'\\udced\\udca0\\udc80'");  // surrogate
}

}  // namespace
}  // namespace asyncsim::python
