#include "engine/internal/sha512.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

std::string ToHex(const Sha512::Digest& digest) {
  std::string out;
  for (uint8_t byte : digest) {
    absl::StrAppend(&out, absl::Hex(byte, absl::kZeroPad2));
  }
  return out;
}

// bytes((i * 7 + 3) & 0xff for i in range(length)), as in the Python below.
std::string Pattern(size_t length) {
  std::string data;
  for (size_t i = 0; i < length; ++i) {
    data.push_back(static_cast<char>((i * 7 + 3) & 0xff));
  }
  return data;
}

// hashlib.sha512(pattern(length)).hexdigest() from CPython, for lengths
// around the 112- and 128-byte padding boundaries.
const std::vector<std::pair<size_t, std::string>>& PatternDigests() {
  static const auto* digests = new std::vector<std::pair<size_t, std::string>>{
      {0,
       "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13"
       "c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
      {3,
       "8853167ab14c043919981a6409307ef68b5b726f4b80dcab259daa24b7cabcb8b4bbfd3"
       "e2e36ed98465059661f672e6529cdcc673e7eabfa78dd3186745b112a"},
      {111,
       "68cffa6d0d76f309c9ce0d35280939f8e25990c43b7b086ccdf709be35b07d4ddba5995"
       "41ff2b1c19d34ea49aeafb9659adb7ac3c0b078bb30a22d57fc6687ef"},
      {112,
       "d0865c524d1dddf7c23b799c413f5adcd7caefd3f66a9b49750ec81066012c25a8bcf94"
       "ddea6dc525691673097ca40e0101e897fc97218cfdb0704084e2bef4b"},
      {113,
       "606314353bd419f9f7720e8297f2af8a9ed5f0bb0bed29b716bf18e34577623ae7effa4"
       "6f496bd4282134e7e895284a4760a910d2ad8ec11e9dd75863058cd9c"},
      {127,
       "e0b6a20f1c0c88970a9340152cd5a1c1ecf3d3b8de55102741879438079473540133b81"
       "2706e5dbec322c8c9523b6fc8c6d16ee626e87ad5fe3d2916afedc369"},
      {128,
       "99b16f17aa0b969a5b8f08f367719d516e330ccd2660b6f0688ec031dbc783de50a1cd1"
       "85a2568dba75070a2403d17d4741d163578515dfd2ff756ddfe4d47b1"},
      {129,
       "a1556e29185778aa5991e34b8884c840d589f0fbb4b8ed590e51e9ac4eb03a008125000"
       "db2671f8fe7f485b59a77b518670078ecb41a54b4cd02a7f1d2ca4c6d"},
      {239,
       "18ee83f30261c3c645d52aee6a209105b25bba39d33845ef48984cc238e4f21661fb7bd"
       "7dd4336f71c40fe87d95e5115d6c7be52e0d3e7e7877d24500b5b58df"},
      {240,
       "9d60ee60d29ec4fa0b9690c04c1c29413bbe3ed345639182d9d53dcc05926b77b04f4fe"
       "c1562fb85182954c96b7cbb5d5e4410251ff4f352d09a2da90419fb13"},
      {1000,
       "00e36fccf193e59697a92b5ab24666ce6326d7fa16bf10832d0991ddc591112e9dfa6a6"
       "36950ed9c4d67344a760654c2ff7785e1d60094d651038735b5dccabd"},
  };
  return *digests;
}

TEST(Sha512, MatchesTheStandardTestVectors) {
  EXPECT_EQ(ToHex(Sha512::Hash("abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(ToHex(Sha512::Hash(std::string(1'000'000, 'a'))),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

TEST(Sha512, MatchesHashlibAroundThePaddingBoundaries) {
  for (const auto& [length, digest] : PatternDigests()) {
    EXPECT_EQ(ToHex(Sha512::Hash(Pattern(length))), digest) << length;
  }
}

TEST(Sha512, GivesTheSameDigestHoweverTheInputIsSplit) {
  const std::string data = Pattern(1000);
  const std::string whole = ToHex(Sha512::Hash(data));
  for (size_t piece : {1, 7, 111, 127, 128, 129, 500}) {
    Sha512 hasher;
    for (size_t at = 0; at < data.size(); at += piece) {
      hasher.Update(std::string_view(data).substr(at, piece));
    }
    EXPECT_EQ(ToHex(hasher.Finish()), whole) << piece;
  }
}

}  // namespace
}  // namespace asyncsim::internal
