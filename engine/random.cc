// Copyright 2026 The asyncsim Authors.

#include "engine/random.h"

#include <cmath>
#include <numbers>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/sha512.h"
#include "engine/python_int.h"

namespace asyncsim {
namespace {

// MT19937 period parameters, as in CPython's _randommodule.c.
constexpr int kN = 624;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

// One step of the twist: the new word from the old word `upper_from`, its
// successor `lower_from`, and the word M places ahead `ahead`.
inline uint32_t TwistWord(uint32_t upper_from, uint32_t lower_from,
                          uint32_t ahead) {
  const uint32_t y = (upper_from & kUpperMask) | (lower_from & kLowerMask);
  return ahead ^ (y >> 1) ^ ((uint32_t{0} - (y & 1U)) & kMatrixA);
}

std::string Int128ToDecimal(__int128 value) {
  const bool negative = value < 0;
  auto magnitude = static_cast<unsigned __int128>(value);
  if (negative) magnitude = -magnitude;
  char digits[48];
  char* end = digits + sizeof(digits);
  char* p = end;
  do {
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  return std::string(p, end);
}

// Python's `a // b` (floor division); b != 0.
__int128 FloorDiv(__int128 a, __int128 b) {
  __int128 quotient = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --quotient;
  return quotient;
}

absl::Status NegativeBitCountError() {
  return absl::InvalidArgumentError("number of bits must be non-negative");
}

}  // namespace

// -----------------------------------------------------------------------------
// The generator and its seeding (CPython's _randommodule.c).
// -----------------------------------------------------------------------------

void Random::Twist() {
  // The loops below are CPython's, split so that the compiler can process
  // four words at a time (trip counts are multiples of 4 where possible).
  int kk = 0;
  for (; kk < 224; ++kk) {  // kN - kM = 227 = 224 + 3
    state_[kk] = TwistWord(state_[kk], state_[kk + 1], state_[kk + kM]);
  }
  for (; kk < kN - kM; ++kk) {
    state_[kk] = TwistWord(state_[kk], state_[kk + 1], state_[kk + kM]);
  }
  for (; kk < kN - 1; ++kk) {  // 396 words, reading words updated above.
    state_[kk] = TwistWord(state_[kk], state_[kk + 1], state_[kk + kM - kN]);
  }
  state_[kN - 1] = TwistWord(state_[kN - 1], state_[0], state_[kM - 1]);

  for (int i = 0; i < kN; ++i) {
    uint32_t y = state_[i];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    output_[i] = y;
  }
  index_ = 0;
}

void Random::InitGenrand(uint32_t seed) {
  state_[0] = seed;
  for (int i = 1; i < kN; ++i) {
    const uint32_t previous = state_[i - 1];
    state_[i] =
        1812433253U * (previous ^ (previous >> 30)) + static_cast<uint32_t>(i);
  }
  index_ = kN;
}

void Random::InitByArray(const uint32_t* key, size_t key_length) {
  InitGenrand(19650218U);
  size_t i = 1;
  size_t j = 0;
  for (size_t k = std::max<size_t>(kN, key_length); k > 0; --k) {
    const uint32_t previous = state_[i - 1];
    state_[i] = (state_[i] ^ ((previous ^ (previous >> 30)) * 1664525U)) +
                key[j] + static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (size_t k = kN - 1; k > 0; --k) {
    const uint32_t previous = state_[i - 1];
    state_[i] = (state_[i] ^ ((previous ^ (previous >> 30)) * 1566083941U)) -
                static_cast<uint32_t>(i);
    ++i;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000U;  // MSB is 1, assuring a non-zero initial array.
}

void Random::SeedMagnitude64(uint64_t magnitude) {
  const uint32_t key[2] = {static_cast<uint32_t>(magnitude),
                           static_cast<uint32_t>(magnitude >> 32)};
  InitByArray(key, key[1] != 0 ? 2 : 1);
  has_gauss_next_ = false;
}

void Random::SeedWords(absl::Span<const uint32_t> magnitude) {
  size_t used = magnitude.size();
  while (used > 0 && magnitude[used - 1] == 0) --used;
  if (used == 0) {
    const uint32_t zero = 0;
    InitByArray(&zero, 1);
  } else {
    InitByArray(magnitude.data(), used);
  }
  has_gauss_next_ = false;
}

void Random::SeedString(std::string_view bytes) {
  const internal::Sha512::Digest digest = internal::Sha512::Hash(bytes);
  std::string data(bytes);
  data.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  SeedWords(MagnitudeFromBigEndianBytes(data));
}

absl::Status Random::SeedDecimal(std::string_view text) {
  absl::StatusOr<PythonInt> seed = ParsePythonInt(text);
  if (!seed.ok()) return seed.status();
  SeedWords(seed->magnitude);
  return absl::OkStatus();
}

absl::StatusOr<Random> Random::FromDecimalSeed(std::string_view text) {
  Random rng;
  absl::Status status = rng.SeedDecimal(text);
  if (!status.ok()) return status;
  return rng;
}

Random Random::FromSeedWords(absl::Span<const uint32_t> magnitude) {
  Random rng;
  rng.SeedWords(magnitude);
  return rng;
}

Random Random::FromStringSeed(std::string_view bytes) {
  Random rng;
  rng.SeedString(bytes);
  return rng;
}

// -----------------------------------------------------------------------------
// Bits and bytes.
// -----------------------------------------------------------------------------

absl::StatusOr<uint64_t> Random::GetRandBits(int k) {
  if (k < 0) return NegativeBitCountError();
  if (k > 64) {
    return absl::UnimplementedError(absl::StrCat(
        "GetRandBits(", k, ") does not fit in 64 bits; use GetRandBitsWords"));
  }
  if (k == 0) return uint64_t{0};
  if (k <= 32) return uint64_t{NextUint32() >> (32 - k)};
  const uint64_t low = NextUint32();
  const uint64_t high = NextUint32() >> (64 - k);
  return (high << 32) | low;
}

absl::StatusOr<std::vector<uint32_t>> Random::GetRandBitsWords(int k) {
  if (k < 0) return NegativeBitCountError();
  std::vector<uint32_t> words((static_cast<size_t>(k) + 31) / 32);
  // Least significant word first; the last keeps the top bits of its draw.
  int remaining = k;
  for (uint32_t& word : words) {
    uint32_t r = NextUint32();
    if (remaining < 32) r >>= 32 - remaining;
    word = r;
    remaining -= 32;
  }
  return words;
}

absl::StatusOr<std::string> Random::GetRandBitsDecimal(int k) {
  absl::StatusOr<std::vector<uint32_t>> words = GetRandBitsWords(k);
  if (!words.ok()) return words.status();
  return MagnitudeToDecimal(*words);
}

std::string Random::RandBytes(size_t n) {
  // getrandbits(8 * n).to_bytes(n, "little").
  std::string bytes;
  bytes.reserve(n);
  size_t remaining_bits = 8 * n;
  while (remaining_bits > 0) {
    uint32_t r = NextUint32();
    if (remaining_bits < 32) r >>= 32 - remaining_bits;
    const size_t take = std::min<size_t>(4, remaining_bits / 8);
    for (size_t i = 0; i < take; ++i) {
      bytes.push_back(static_cast<char>(r >> (8 * i)));
    }
    remaining_bits -= 8 * take;
  }
  return bytes;
}

// -----------------------------------------------------------------------------
// Integers.
// -----------------------------------------------------------------------------

uint64_t Random::RandBelowWide(unsigned __int128 n) {
  // getrandbits(k) for 64 < k <= 96: three words, least significant first,
  // the last keeping its top k - 64 bits.
  const auto high_part = static_cast<uint64_t>(n >> 64);
  assert(high_part != 0 && high_part < (uint64_t{1} << 32));
  const int k = 64 + std::bit_width(high_part);
  assert(n <= (static_cast<unsigned __int128>(1) << 64));
  unsigned __int128 r;
  do {
    const unsigned __int128 w0 = NextUint32();
    const unsigned __int128 w1 = NextUint32();
    const unsigned __int128 w2 = NextUint32() >> (96 - k);
    r = (w2 << 64) | (w1 << 32) | w0;
  } while (r >= n);
  return static_cast<uint64_t>(r);
}

absl::StatusOr<int64_t> Random::RandRange(int64_t stop) {
  if (stop > 0) return static_cast<int64_t>(RandBelow(stop));
  return absl::InvalidArgumentError("empty range for randrange()");
}

absl::StatusOr<int64_t> Random::RandRangeGeneral(__int128 start, __int128 stop,
                                                 __int128 step) {
  // Mirrors Random.randrange in CPython's Lib/random.py. All arguments come
  // from int64 values, so widths stay below 2^65 and nothing overflows.
  auto rand_below = [this](__int128 n) -> unsigned __int128 {
    const auto un = static_cast<unsigned __int128>(n);
    if (un <= UINT64_MAX) return RandBelow(static_cast<uint64_t>(un));
    return RandBelowWide(un);
  };
  const __int128 width = stop - start;
  if (step == 1) {
    if (width > 0) {
      return static_cast<int64_t>(start +
                                  static_cast<__int128>(rand_below(width)));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "empty range for randrange() (", Int128ToDecimal(start), ", ",
        Int128ToDecimal(stop), ", ", Int128ToDecimal(width), ")"));
  }
  __int128 n;
  if (step > 0) {
    n = FloorDiv(width + step - 1, step);
  } else if (step < 0) {
    n = FloorDiv(width + step + 1, step);
  } else {
    return absl::InvalidArgumentError("zero step for randrange()");
  }
  if (n <= 0) return absl::InvalidArgumentError("empty range for randrange()");
  return static_cast<int64_t>(start +
                              step * static_cast<__int128>(rand_below(n)));
}

// -----------------------------------------------------------------------------
// Floats.
// -----------------------------------------------------------------------------

double Random::Gauss(double mu, double sigma) {
  double z;
  if (has_gauss_next_) {
    z = gauss_next_;
    has_gauss_next_ = false;
  } else {
    constexpr double kTwoPi = 2.0 * std::numbers::pi;  // math.tau
    const double x2pi = RandomFloat() * kTwoPi;
    const double g2rad = std::sqrt(-2.0 * std::log(1.0 - RandomFloat()));
    z = std::cos(x2pi) * g2rad;
    gauss_next_ = std::sin(x2pi) * g2rad;
    has_gauss_next_ = true;
  }
  return mu + z * sigma;
}

// -----------------------------------------------------------------------------
// Sequences.
// -----------------------------------------------------------------------------

absl::StatusOr<std::vector<size_t>> Random::SampleIndices(size_t n, int64_t k) {
  if (k < 0 || static_cast<uint64_t>(k) > n) {
    return absl::InvalidArgumentError(
        "Sample larger than population or is negative");
  }
  const auto count = static_cast<size_t>(k);
  std::vector<size_t> result(count);

  // CPython picks a pool (list) when it is smaller than a set of k items:
  //   setsize = 21; if k > 5: setsize += 4 ** ceil(log(k * 3, 4))
  uint64_t setsize = 21;
  if (count > 5) {
    const double exponent =
        std::ceil(std::log(static_cast<double>(count) * 3.0) / std::log(4.0));
    if (exponent >= 31) {
      setsize = UINT64_MAX;  // Beyond any population that fits in memory.
    } else {
      setsize += uint64_t{1} << (2 * static_cast<int>(exponent));
    }
  }

  if (n <= setsize) {
    // Invariant: the non-selected indices are pool[0 : n - i].
    std::vector<size_t> pool(n);
    std::iota(pool.begin(), pool.end(), size_t{0});
    for (size_t i = 0; i < count; ++i) {
      const uint64_t j = RandBelow(n - i);
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];
    }
  } else {
    absl::flat_hash_set<size_t> selected;
    selected.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      uint64_t j = RandBelow(n);
      while (selected.contains(j)) j = RandBelow(n);
      selected.insert(j);
      result[i] = j;
    }
  }
  return result;
}

}  // namespace asyncsim
