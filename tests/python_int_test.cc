#include "engine/internal/python_int.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim::internal {
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

}  // namespace
}  // namespace asyncsim::internal
