#include "engine/python_int.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PythonInt, ParsesDecimalTextIntoLittleEndianWords) {
  absl::StatusOr<PythonInt> n = ParsePythonInt(" -4_294_967_296 ");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_TRUE(n->negative);
  EXPECT_THAT(n->magnitude, ElementsAre(0u, 1u));
}

TEST(PythonInt, ZeroHasNoWordsAndNoSign) {
  for (const char* text : {"0", "-0", "+000", "0_0"}) {
    absl::StatusOr<PythonInt> n = ParsePythonInt(text);
    ASSERT_TRUE(n.ok()) << text;
    EXPECT_FALSE(n->negative) << text;
    EXPECT_THAT(n->magnitude, IsEmpty()) << text;
  }
}

TEST(PythonInt, RoundTripsLongNumbersThroughDecimal) {
  const std::string digits =
      "1234567890987654321000000000000000000001234567890123456789"
      "9999999999999999999999999999999999999999999999999999999999";
  absl::StatusOr<PythonInt> n = ParsePythonInt(digits);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(MagnitudeToDecimal(n->magnitude), digits);
  EXPECT_EQ(MagnitudeToDecimal({}), "0");
  EXPECT_EQ(MagnitudeToDecimal(std::vector<uint32_t>{0, 1, 0}), "4294967296");
  EXPECT_EQ(MagnitudeToDecimal(std::vector<uint32_t>{1'000'000'000}),
            "1000000000");
}

TEST(PythonInt, RejectsTextPythonsIntRejectsWithItsMessage) {
  absl::StatusOr<PythonInt> n = ParsePythonInt("1__0");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(n.status().message(),
            "invalid literal for int() with base 10: '1__0'");
  EXPECT_EQ(ParsePythonInt("a\tb\\").status().message(),
            "invalid literal for int() with base 10: 'a\\tb\\\\'");
}

TEST(PythonInt, ReadsBigEndianBytesAsIntFromBytesDoes) {
  EXPECT_THAT(
      MagnitudeFromBigEndianBytes(std::string("\x01\x02\x03\x04\x05", 5)),
      ElementsAre(0x02030405u, 0x01u));
  EXPECT_THAT(MagnitudeFromBigEndianBytes(std::string("\x00\x00\x07", 3)),
              ElementsAre(7u));
  EXPECT_THAT(MagnitudeFromBigEndianBytes(""), IsEmpty());
}

TEST(ParsePythonInt, RefusesWhatPythonRefusesWithItsMessage) {
  for (const char* text : {"", " ", "x", "1x", "0x10", "1__0", "_1", "1_",
                           "+_1", "- 5", "--5", "1.0", "1e3", "+"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParsePythonInt(text).status())) << text;
  }
  EXPECT_EQ(ParsePythonInt("x").status().message(),
            "invalid literal for int() with base 10: 'x'");
  EXPECT_EQ(ParsePythonInt("it's").status().message(),
            "invalid literal for int() with base 10: \"it's\"");
}

// python3 -c 'import sys; int(sys.argv[1])' "$(printf 'caf\xc3\xa9\xff')"
// and likewise for the others: the message quotes the text as repr() does.
TEST(ParsePythonInt, QuotesNonAsciiTextInItsMessageAsCPythonDoes) {
  EXPECT_EQ(ParsePythonInt("caf\xc3\xa9\xff").status().message(),
            "invalid literal for int() with base 10: 'caf\xc3\xa9\\udcff'");
  EXPECT_EQ(ParsePythonInt("\xc2\x85\xe2\x80\xa8").status().message(),
            "invalid literal for int() with base 10: '\\x85\\u2028'");
  EXPECT_EQ(ParsePythonInt64("\xd9\xa1\xcd\xb8").status().message(),
            "invalid literal for int() with base 10: '\xd9\xa1\\u0378'");
}

TEST(ParsePythonInt64, ReadsWhatPythonsIntReadsWithinSixtyFourBits) {
  EXPECT_EQ(*ParsePythonInt64("007"), 7);
  EXPECT_EQ(*ParsePythonInt64("+3"), 3);
  EXPECT_EQ(*ParsePythonInt64("-4"), -4);
  EXPECT_EQ(*ParsePythonInt64("1_000"), 1000);
  EXPECT_EQ(*ParsePythonInt64(" \t-42\n "), -42);
  EXPECT_EQ(*ParsePythonInt64("-0"), 0);
  EXPECT_EQ(*ParsePythonInt64("9223372036854775807"),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*ParsePythonInt64("-9223372036854775808"),
            std::numeric_limits<int64_t>::min());
}

TEST(ParsePythonInt64, RefusesIntegersBeyondSixtyFourBits) {
  for (const char* text : {"9223372036854775808", "-9223372036854775809",
                           "18446744073709551617", "-18446744073709551617"}) {
    EXPECT_TRUE(absl::IsOutOfRange(ParsePythonInt64(text).status())) << text;
  }
  EXPECT_TRUE(absl::IsInvalidArgument(ParsePythonInt64("x").status()));
}

}  // namespace
}  // namespace asyncsim
