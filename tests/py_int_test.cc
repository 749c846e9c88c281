#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/python/int.h"

namespace asyncsim::python {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ParseInt, ReadsWhatPythonsIntReads) {
  EXPECT_EQ(*ParseInt64("0"), 0);
  EXPECT_EQ(*ParseInt64("007"), 7);
  EXPECT_EQ(*ParseInt64("+3"), 3);
  EXPECT_EQ(*ParseInt64("-4"), -4);
  EXPECT_EQ(*ParseInt64("1_000"), 1000);
  EXPECT_EQ(*ParseInt64("0_0"), 0);
  EXPECT_EQ(*ParseInt64(" \t-42\n "), -42);
  EXPECT_EQ(*ParseInt64("\v\f5\r"), 5);
  EXPECT_EQ(*ParseInt64("-0"), 0);
}

TEST(ParseInt, RefusesWhatPythonRefusesWithItsMessage) {
  for (const char* text : {"", " ", "x", "1x", "0x10", "1__0", "_1", "1_",
                           "+_1", "- 5", "--5", "1.0", "1e3", "+",
                           "\x1c"
                           "5",
                           "٣"}) {
    absl::StatusOr<Int> value = ParseInt(text);
    EXPECT_TRUE(absl::IsInvalidArgument(value.status())) << text;
  }
  EXPECT_EQ(ParseInt("x").status().message(),
            "invalid literal for int() with base 10: 'x'");
  EXPECT_EQ(ParseInt("it's").status().message(),
            "invalid literal for int() with base 10: \"it's\"");
}

TEST(ParseInt, ReadsIntegersOfAnySizeAsThirtyTwoBitWords) {
  absl::StatusOr<Int> zero = ParseInt("-000");
  ASSERT_TRUE(zero.ok());
  EXPECT_FALSE(zero->negative);
  EXPECT_THAT(zero->magnitude, IsEmpty());

  absl::StatusOr<Int> big = ParseInt("-18446744073709551617");  // -(2**64+1)
  ASSERT_TRUE(big.ok());
  EXPECT_TRUE(big->negative);
  EXPECT_THAT(big->magnitude, ElementsAre(1, 0, 1));

  // 10**30 = 0xc9f2c9cd04674edea40000000
  absl::StatusOr<Int> huge = ParseInt("1000000000000000000000000000000");
  ASSERT_TRUE(huge.ok());
  EXPECT_THAT(huge->magnitude,
              ElementsAre(0x40000000, 0x4674edea, 0x9f2c9cd0, 0xc));

  EXPECT_THAT(ParseInt("4294967296")->magnitude, ElementsAre(0, 1));
  EXPECT_THAT(ParseInt("4_294_967_295")->magnitude, ElementsAre(0xffffffff));
}

TEST(ParseInt64, RefusesIntegersBeyondSixtyFourBits) {
  EXPECT_EQ(*ParseInt64("9223372036854775807"),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*ParseInt64("-9223372036854775808"),
            std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(absl::IsOutOfRange(ParseInt64("9223372036854775808").status()));
  EXPECT_TRUE(absl::IsOutOfRange(ParseInt64("-9223372036854775809").status()));
  EXPECT_TRUE(absl::IsOutOfRange(ParseInt64("18446744073709551617").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseInt64("x").status()));
}

}  // namespace
}  // namespace asyncsim::python
