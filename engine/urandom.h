// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: urandom.h
// -----------------------------------------------------------------------------
//
// `Urandom` is the deterministic byte stream a replayed program sees in place
// of `os.urandom(n)`. Real `os.urandom` is not reproducible, so the golden
// oracle (tools/oracle/vclock.py) replaces it with a stream of its own, and
// this is the same stream, byte for byte:
//
//   os.urandom(n) == random.Random(abs(N) * 2**32 + 0x75726E64).randbytes(n)
//
// for the program's seed N (0x75726E64 is ASCII "urnd"): an MT19937 of its
// own, seeded with the key words [0x75726E64, |N| words...], so that these
// bytes never shift the `random` module's sequence.
//
// Guarantees:
//   * The same bytes as the oracle for the same seed and the same calls, so
//     golden outputs that print urandom bytes compare exactly.
//   * Independent of any `Random`: drawing from one never changes another.
//   * As in Python, each call draws whole 32-bit words: `Bytes(2)` then
//     `Bytes(3)` differs from one `Bytes(5)`. `N` and `-N` give one stream.
//   * No global state; a plain copyable value.
//
// Example:
//
//   asyncsim::Urandom urandom(444);
//   std::string item = urandom.Hex(5);  // "d8ca10a338": os.urandom(5).hex()

#ifndef ASYNCSIM_ENGINE_URANDOM_H_
#define ASYNCSIM_ENGINE_URANDOM_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/random.h"

namespace asyncsim {

class Urandom {
 public:
  // The stream for an integer seed.
  template <std::integral T>
  explicit Urandom(T seed) : rng_(0) {
    uint64_t magnitude = static_cast<uint64_t>(seed);
    if constexpr (std::is_signed_v<T>) {
      if (seed < 0) magnitude = uint64_t{0} - magnitude;
    }
    const uint32_t words[2] = {static_cast<uint32_t>(magnitude),
                               static_cast<uint32_t>(magnitude >> 32)};
    Init(words);
  }

  // The stream for the integer `int(text)`, read as `Random::FromDecimalSeed`
  // reads it (same errors).
  static absl::StatusOr<Urandom> FromDecimalSeed(std::string_view text);

  // The stream for the integer with this magnitude (32-bit words, least
  // significant first); the sign does not matter.
  static Urandom FromSeedWords(absl::Span<const uint32_t> magnitude);

  // The next n bytes: `os.urandom(n)`.
  std::string Bytes(size_t n) { return rng_.RandBytes(n); }

  // The next n bytes as 2n lowercase hex digits: `os.urandom(n).hex()`.
  std::string Hex(size_t n);

 private:
  void Init(absl::Span<const uint32_t> magnitude);

  Random rng_;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_URANDOM_H_
