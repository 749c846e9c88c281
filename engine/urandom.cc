#include "engine/urandom.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/types/span.h"
#include "engine/internal/python_int.h"
#include "engine/random.h"

namespace asyncsim {
namespace {

constexpr uint32_t kSalt = 0x75726E64;  // "urnd"

}  // namespace

void Urandom::Init(absl::Span<const uint32_t> magnitude) {
  // abs(N) * 2**32 + kSalt, as 32-bit words, least significant first.
  std::vector<uint32_t> key;
  key.reserve(magnitude.size() + 1);
  key.push_back(kSalt);
  key.insert(key.end(), magnitude.begin(), magnitude.end());
  rng_ = Random::FromSeedWords(key);
}

absl::StatusOr<Urandom> Urandom::FromDecimalSeed(std::string_view text) {
  absl::StatusOr<internal::PythonInt> seed = internal::ParsePythonInt(text);
  if (!seed.ok()) return seed.status();
  return FromSeedWords(seed->magnitude);
}

Urandom Urandom::FromSeedWords(absl::Span<const uint32_t> magnitude) {
  Urandom urandom(0);
  urandom.Init(magnitude);
  return urandom;
}

std::string Urandom::Hex(size_t n) { return absl::BytesToHexString(Bytes(n)); }

}  // namespace asyncsim
