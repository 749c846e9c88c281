// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/sha512.h
// -----------------------------------------------------------------------------
//
// `Sha512` is a small, self-contained SHA-512 (FIPS 180-4). It exists for two
// reasons: CPython's `random.seed(str_or_bytes)` (version 2) appends the
// SHA-512 digest of the bytes to the bytes before turning them into an
// integer, and `Urandom` derives its byte stream from SHA-512 blocks.
//
// Guarantees:
//   * Digests equal `hashlib.sha512(data).digest()` for any input, fed in one
//     piece or in any split across `Update()` calls.
//   * No allocation, no global state; a `Sha512` is a plain value.
//
// Example:
//
//   Sha512 hasher;
//   hasher.Update("ab");
//   hasher.Update("c");
//   Sha512::Digest digest = hasher.Finish();  // == Sha512::Hash("abc")

#ifndef ASYNCSIM_ENGINE_INTERNAL_SHA512_H_
#define ASYNCSIM_ENGINE_INTERNAL_SHA512_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace asyncsim::internal {

class Sha512 {
 public:
  using Digest = std::array<uint8_t, 64>;

  Sha512();

  // Appends `data` to the message.
  void Update(std::string_view data);

  // Pads the message and returns its digest. The hasher must not be used
  // again afterwards (construct a new one).
  Digest Finish();

  // The digest of `data` in one call.
  static Digest Hash(std::string_view data);

 private:
  void Compress(const uint8_t* block);

  std::array<uint64_t, 8> state_;
  std::array<uint8_t, 128> buffer_;
  size_t buffered_ = 0;  // Bytes in `buffer_`, always < 128.
  uint64_t length_ = 0;  // Message length in bytes so far.
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_SHA512_H_
