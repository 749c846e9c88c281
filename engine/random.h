// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: random.h
// -----------------------------------------------------------------------------
//
// `Random` reproduces CPython 3.11's `random.Random` bit for bit: the same
// MT19937 generator, seeded the same way, and the same derived functions, so
// that a replayed program draws exactly the numbers CPython would draw.
//
//   CPython                        asyncsim::Random
//   Random(n) / seed(n), int n     Random(n), Seed(n), FromDecimalSeed(text),
//                                  FromSeedWords(|n| as 32-bit words)
//   seed(str or bytes), version 2  FromStringSeed(bytes), SeedString(bytes)
//   getrandbits(k)                 GetRandBits(k) (k <= 64),
//                                  GetRandBitsWords(k), GetRandBitsDecimal(k)
//   randbytes(n)                   RandBytes(n)
//   _randbelow(n)                  RandBelow(n)
//   randrange(...), randint(a, b)  RandRange(...), RandInt(a, b)
//   random()                       RandomFloat()
//   uniform(a, b), gauss(mu, s)    Uniform(a, b), Gauss(mu, s)
//   choice, shuffle, sample        Choice, Shuffle, Sample / SampleIndices
//
// Guarantees:
//   * Same seed, same calls in the same order: the same results as CPython
//     3.11, doubles included bit for bit (`Gauss` relies on the C library's
//     `log`, `sqrt`, `cos` and `sin`, which CPython calls too; glibc's
//     `sincos`, which g++ may fuse them into, gives the same values).
//   * Seeding from an integer uses its absolute value, split into 32-bit
//     words least significant first (zero is one word 0), fed to
//     `init_by_array`, as `random.seed(int)` does. Seeding resets `Gauss`'s
//     cached second value, as `seed()` resets `gauss_next`.
//   * The 624-word state lives inline (with its 624 tempered outputs, about
//     5 KB in all) and is regenerated 624 words at a time, so a draw is
//     mostly a load. Drawing never allocates (only the functions returning
//     vectors or strings do, for their result).
//   * No global state: a `Random` is a plain copyable value, one per thread
//     or per simulated program.
//
// Errors: where CPython raises for an argument, the function returns an
// `absl::Status` (or `absl::StatusOr`) whose message is CPython's exception
// text, e.g. "empty range for randrange() (5, 5, 0)", and whose code names
// the exception: `kInvalidArgument` for `ValueError`, `kOutOfRange` for
// `IndexError`. A failing call draws nothing. The one error CPython does not
// have is `GetRandBits(k)` with k > 64 (`kUnimplemented`: use
// `GetRandBitsWords`). `RandBelow(0)` is a precondition violation (CPython's
// `_randbelow(0)` never returns).
//
// Range limits: `RandRange` and `RandInt` take and return `int64_t`. Every
// int64 argument is handled exactly, including the widest ranges:
// `RandInt(INT64_MIN, INT64_MAX)` draws like `randint(-2**63, 2**63 - 1)`
// (`getrandbits(65)` with rejection). Python ints beyond int64 are out of
// scope. Seeds have no size limit.
//
// Example:
//
//   asyncsim::Random rng(444);                    // random.seed(444)
//   int64_t die = rng.RandInt(1, 6).value();      // random.randint(1, 6)
//   double x = rng.RandomFloat();                 // random.random()
//   absl::StatusOr<int64_t> bad = rng.RandRange(5, 5);
//   // bad.status().message() == "empty range for randrange() (5, 5, 0)"

#ifndef ASYNCSIM_ENGINE_RANDOM_H_
#define ASYNCSIM_ENGINE_RANDOM_H_

#include <array>
#include <bit>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace asyncsim {

class Random {
 public:
  // ---------------------------------------------------------------------------
  // Seeding
  // ---------------------------------------------------------------------------

  // `random.Random(seed)` for any C++ integer type; negative seeds use their
  // absolute value (INT64_MIN included).
  template <std::integral T>
  explicit Random(T seed) {
    Seed(seed);
  }

  // `random.Random(int(text))`: `text` is a decimal integer of any length, as
  // Python's `int()` reads it (surrounding ASCII whitespace, a sign,
  // underscores between digits). Otherwise `kInvalidArgument` with CPython's
  // message "invalid literal for int() with base 10: '...'".
  static absl::StatusOr<Random> FromDecimalSeed(std::string_view text);

  // Seeds from |n| given as 32-bit words, least significant first. Most
  // significant zero words are ignored (as CPython uses the fewest words);
  // an empty span is zero.
  static Random FromSeedWords(absl::Span<const uint32_t> magnitude);

  // `random.Random(s)` for a str or bytes `s` (seed version 2): the integer
  // `int.from_bytes(s + sha512(s).digest(), "big")`. Pass a str as its UTF-8
  // bytes, as CPython encodes it.
  static Random FromStringSeed(std::string_view bytes);

  // `seed(...)` on an existing generator: the same as constructing anew.
  template <std::integral T>
  void Seed(T seed) {
    uint64_t magnitude = static_cast<uint64_t>(seed);
    if constexpr (std::is_signed_v<T>) {
      if (seed < 0) magnitude = uint64_t{0} - magnitude;
    }
    SeedMagnitude64(magnitude);
  }
  void SeedWords(absl::Span<const uint32_t> magnitude);
  void SeedString(std::string_view bytes);
  // On error the generator is left as it was.
  absl::Status SeedDecimal(std::string_view text);

  // Equal generators draw the same values from here on.
  friend bool operator==(const Random& a, const Random& b) {
    return a.index_ == b.index_ && a.state_ == b.state_ &&
           a.has_gauss_next_ == b.has_gauss_next_ &&
           (!a.has_gauss_next_ || std::bit_cast<uint64_t>(a.gauss_next_) ==
                                      std::bit_cast<uint64_t>(b.gauss_next_));
  }

  // ---------------------------------------------------------------------------
  // Bits and bytes
  // ---------------------------------------------------------------------------

  // `getrandbits(k)` for 0 <= k <= 64. k < 0: `kInvalidArgument`, "number of
  // bits must be non-negative"; k > 64: `kUnimplemented`.
  absl::StatusOr<uint64_t> GetRandBits(int k);

  // `getrandbits(k)` for any k >= 0, as (k + 31) / 32 words, least significant
  // first (empty for k == 0).
  absl::StatusOr<std::vector<uint32_t>> GetRandBitsWords(int k);

  // `str(getrandbits(k))`.
  absl::StatusOr<std::string> GetRandBitsDecimal(int k);

  // `randbytes(n)`.
  std::string RandBytes(size_t n);

  // ---------------------------------------------------------------------------
  // Integers
  // ---------------------------------------------------------------------------

  // `_randbelow(n)`: uniform in [0, n) by rejection sampling on
  // `getrandbits(n.bit_length())`. Requires n > 0.
  uint64_t RandBelow(uint64_t n);

  // `randrange(stop)`. stop <= 0: "empty range for randrange()".
  absl::StatusOr<int64_t> RandRange(int64_t stop);

  // `randrange(start, stop[, step])`. Errors, all `kInvalidArgument`:
  //   step == 1, empty: "empty range for randrange() (start, stop, width)"
  //   step == 0:        "zero step for randrange()"
  //   otherwise empty:  "empty range for randrange()"
  absl::StatusOr<int64_t> RandRange(int64_t start, int64_t stop,
                                    int64_t step = 1);

  // `randint(a, b)`, i.e. `randrange(a, b + 1)`, so a > b fails with
  // "empty range for randrange() (a, b + 1, b + 1 - a)".
  absl::StatusOr<int64_t> RandInt(int64_t a, int64_t b);

  // ---------------------------------------------------------------------------
  // Floats
  // ---------------------------------------------------------------------------

  // `random()`: a double in [0, 1) with 53 random bits, from two 32-bit
  // draws.
  double RandomFloat();

  // `uniform(a, b)`: `a + (b - a) * random()`.
  double Uniform(double a, double b);

  // `gauss(mu, sigma)`: Box-Muller with CPython's cached second value.
  double Gauss(double mu = 0.0, double sigma = 1.0);

  // ---------------------------------------------------------------------------
  // Sequences (any random-access range: vector, array, span, string, ...)
  // ---------------------------------------------------------------------------

  // `choice(seq)`: a copy of one element. Empty: `kOutOfRange`, "Cannot
  // choose from an empty sequence".
  template <std::ranges::random_access_range R>
  absl::StatusOr<std::ranges::range_value_t<R>> Choice(const R& seq);

  // `shuffle(x)`, in place.
  template <std::ranges::random_access_range R>
  void Shuffle(R&& seq);

  // `sample(range(n), k)`: k distinct indices below n, in selection order.
  // k < 0 or k > n: `kInvalidArgument`, "Sample larger than population or is
  // negative".
  absl::StatusOr<std::vector<size_t>> SampleIndices(size_t n, int64_t k);

  // `sample(population, k)`: copies of the elements at `SampleIndices`.
  template <std::ranges::random_access_range R>
  absl::StatusOr<std::vector<std::ranges::range_value_t<R>>> Sample(
      const R& population, int64_t k);

 private:
  static constexpr int kStateWords = 624;  // N in CPython.

  Random() = default;  // Unseeded; for the factories only.

  // genrand_uint32(): the next tempered 32-bit output.
  uint32_t NextUint32();
  // Regenerates all 624 state words (CPython's "generate N words at one
  // time" step) and tempers them into `output_`, so that single draws are a
  // plain load.
  void Twist();
  void InitGenrand(uint32_t seed);
  void InitByArray(const uint32_t* key, size_t key_length);
  void SeedMagnitude64(uint64_t magnitude);

  // `_randbelow(n)` for 2^64 <= n < 2^96 (n = 2^64 in practice).
  uint64_t RandBelowWide(unsigned __int128 n);
  // `randrange(start, stop, step)` on 128-bit integers: the general path
  // behind the inline fast paths, errors included.
  absl::StatusOr<int64_t> RandRangeGeneral(__int128 start, __int128 stop,
                                           __int128 step);

  // CPython's `state` and `index`; `index_ >= 624` twists before the next
  // draw (after seeding, as in CPython).
  std::array<uint32_t, kStateWords> state_;
  int index_ = kStateWords;
  // The tempered outputs of the current `state_`, valid once it has been
  // twisted: draw i is `output_[i]`, while `index_ < 624`.
  std::array<uint32_t, kStateWords> output_;
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
};

// -----------------------------------------------------------------------------
// Implementation details follow: the hot paths are inline.
// -----------------------------------------------------------------------------

inline uint32_t Random::NextUint32() {
  if (index_ >= kStateWords) [[unlikely]] {
    Twist();
  }
  return output_[index_++];
}

inline uint64_t Random::RandBelow(uint64_t n) {
  assert(n > 0);
  const int k = std::bit_width(n);
  if (k <= 32) {
    // getrandbits(k), k <= 32: one draw, keeping its top k bits. (A bit
    // scan over several draws, in place of this loop's unpredictable
    // branch, is no faster: it chains each call's index on loaded data.)
    const int shift = 32 - k;
    uint32_t r;
    do {
      r = NextUint32() >> shift;
    } while (r >= n);
    return r;
  }
  // getrandbits(k), 32 < k <= 64: the low word first, then the high word
  // keeping its top k - 32 bits.
  const int shift = 64 - k;
  uint64_t r;
  do {
    const uint64_t low = NextUint32();
    const uint64_t high = NextUint32() >> shift;
    r = (high << 32) | low;
  } while (r >= n);
  return r;
}

inline absl::StatusOr<int64_t> Random::RandRange(int64_t start, int64_t stop,
                                                 int64_t step) {
  if (step == 1 && start < stop) [[likely]] {
    const uint64_t width =
        static_cast<uint64_t>(stop) - static_cast<uint64_t>(start);
    return static_cast<int64_t>(static_cast<uint64_t>(start) +
                                RandBelow(width));
  }
  return RandRangeGeneral(start, stop, step);
}

inline absl::StatusOr<int64_t> Random::RandInt(int64_t a, int64_t b) {
  if (a <= b && b < INT64_MAX) [[likely]] {
    const uint64_t width =
        static_cast<uint64_t>(b) - static_cast<uint64_t>(a) + 1;
    if (width != 0) [[likely]] {
      return static_cast<int64_t>(static_cast<uint64_t>(a) + RandBelow(width));
    }
  }
  return RandRangeGeneral(a, static_cast<__int128>(b) + 1, 1);
}

inline double Random::RandomFloat() {
  const uint32_t a = NextUint32() >> 5;
  const uint32_t b = NextUint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

inline double Random::Uniform(double a, double b) {
  return a + (b - a) * RandomFloat();
}

template <std::ranges::random_access_range R>
absl::StatusOr<std::ranges::range_value_t<R>> Random::Choice(const R& seq) {
  const auto size = static_cast<uint64_t>(std::ranges::size(seq));
  if (size == 0) {
    return absl::OutOfRangeError("Cannot choose from an empty sequence");
  }
  return std::ranges::begin(
      seq)[static_cast<std::ranges::range_difference_t<R>>(RandBelow(size))];
}

template <std::ranges::random_access_range R>
void Random::Shuffle(R&& seq) {
  auto first = std::ranges::begin(seq);
  const auto size = static_cast<uint64_t>(std::ranges::size(seq));
  // for i in reversed(range(1, len(x))): swap x[i] with x[randbelow(i + 1)].
  for (uint64_t i = size; i-- > 1;) {
    const uint64_t j = RandBelow(i + 1);
    using Difference = std::ranges::range_difference_t<R>;
    std::ranges::iter_swap(first + static_cast<Difference>(i),
                           first + static_cast<Difference>(j));
  }
}

template <std::ranges::random_access_range R>
absl::StatusOr<std::vector<std::ranges::range_value_t<R>>> Random::Sample(
    const R& population, int64_t k) {
  absl::StatusOr<std::vector<size_t>> indices =
      SampleIndices(static_cast<size_t>(std::ranges::size(population)), k);
  if (!indices.ok()) return indices.status();
  std::vector<std::ranges::range_value_t<R>> result;
  result.reserve(indices->size());
  auto first = std::ranges::begin(population);
  for (size_t index : *indices) {
    result.push_back(
        first[static_cast<std::ranges::range_difference_t<R>>(index)]);
  }
  return result;
}

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_RANDOM_H_
