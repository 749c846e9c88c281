#include "engine/random.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr char kVectorsPath[] = "tests/data/random_vectors.txt";

// -----------------------------------------------------------------------------
// Helpers: CPython's spelling of results.
// -----------------------------------------------------------------------------

// Python's float.hex().
std::string PythonFloatHex(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  const auto bits = std::bit_cast<uint64_t>(x);
  const char* sign = (bits >> 63) != 0 ? "-" : "";
  const int biased_exponent = static_cast<int>((bits >> 52) & 0x7ff);
  const uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
  if (biased_exponent == 0 && mantissa == 0) {
    return absl::StrCat(sign, "0x0.0p+0");
  }
  const int lead = biased_exponent == 0 ? 0 : 1;
  const int exponent = biased_exponent == 0 ? -1022 : biased_exponent - 1023;
  return absl::StrFormat("%s0x%d.%013xp%+d", sign, lead, mantissa, exponent);
}

double ParseDouble(const std::string& text) {
  return std::strtod(text.c_str(), nullptr);  // Reads hex floats exactly.
}

int64_t ParseInt64(const std::string& text) {
  int64_t value = 0;
  EXPECT_TRUE(absl::SimpleAtoi(text, &value)) << text;
  return value;
}

std::string Hex(std::string_view bytes) {
  if (bytes.empty()) return "-";
  std::string out;
  for (char c : bytes) {
    absl::StrAppend(&out,
                    absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  if (hex == "-") return "";
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(
        std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

template <typename T>
std::string Items(const std::vector<T>& items) {
  return items.empty() ? "-" : absl::StrJoin(items, " ");
}

// The Python exception a status stands for, as the vectors spell it.
std::string PythonError(const absl::Status& status) {
  std::string type;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      type = "ValueError";
      break;
    case absl::StatusCode::kOutOfRange:
      type = "IndexError";
      break;
    default:
      type =
          absl::StrCat("Unexpected", absl::StatusCodeToString(status.code()));
  }
  return absl::StrCat("! ", type, ": ", status.message());
}

template <typename T, typename Format>
std::string Outcome(const absl::StatusOr<T>& result, Format format) {
  if (!result.ok()) return PythonError(result.status());
  return absl::StrCat("-> ", format(*result));
}

std::string Decimal(int64_t value) { return absl::StrCat(value); }

std::vector<int64_t> ChoicePopulation(int64_t n) {
  std::vector<int64_t> population(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) population[i] = 10 * i + 7;
  return population;
}

// -----------------------------------------------------------------------------
// Replaying tests/data/random_vectors.txt (see tools/gen_random_vectors.py).
// -----------------------------------------------------------------------------

struct VectorLine {
  int number;
  std::string call;      // "randint 0 10"
  std::string expected;  // "-> 4" or "! ValueError: ..."
};

std::vector<VectorLine> ReadVectors() {
  std::ifstream in(kVectorsPath);
  EXPECT_TRUE(in.good()) << "cannot open " << kVectorsPath;
  std::vector<VectorLine> lines;
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty() || text[0] == '#') continue;
    VectorLine line{number, text, ""};
    for (std::string_view separator : {" -> ", " ! "}) {
      const size_t at = text.find(separator);
      if (at != std::string::npos) {
        line.call = text.substr(0, at);
        line.expected = text.substr(at + 1);
        break;
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// Performs one recorded call on `rng` and spells the outcome as the vectors
// do. Where two C++ forms exist (e.g. GetRandBits and GetRandBitsWords), the
// other form runs on a copy and must agree.
std::string Replay(Random& rng, const std::string& call) {
  const std::vector<std::string> t = absl::StrSplit(call, ' ');
  const std::string& op = t[0];
  if (op == "getrandbits") {
    const int k = static_cast<int>(ParseInt64(t[1]));
    if (k <= 64) {
      Random copy = rng;
      std::string narrow = Outcome(copy.GetRandBits(k),
                                   [](uint64_t v) { return absl::StrCat(v); });
      std::string wide = Outcome(rng.GetRandBitsDecimal(k),
                                 [](const std::string& v) { return v; });
      EXPECT_EQ(narrow, wide) << call;
      EXPECT_TRUE(copy == rng) << call;
      return wide;
    }
    return Outcome(rng.GetRandBitsDecimal(k),
                   [](const std::string& v) { return v; });
  }
  if (op == "randbytes") {
    return "-> " + Hex(rng.RandBytes(static_cast<size_t>(ParseInt64(t[1]))));
  }
  if (op == "randbelow") {
    uint64_t n = 0;
    if (absl::SimpleAtoi(t[1], &n))
      return absl::StrCat("-> ", rng.RandBelow(n));
    // 2^64: randbelow(2**64) is randint(-2**63, 2**63 - 1) + 2**63.
    EXPECT_EQ(t[1], "18446744073709551616");
    absl::StatusOr<int64_t> r = rng.RandInt(INT64_MIN, INT64_MAX);
    return absl::StrCat("-> ", static_cast<uint64_t>(*r) - (uint64_t{1} << 63));
  }
  if (op == "randrange" && t.size() == 2) {
    return Outcome(rng.RandRange(ParseInt64(t[1])), Decimal);
  }
  if (op == "randrange" && t.size() == 3) {
    return Outcome(rng.RandRange(ParseInt64(t[1]), ParseInt64(t[2])), Decimal);
  }
  if (op == "randrange" && t.size() == 4) {
    return Outcome(
        rng.RandRange(ParseInt64(t[1]), ParseInt64(t[2]), ParseInt64(t[3])),
        Decimal);
  }
  if (op == "randint") {
    return Outcome(rng.RandInt(ParseInt64(t[1]), ParseInt64(t[2])), Decimal);
  }
  if (op == "random") return "-> " + PythonFloatHex(rng.RandomFloat());
  if (op == "uniform") {
    return "-> " +
           PythonFloatHex(rng.Uniform(ParseDouble(t[1]), ParseDouble(t[2])));
  }
  if (op == "gauss") {
    return "-> " +
           PythonFloatHex(rng.Gauss(ParseDouble(t[1]), ParseDouble(t[2])));
  }
  if (op == "choice") {
    return Outcome(rng.Choice(ChoicePopulation(ParseInt64(t[1]))), Decimal);
  }
  if (op == "shuffle") {
    std::vector<int> items(static_cast<size_t>(ParseInt64(t[1])));
    std::iota(items.begin(), items.end(), 0);
    rng.Shuffle(items);
    return "-> " + Items(items);
  }
  if (op == "sample") {
    const auto n = static_cast<size_t>(ParseInt64(t[1]));
    const int64_t k = ParseInt64(t[2]);
    std::vector<int> population(n);
    std::iota(population.begin(), population.end(), 0);
    Random copy = rng;
    std::string indices = Outcome(copy.SampleIndices(n, k),
                                  [](const auto& v) { return Items(v); });
    std::string items = Outcome(rng.Sample(population, k),
                                [](const auto& v) { return Items(v); });
    EXPECT_EQ(indices, items) << call;
    EXPECT_TRUE(copy == rng) << call;
    return items;
  }
  ADD_FAILURE() << "unknown call in " << kVectorsPath << ": " << call;
  return "";
}

TEST(Random, ReproducesEveryCallRecordedFromCPython) {
  const std::vector<VectorLine> lines = ReadVectors();
  ASSERT_GT(lines.size(), 7000u);
  std::optional<Random> rng;
  int calls = 0;
  int mismatches = 0;
  for (const VectorLine& line : lines) {
    if (line.call.starts_with("seed ")) {
      const std::vector<std::string> t = absl::StrSplit(line.call, ' ');
      ASSERT_EQ(t.size(), 3u) << "line " << line.number;
      // One generator throughout, reseeded like CPython's `r.seed(...)`.
      if (!rng.has_value()) rng.emplace(0);
      if (t[1] == "int") {
        ASSERT_TRUE(rng->SeedDecimal(t[2]).ok()) << "line " << line.number;
      } else {
        rng->SeedString(Unhex(t[2]));
      }
      continue;
    }
    ASSERT_TRUE(rng.has_value()) << "a call before the first seed";
    ++calls;
    const std::string actual = Replay(*rng, line.call);
    if (actual != line.expected) {
      ADD_FAILURE() << kVectorsPath << ":" << line.number << ": " << line.call
                    << "\n  CPython:  " << line.expected
                    << "\n  asyncsim: " << actual;
      // Once the sequences diverge every later line differs too.
      if (++mismatches == 10) break;
    }
  }
  EXPECT_GT(calls, 7000);
}

// -----------------------------------------------------------------------------
// Seeding.
// -----------------------------------------------------------------------------

TEST(Random, TheFirstRandIntsForSeed444MatchCPython) {
  Random rng(444);
  std::vector<int64_t> draws;
  for (int i = 0; i < 20; ++i) draws.push_back(*rng.RandInt(0, 10));
  // [random.Random(444).randint(0, 10) for _ in range(20)]
  EXPECT_THAT(draws, ElementsAreArray({4, 4, 0, 4, 7, 4, 4, 8, 10, 7,
                                       8, 4, 7, 1, 6, 9, 3, 9, 7,  10}));
}

TEST(Random, SeedZeroGivesCPythonsFirstFloats) {
  Random rng(0);
  EXPECT_EQ(PythonFloatHex(rng.RandomFloat()), "0x1.b0580f98a7dbep-1");
  EXPECT_EQ(PythonFloatHex(rng.RandomFloat()), "0x1.84129978f9c1ap-1");
}

TEST(Random, SeedingWithANegativeIntegerUsesItsAbsoluteValue) {
  EXPECT_TRUE(Random(-5) == Random(5));
  EXPECT_TRUE(Random(int64_t{-444}) == Random(uint64_t{444}));
  Random rng(-5);
  EXPECT_EQ(*rng.GetRandBits(32), 2675342405u);  // random.Random(-5)
}

TEST(Random, SeedingWithInt64MinUsesTwoToThe63) {
  EXPECT_TRUE(Random(INT64_MIN) ==
              *Random::FromDecimalSeed("9223372036854775808"));
  EXPECT_TRUE(Random(INT64_MIN) ==
              Random::FromSeedWords(std::vector<uint32_t>{0, 0x80000000u}));
}

TEST(Random, EveryWayOfGivingTheSameIntegerSeedsAlike) {
  const Random reference(5);
  EXPECT_TRUE(Random(static_cast<short>(5)) == reference);
  EXPECT_TRUE(Random(5u) == reference);
  EXPECT_TRUE(Random(uint64_t{5}) == reference);
  EXPECT_TRUE(*Random::FromDecimalSeed("5") == reference);
  EXPECT_TRUE(Random::FromSeedWords(std::vector<uint32_t>{5}) == reference);
  // Most significant zero words do not count, as CPython uses the fewest.
  EXPECT_TRUE(Random::FromSeedWords(std::vector<uint32_t>{5, 0, 0}) ==
              reference);
  Random reseeded(99);
  reseeded.Seed(5);
  EXPECT_TRUE(reseeded == reference);

  EXPECT_TRUE(Random::FromSeedWords({}) == Random(0));
  EXPECT_TRUE(Random(uint64_t{1} << 32) ==
              Random::FromSeedWords(std::vector<uint32_t>{0, 1}));
}

TEST(Random, SeedsBeyond64BitsSplitIntoLittleEndianWords) {
  // 2**64 + 1 is the words {1, 0, 1}.
  Random rng = *Random::FromDecimalSeed("18446744073709551617");
  EXPECT_TRUE(rng == Random::FromSeedWords(std::vector<uint32_t>{1, 0, 1}));
  EXPECT_EQ(*rng.GetRandBits(64), 15809833187482066069u);
  // 10**30, as the CLI hands it over.
  Random big = *Random::FromDecimalSeed("1000000000000000000000000000000");
  EXPECT_EQ(*big.RandRange(-1'000'000'000, 1'000'000'000, 7), 838290951);
}

TEST(Random, StringSeedsHashTheirBytesAsCPythonsVersion2Does) {
  Random rng = Random::FromStringSeed("hello");
  EXPECT_EQ(*rng.RandInt(1, 1000), 363);  // random.Random("hello")
}

TEST(Random, DecimalSeedsAcceptWhatPythonsIntAccepts) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {" 12 ", 12}, {"1_000", 1000}, {"+5", 5},  {"-0", 0},
      {"007", 7},   {"\t-3\n", 3},   {"0_0", 0}, {"\v\f\r1\r", 1},
  };
  for (const auto& [text, value] : cases) {
    absl::StatusOr<Random> rng = Random::FromDecimalSeed(text);
    ASSERT_TRUE(rng.ok()) << text << ": " << rng.status();
    EXPECT_TRUE(*rng == Random(value)) << text;
  }
}

TEST(Random, DecimalSeedsRejectWhatPythonsIntRejectsWithItsMessage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1__0", "'1__0'"}, {"_1", "'_1'"},
      {"1_", "'1_'"},     {"", "''"},
      {" ", "' '"},       {"0x10", "'0x10'"},
      {"1e5", "'1e5'"},   {"12\x1c", "'12\\x1c'"},
      {"+-1", "'+-1'"},   {"- 1", "'- 1'"},
      {"1.0", "'1.0'"},   {"it's", "\"it's\""},
  };
  for (const auto& [text, repr] : cases) {
    absl::StatusOr<Random> rng = Random::FromDecimalSeed(text);
    ASSERT_FALSE(rng.ok()) << text;
    EXPECT_EQ(rng.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(rng.status().message(),
              "invalid literal for int() with base 10: " + repr);
  }
  // Python also reads non-ASCII digits; asyncsim rejects them.
  EXPECT_FALSE(Random::FromDecimalSeed("\xd9\xa1\xd9\xa2").ok());  // "١٢"
}

TEST(Random, AFailedReseedLeavesTheGeneratorAsItWas) {
  Random rng(7);
  const Random before = rng;
  EXPECT_FALSE(rng.SeedDecimal("seven").ok());
  EXPECT_TRUE(rng == before);
}

TEST(Random, ReseedingDropsTheCachedGaussValue) {
  Random rng(9);
  const double first = rng.Gauss();
  rng.Seed(9);  // gauss_next would otherwise be returned next.
  EXPECT_EQ(rng.Gauss(), first);
}

TEST(Random, GaussReturnsTheCachedValueAcrossOtherCalls) {
  Random a(9);
  Random b(9);
  a.Gauss();
  b.Gauss();
  b.RandomFloat();  // Does not touch the cached second value.
  const double second = a.Gauss();
  EXPECT_EQ(b.Gauss(), second);
}

// -----------------------------------------------------------------------------
// Bits, integers and errors.
// -----------------------------------------------------------------------------

TEST(Random, GetRandBitsFormsAgreeForWidthsUpTo64) {
  for (int k = 0; k <= 64; ++k) {
    Random a(k);
    Random b(k);
    const uint64_t narrow = *a.GetRandBits(k);
    const std::vector<uint32_t> words = *b.GetRandBitsWords(k);
    uint64_t wide = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      wide |= uint64_t{words[i]} << (32 * i);
    }
    EXPECT_EQ(narrow, wide) << k;
    EXPECT_EQ(words.size(), static_cast<size_t>((k + 31) / 32));
    if (k < 64) {
      EXPECT_LT(narrow, uint64_t{1} << k);
    }
  }
}

TEST(Random, GetRandBitsAbove64BitsPointsToTheWordsForm) {
  Random rng(1);
  const Random before = rng;
  absl::StatusOr<uint64_t> bits = rng.GetRandBits(65);
  EXPECT_EQ(bits.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(bits.status().message(), HasSubstr("GetRandBitsWords"));
  EXPECT_TRUE(rng == before);
}

TEST(Random, ErrorsCarryCPythonsExceptionAndDrawNothing) {
  Random rng(3);
  const Random before = rng;
  EXPECT_EQ(PythonError(rng.RandRange(5, 5).status()),
            "! ValueError: empty range for randrange() (5, 5, 0)");
  EXPECT_EQ(PythonError(rng.RandInt(5, 3).status()),
            "! ValueError: empty range for randrange() (5, 4, -1)");
  EXPECT_EQ(PythonError(rng.RandRange(0).status()),
            "! ValueError: empty range for randrange()");
  EXPECT_EQ(PythonError(rng.RandRange(0, 10, 0).status()),
            "! ValueError: zero step for randrange()");
  EXPECT_EQ(PythonError(rng.RandRange(10, 0, 2).status()),
            "! ValueError: empty range for randrange()");
  EXPECT_EQ(PythonError(rng.RandRange(INT64_MAX, INT64_MIN).status()),
            "! ValueError: empty range for randrange() (9223372036854775807, "
            "-9223372036854775808, -18446744073709551615)");
  EXPECT_EQ(PythonError(rng.Choice(std::vector<int>{}).status()),
            "! IndexError: Cannot choose from an empty sequence");
  EXPECT_EQ(PythonError(rng.Sample(std::vector<int>{1, 2, 3}, 4).status()),
            "! ValueError: Sample larger than population or is negative");
  EXPECT_EQ(PythonError(rng.SampleIndices(3, -1).status()),
            "! ValueError: Sample larger than population or is negative");
  EXPECT_EQ(PythonError(rng.GetRandBits(-1).status()),
            "! ValueError: number of bits must be non-negative");
  EXPECT_EQ(PythonError(rng.GetRandBitsWords(-1).status()),
            "! ValueError: number of bits must be non-negative");
  EXPECT_TRUE(rng == before);
}

TEST(Random, RandIntCoversTheFullInt64Range) {
  Random rng(11);
  bool saw_negative = false;
  bool saw_positive = false;
  for (int i = 0; i < 64; ++i) {
    const int64_t v = *rng.RandInt(INT64_MIN, INT64_MAX);
    saw_negative |= v < 0;
    saw_positive |= v > 0;
  }
  EXPECT_TRUE(saw_negative && saw_positive);
  EXPECT_EQ(*rng.RandInt(INT64_MAX, INT64_MAX), INT64_MAX);
  EXPECT_EQ(*rng.RandInt(INT64_MIN, INT64_MIN), INT64_MIN);
  EXPECT_EQ(*rng.RandRange(INT64_MIN, INT64_MIN + 1), INT64_MIN);
  for (int i = 0; i < 32; ++i) {
    const int64_t v = *rng.RandRange(INT64_MAX, INT64_MIN, -(int64_t{1} << 62));
    // INT64_MAX - i * 2^62 for i in 0..3.
    const uint64_t below_max =
        static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(v);
    EXPECT_EQ(below_max % (uint64_t{1} << 62), 0u) << v;
    EXPECT_LT(below_max >> 62, 4u) << v;
  }
}

TEST(Random, RandBytesAreGetRandBitsInLittleEndianOrder) {
  Random a(21);
  Random b(21);
  const std::string bytes = a.RandBytes(7);
  const std::vector<uint32_t> words = *b.GetRandBitsWords(56);
  ASSERT_EQ(bytes.size(), 7u);
  for (size_t i = 0; i < bytes.size(); ++i) {
    EXPECT_EQ(static_cast<unsigned char>(bytes[i]),
              (words[i / 4] >> (8 * (i % 4))) & 0xff)
        << i;
  }
  EXPECT_EQ(a.RandBytes(0), "");
}

// -----------------------------------------------------------------------------
// Sequences.
// -----------------------------------------------------------------------------

TEST(Random, SequenceFunctionsTakeAnyRandomAccessRange) {
  Random rng(5);
  const std::array<std::string, 3> names = {"a", "b", "c"};
  absl::StatusOr<std::string> name = rng.Choice(names);
  ASSERT_TRUE(name.ok());
  EXPECT_THAT(*name, ::testing::AnyOf("a", "b", "c"));

  std::string letters = "abcdef";
  rng.Shuffle(letters);
  std::string sorted = letters;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, "abcdef");

  const int raw[] = {1, 2, 3, 4};
  absl::StatusOr<std::vector<int>> picked =
      rng.Sample(absl::MakeConstSpan(raw), 4);
  ASSERT_TRUE(picked.ok());
  std::sort(picked->begin(), picked->end());
  EXPECT_THAT(*picked, ElementsAre(1, 2, 3, 4));

  // Same draws whatever the container: choice over a span of a vector.
  std::vector<int> values = {10, 20, 30, 40, 50};
  Random a(8);
  Random b(8);
  EXPECT_EQ(*a.Choice(values), *b.Choice(absl::MakeConstSpan(values)));
}

// -----------------------------------------------------------------------------
// Values and threads.
// -----------------------------------------------------------------------------

TEST(Random, CopiesDrawIndependently) {
  Random a(12);
  a.RandomFloat();
  Random b = a;
  const double from_a = a.RandomFloat();
  EXPECT_EQ(b.RandomFloat(), from_a);
  a.RandInt(0, 10).IgnoreError();
  EXPECT_FALSE(a == b);
}

TEST(Random, GeneratorsOnTwoThreadsDoNotInterfere) {
  auto draw = [](int seed) {
    Random rng(seed);
    std::vector<int64_t> out;
    for (int i = 0; i < 20000; ++i) out.push_back(*rng.RandInt(0, 10));
    return out;
  };
  const std::vector<int64_t> expected_1 = draw(1);
  const std::vector<int64_t> expected_2 = draw(2);
  std::vector<int64_t> got_1;
  std::vector<int64_t> got_2;
  std::thread t1([&] { got_1 = draw(1); });
  std::thread t2([&] { got_2 = draw(2); });
  t1.join();
  t2.join();
  EXPECT_EQ(got_1, expected_1);
  EXPECT_EQ(got_2, expected_2);
}

}  // namespace
}  // namespace asyncsim
