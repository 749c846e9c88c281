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

TEST(Urandom, IsDeterministicPerSeed) {
  Urandom a(444);
  Urandom b(444);
  EXPECT_EQ(a.Bytes(100), b.Bytes(100));
  EXPECT_EQ(a.Hex(5), b.Hex(5));
}

TEST(Urandom, FollowsItsDocumentedConstruction) {
  // Pinned from hashlib (see urandom.h): block 0 of the stream keyed by
  // SHA-512(b"asyncsim/urandom/v1\0" + kind + sign + magnitude bytes).
  EXPECT_EQ(Urandom(0).Hex(16), "1283e984457f210e5ed6099455e940d4");
  EXPECT_EQ(Urandom(444).Hex(16), "632af77f6cb090c67db3efde4506b5be");
  EXPECT_EQ(Urandom(-444).Hex(16), "8153423a19fdf8576db8e49e57a0fc04");
  EXPECT_EQ(Urandom::FromStringSeed("hello").Hex(8), "bdb1c198e224a4ff");
  // 100 bytes span two blocks.
  EXPECT_EQ(Urandom::FromDecimalSeed("18446744073709551616")->Hex(100),
            "5d9a0104eb2b652ea3b8d7b12ebaff3a85d7e3823bd43fab21b3f0fe123fa0c0"
            "cf92cf553d3ee9433925ea3b7dba5d0d31555f1669e1dae4d331f1b574dba02a"
            "fa211272a07d076ab94526b4db042399e5e33361986e874a8d537cc55d9cd314"
            "945557d9");
}

TEST(Urandom, DiffersBetweenSeeds) {
  std::set<std::string> streams;
  for (int64_t seed :
       std::vector<int64_t>{0, 1, -1, 2, 444, -444, INT64_MAX, INT64_MIN}) {
    streams.insert(Urandom(seed).Hex(16));
  }
  streams.insert(Urandom::FromDecimalSeed("18446744073709551616")->Hex(16));
  streams.insert(Urandom::FromStringSeed("444").Hex(16));
  streams.insert(Urandom::FromStringSeed("").Hex(16));
  EXPECT_EQ(streams.size(), 11u);
}

TEST(Urandom, AgreesAcrossTheWaysOfGivingTheSameInteger) {
  const std::string reference = Urandom(5).Hex(32);
  EXPECT_EQ(Urandom(5u).Hex(32), reference);
  EXPECT_EQ(Urandom::FromDecimalSeed(" +5 ")->Hex(32), reference);
  EXPECT_EQ(Urandom::FromSeedWords(false, std::vector<uint32_t>{5, 0}).Hex(32),
            reference);
  EXPECT_EQ(Urandom::FromDecimalSeed("-0")->Hex(32), Urandom(0).Hex(32));
  EXPECT_EQ(Urandom(INT64_MIN).Hex(32),
            Urandom::FromDecimalSeed("-9223372036854775808")->Hex(32));
}

TEST(Urandom, DoesNotDependOnHowTheStreamIsCut) {
  Urandom whole(7);
  Urandom pieces(7);
  const std::string all = whole.Bytes(200);
  std::string joined;
  for (size_t n : {0, 2, 3, 59, 64, 1, 71}) joined += pieces.Bytes(n);
  EXPECT_EQ(joined, all);
}

TEST(Urandom, HexIsTwoLowercaseHexDigitsPerByte) {
  Urandom urandom(12);
  for (size_t n : {0, 1, 5, 64, 65}) {
    const std::string hex = urandom.Hex(n);
    EXPECT_EQ(hex.size(), 2 * n);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos)
        << hex;
  }
}

TEST(Urandom, NeverShiftsTheRandomSequence) {
  Random alone(444);
  Random interleaved(444);
  Urandom urandom(444);
  for (int i = 0; i < 100; ++i) {
    urandom.Bytes(static_cast<size_t>(i));
    EXPECT_EQ(*interleaved.RandInt(0, 10), *alone.RandInt(0, 10));
  }
  // And the other way round: Random draws do not move the byte stream.
  Urandom fresh(444);
  Urandom after_draws(444);
  Random rng(444);
  for (int i = 0; i < 1000; ++i) rng.RandomFloat();
  EXPECT_EQ(after_draws.Hex(16), fresh.Hex(16));
}

TEST(Urandom, RejectsBadDecimalSeedText) {
  absl::StatusOr<Urandom> urandom = Urandom::FromDecimalSeed("12ab");
  ASSERT_FALSE(urandom.ok());
  EXPECT_EQ(urandom.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(urandom.status().message(),
            "invalid literal for int() with base 10: '12ab'");
}

}  // namespace
}  // namespace asyncsim
