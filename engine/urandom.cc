// Copyright 2026 The asyncsim Authors.

#include "engine/urandom.h"

#include <algorithm>

#include "engine/internal/python_int.h"
#include "engine/internal/sha512.h"

namespace asyncsim {
namespace {

// Domain separation: no other hash in asyncsim starts with these bytes.
constexpr std::string_view kDomain("asyncsim/urandom/v1\0", 20);

}  // namespace

void Urandom::InitFromInteger(bool negative,
                              absl::Span<const uint32_t> magnitude) {
  size_t used = magnitude.size();
  while (used > 0 && magnitude[used - 1] == 0) --used;
  if (used == 0) negative = false;  // -0 is 0.
  // sign byte, then the magnitude's bytes, least significant first.
  std::string material(1, negative ? '-' : '+');
  for (size_t i = 0; i < used; ++i) {
    for (int shift = 0; shift < 32; shift += 8) {
      material.push_back(static_cast<char>(magnitude[i] >> shift));
    }
  }
  InitFromKeyMaterial('i', material);
}

void Urandom::InitFromKeyMaterial(char kind, std::string_view material) {
  internal::Sha512 hasher;
  hasher.Update(kDomain);
  hasher.Update(std::string_view(&kind, 1));
  hasher.Update(material);
  key_ = hasher.Finish();
  used_ = block_.size();
  counter_ = 0;
}

absl::StatusOr<Urandom> Urandom::FromDecimalSeed(std::string_view text) {
  absl::StatusOr<internal::PythonInt> seed = internal::ParsePythonInt(text);
  if (!seed.ok()) return seed.status();
  return FromSeedWords(seed->negative, seed->magnitude);
}

Urandom Urandom::FromSeedWords(bool negative,
                               absl::Span<const uint32_t> magnitude) {
  Urandom urandom;
  urandom.InitFromInteger(negative, magnitude);
  return urandom;
}

Urandom Urandom::FromStringSeed(std::string_view bytes) {
  Urandom urandom;
  urandom.InitFromKeyMaterial('s', bytes);
  return urandom;
}

void Urandom::Refill() {
  char counter_bytes[8];
  for (int i = 0; i < 8; ++i) {
    counter_bytes[i] = static_cast<char>(counter_ >> (8 * i));
  }
  ++counter_;
  internal::Sha512 hasher;
  hasher.Update(std::string_view(reinterpret_cast<const char*>(key_.data()),
                                 key_.size()));
  hasher.Update(std::string_view(counter_bytes, sizeof(counter_bytes)));
  block_ = hasher.Finish();
  used_ = 0;
}

std::string Urandom::Bytes(size_t n) {
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    if (used_ == block_.size()) Refill();
    const size_t take = std::min(n - out.size(), block_.size() - used_);
    out.append(reinterpret_cast<const char*>(block_.data() + used_), take);
    used_ += take;
  }
  return out;
}

std::string Urandom::Hex(size_t n) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  const std::string bytes = Bytes(n);
  std::string hex;
  hex.reserve(2 * n);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kHexDigits[byte >> 4]);
    hex.push_back(kHexDigits[byte & 0xf]);
  }
  return hex;
}

}  // namespace asyncsim
