// Throughput of asyncsim::Random's hot calls.
//
//   bazel run -c opt //bench:random_bench

#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "engine/random.h"
#include "engine/urandom.h"

namespace asyncsim {
namespace {

// random.randint(0, 10): the engine's hot path.
void BM_RandInt_0_10(benchmark::State& state) {
  Random rng(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(*rng.RandInt(0, 10));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandInt_0_10);

// random.random().
void BM_Random(benchmark::State& state) {
  Random rng(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(rng.RandomFloat());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Random);

// random.getrandbits(32): one raw MT19937 output.
void BM_GetRandBits_32(benchmark::State& state) {
  Random rng(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(*rng.GetRandBits(32));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetRandBits_32);

// random.randint(-2**63, 2**63 - 1): the widest range (getrandbits(65)).
void BM_RandInt_FullInt64(benchmark::State& state) {
  Random rng(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(*rng.RandInt(INT64_MIN, INT64_MAX));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandInt_FullInt64);

// random.gauss().
void BM_Gauss(benchmark::State& state) {
  Random rng(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(rng.Gauss());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gauss);

// random.shuffle() of a 100-item list.
void BM_Shuffle_100(benchmark::State& state) {
  Random rng(444);
  std::vector<int> items(100);
  for (auto _ : state) {
    rng.Shuffle(items);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Shuffle_100);

// Seeding: init_by_array over the 624-word state.
void BM_Seed(benchmark::State& state) {
  Random rng(0);
  uint64_t seed = 0;
  for (auto _ : state) {
    rng.Seed(++seed);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Seed);

// os.urandom(16).hex().
void BM_UrandomHex_16(benchmark::State& state) {
  Urandom urandom(444);
  for (auto _ : state) {
    benchmark::DoNotOptimize(urandom.Hex(16));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UrandomHex_16);

}  // namespace
}  // namespace asyncsim
