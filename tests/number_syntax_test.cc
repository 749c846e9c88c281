#include "cli/number_syntax.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim::cli {
namespace {

using ::testing::Optional;

TEST(ParseCount, ReadsDecimalDigitsUpToTheLargestUint64) {
  EXPECT_THAT(ParseCount("0"), Optional(uint64_t{0}));
  EXPECT_THAT(ParseCount("007"), Optional(uint64_t{7}));
  EXPECT_THAT(ParseCount("18446744073709551615"), Optional(UINT64_MAX));
}

TEST(ParseCount, RefusesEverythingElse) {
  for (const char* text :
       {"", "-0", "+5", " 5", "5 ", "1_000", "0x10", "1e3", "5.",
        "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_EQ(ParseCount(text), std::nullopt) << text;
  }
}

TEST(ParseAmount, ReadsDigitsWithAFractionAndAnExponent) {
  EXPECT_THAT(ParseAmount("5"), Optional(5.0));
  EXPECT_THAT(ParseAmount("2.5"), Optional(2.5));
  EXPECT_THAT(ParseAmount(".5"), Optional(0.5));
  EXPECT_THAT(ParseAmount("5."), Optional(5.0));
  EXPECT_THAT(ParseAmount("1e3"), Optional(1000.0));
  EXPECT_THAT(ParseAmount("1.5E-3"), Optional(0.0015));
  EXPECT_THAT(ParseAmount("0.1"), Optional(0.1));
  EXPECT_THAT(ParseAmount("1e999"), Optional(HUGE_VAL));
}

TEST(ParseAmount, RefusesSignsSpacesHexAndWords) {
  for (const char* text : {"", "-0", "+1", " 5", "5 ", ".", "e3", "1e", "1e+",
                           "0x10", "0x1p4", "inf", "nan", "1_0", "1,5"}) {
    EXPECT_EQ(ParseAmount(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace asyncsim::cli
