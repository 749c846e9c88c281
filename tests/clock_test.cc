#include "engine/clock.h"

#include <cstdint>
#include <limits>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace asyncsim {
namespace {

TEST(VirtualClock, StartsAtItsOriginAndOnlyMovesWhenTold) {
  VirtualClock clock;
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
  clock.BlockingSleep(absl::Seconds(1));
  clock.BlockingSleep(absl::Milliseconds(500));
  EXPECT_EQ(clock.Now() - absl::UnixEpoch(), absl::Milliseconds(1500));
  EXPECT_EQ(clock.NowNanos(), 1500000000);
}

TEST(VirtualClock, ANegativeBlockingSleepDoesNothing) {
  VirtualClock clock;
  clock.BlockingSleep(absl::Seconds(-3));
  EXPECT_EQ(clock.NowNanos(), 0);
}

TEST(VirtualClock, AddsWithoutFloatingPointDrift) {
  VirtualClock clock;
  for (int i = 0; i < 10; ++i) clock.BlockingSleep(absl::Seconds(0.1));
  EXPECT_EQ(clock.NowNanos(), 1000000000);
  EXPECT_EQ(clock.Seconds(), 1.0);
}

TEST(VirtualClock, ConversionsSaturateInsteadOfOverflowing) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(ToTicks(absl::InfiniteDuration()), kMax);
  EXPECT_EQ(SaturatingAdd(kMax - 1, 5), kMax);
  EXPECT_EQ(SaturatingAdd(3, 4), 7);
}

}  // namespace
}  // namespace asyncsim
