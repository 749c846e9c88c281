// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: urandom.h
// -----------------------------------------------------------------------------
//
// `Urandom` is the deterministic byte stream a replayed program sees in place
// of `os.urandom(n)`. Real `os.urandom` is not reproducible, so no CPython
// value is matched; what matters is that a run is repeatable and that these
// bytes never shift the `random` module's sequence. `Urandom` therefore has
// its own state, unrelated to `Random`'s MT19937: SHA-512 in counter mode,
//
//   key      = SHA-512("asyncsim/urandom/v1" NUL, kind, sign, seed bytes)
//   block i  = SHA-512(key, i as 8 little-endian bytes),  i = 0, 1, 2, ...
//
// and `Bytes(n)` hands out the next n bytes of block 0, block 1, ...
//
// Guarantees:
//   * Deterministic per seed: the same seed and the same calls give the same
//     bytes, on any machine; how the stream is cut into calls does not
//     matter (`Bytes(2) + Bytes(3)` == `Bytes(5)` from a fresh stream).
//   * Different seeds give unrelated streams, including `n` and `-n`, and an
//     integer seed and a string seed with the same spelling.
//   * The same integer seed gives the same stream whatever its form:
//     `Urandom(5)`, `FromDecimalSeed(" +5 ")`, `FromSeedWords(false, {5})`.
//   * Independent of any `Random`: creating or drawing from one never
//     changes the other.
//   * No global state; a plain copyable value.
//
// Example:
//
//   asyncsim::Urandom urandom(444);
//   std::string token = urandom.Hex(5);  // 10 lowercase hex digits, like
//                                        // os.urandom(5).hex()

#ifndef ASYNCSIM_ENGINE_URANDOM_H_
#define ASYNCSIM_ENGINE_URANDOM_H_

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace asyncsim {

class Urandom {
 public:
  // The stream for an integer seed.
  template <std::integral T>
  explicit Urandom(T seed) {
    uint64_t magnitude = static_cast<uint64_t>(seed);
    bool negative = false;
    if constexpr (std::is_signed_v<T>) {
      if (seed < 0) {
        magnitude = uint64_t{0} - magnitude;
        negative = true;
      }
    }
    const uint32_t words[2] = {static_cast<uint32_t>(magnitude),
                               static_cast<uint32_t>(magnitude >> 32)};
    InitFromInteger(negative, words);
  }

  // The stream for the integer `int(text)`, read as `Random::FromDecimalSeed`
  // reads it (same errors).
  static absl::StatusOr<Urandom> FromDecimalSeed(std::string_view text);

  // The stream for the integer with this sign and magnitude (32-bit words,
  // least significant first; most significant zero words are ignored; zero
  // is never negative).
  static Urandom FromSeedWords(bool negative,
                               absl::Span<const uint32_t> magnitude);

  // The stream for a str or bytes seed (pass a str as its UTF-8 bytes).
  static Urandom FromStringSeed(std::string_view bytes);

  // The next n bytes of the stream.
  std::string Bytes(size_t n);

  // The next n bytes as 2n lowercase hex digits: `os.urandom(n).hex()`.
  std::string Hex(size_t n);

 private:
  Urandom() = default;  // Unkeyed; for the factories only.

  void InitFromInteger(bool negative, absl::Span<const uint32_t> magnitude);
  void InitFromKeyMaterial(char kind, std::string_view material);
  void Refill();

  std::array<uint8_t, 64> key_{};
  std::array<uint8_t, 64> block_{};
  size_t used_ = 64;      // Bytes of `block_` handed out; 64: refill first.
  uint64_t counter_ = 0;  // Index of the next block.
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_URANDOM_H_
