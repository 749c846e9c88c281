#include "engine/urandom.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/random.h"
#include "gtest/gtest.h"

namespace asyncsim {
namespace {

TEST(Urandom, IsTheOraclesStreamByteForByte) {
  // python3 -c "import random; print(random.Random(abs(N) * 2**32 +
  //             0x75726E64).randbytes(16).hex())"
  EXPECT_EQ(Urandom(0).Hex(16), "41af7c8da6a040b8bd1b0f9f4d2518d2");
  EXPECT_EQ(Urandom(444).Hex(16), "d8ca10a382546f38c38f7a12c06df8f7");
  EXPECT_EQ(Urandom(-444).Hex(16), "d8ca10a382546f38c38f7a12c06df8f7");
  EXPECT_EQ(Urandom::FromDecimalSeed("18446744073709551616")->Hex(100),
            "ca203aa962cc15108c06a0811f32c9b9f945297cc959ca494a80250f0a084a6b"
            "59582fbb1d3fbef5375dbd1f13114a4e8a531cc9934b9331c47ffec0ef7d43d9"
            "4983cabd1a20ddf554b45213a2ddc03a72d6088ad50a37306f8b01eb5825251d"
            "ec597fb5");
}

TEST(Urandom, DrawsWholeWordsPerCallAsRandbytesDoes) {
  Urandom urandom(444);
  std::string two = urandom.Hex(2);
  std::string three = urandom.Hex(3);
  EXPECT_EQ(two + three, "10a3546f38");
}

TEST(Urandom, GivesAsyncqItsFirstItemForTheDefaultSeed) {
  // tests/golden/asyncq_p2_c5.stdout: "Producer 0 added <d8ca10a338> ..."
  EXPECT_EQ(Urandom(444).Hex(5), "d8ca10a338");
}

TEST(Urandom, IsDeterministicPerSeed) {
  Urandom a(444);
  Urandom b(444);
  EXPECT_EQ(a.Bytes(100), b.Bytes(100));
  EXPECT_EQ(a.Hex(5), b.Hex(5));
}

TEST(Urandom, DiffersBetweenSeeds) {
  std::set<std::string> streams;
  for (int64_t seed : std::vector<int64_t>{0, 1, 2, 444, INT64_MAX}) {
    streams.insert(Urandom(seed).Hex(16));
  }
  EXPECT_EQ(streams.size(), 5u);
}

TEST(Urandom, AgreesAcrossTheWaysOfGivingTheSameInteger) {
  const std::string expected = Urandom(5).Hex(32);
  EXPECT_EQ(Urandom::FromDecimalSeed(" +5 ")->Hex(32), expected);
  EXPECT_EQ(Urandom::FromDecimalSeed("-5")->Hex(32), expected);
  const uint32_t five[] = {5};
  EXPECT_EQ(Urandom::FromSeedWords(five).Hex(32), expected);
}

TEST(Urandom, NeverShiftsTheRandomSequence) {
  Random alone(444);
  Random beside(444);
  Urandom urandom(444);
  std::vector<int64_t> a, b;
  for (int i = 0; i < 100; ++i) {
    a.push_back(*alone.RandInt(0, 10));
    urandom.Bytes(7);
    b.push_back(*beside.RandInt(0, 10));
  }
  EXPECT_EQ(a, b);
}

TEST(Urandom, RejectsBadDecimalSeedText) {
  EXPECT_FALSE(Urandom::FromDecimalSeed("abc").ok());
  EXPECT_FALSE(Urandom::FromDecimalSeed("").ok());
  EXPECT_FALSE(Urandom::FromDecimalSeed("1.5").ok());
}

}  // namespace
}  // namespace asyncsim
