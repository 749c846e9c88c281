// Throughput of the engine's hot paths, faithful to every hop of
// ../shared/notes/semantics.md.
//
//   bazel run -c opt //bench:engine_bench
//
// BM_SleepWake/N/K: N tasks gathered, each doing K sleeps of seeded random
//   integer durations 0..10 s (0 is a bare yield, as asyncio.sleep(0));
//   items_per_second counts the N*K sleeps.
// BM_SpawnGather/N: create and gather N trivial tasks.
// BM_QueuePingPong/N: a producer and a consumer through a Queue of maxsize
//   1; items_per_second counts the N items.

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "engine/gather.h"
#include "engine/queue.h"
#include "engine/random.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"

namespace asyncsim {
namespace {

Task<void> Sleeper(Random& rng, int k) {
  for (int i = 0; i < k; ++i) {
    co_await Sleep(absl::Seconds(*rng.RandInt(0, 10)));
  }
}

Task<void> SleepWakeMain(int n, int k) {
  Random rng(444);
  std::vector<Task<void>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i) tasks.push_back(Sleeper(rng, k));
  co_await Gather(std::move(tasks));
}

void BM_SleepWake(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int k = static_cast<int>(state.range(1));
  for (auto _ : state) {
    absl::Status status = Run(SleepWakeMain(n, k));
    if (!status.ok()) state.SkipWithError("run failed");
  }
  state.SetItemsProcessed(state.iterations() * int64_t{n} * k);
}
BENCHMARK(BM_SleepWake)
    ->Args({1000, 1000})
    ->Args({100000, 10})
    ->Args({1000000, 1})
    ->Unit(benchmark::kMillisecond);

Task<int> Trivial(int i) { co_return i; }

Task<void> SpawnGatherMain(int n) {
  std::vector<Task<int>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i) tasks.push_back(Trivial(i));
  std::vector<int> results = co_await Gather(std::move(tasks));
  benchmark::DoNotOptimize(results.data());
}

void BM_SpawnGather(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    absl::Status status = Run(SpawnGatherMain(n));
    if (!status.ok()) state.SkipWithError("run failed");
  }
  state.SetItemsProcessed(state.iterations() * int64_t{n});
}
BENCHMARK(BM_SpawnGather)
    ->Arg(1000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

Task<void> Producer(Queue<int>& q, int n) {
  for (int i = 0; i < n; ++i) co_await q.Put(i);
}

Task<void> Consumer(Queue<int>& q, int n) {
  for (int i = 0; i < n; ++i) {
    benchmark::DoNotOptimize(co_await q.Get());
    q.TaskDone();
  }
}

Task<void> PingPongMain(int n) {
  Queue<int> q(1);
  co_await Gather(Producer(q, n), Consumer(q, n));
}

void BM_QueuePingPong(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    absl::Status status = Run(PingPongMain(n));
    if (!status.ok()) state.SkipWithError("run failed");
  }
  state.SetItemsProcessed(state.iterations() * int64_t{n});
}
BENCHMARK(BM_QueuePingPong)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace asyncsim
