// Throughput of the engine's hot paths, faithful to every hop of
// docs/semantics.md.
//
//   bazel run -c opt //bench:engine_bench
//
// BM_SleepWake/N/K: N tasks gathered, each doing K sleeps of seeded random
//   integer durations 0..10 s (0 is a bare yield, as asyncio.sleep(0));
//   items_per_second counts the N*K sleeps.
// BM_SpawnGather/N: create and gather N trivial tasks.
// BM_QueuePingPong/N: a producer and a consumer through a Queue of maxsize
//   1; items_per_second counts the N items.
// BM_CancelMany/N: N tasks blocked in Queue.get, then all cancelled and
//   gathered with return_exceptions (each outcome checked to be a
//   cancellation); items_per_second counts the N cancelled tasks.
// BM_Replay/<scenario>: a whole scenario of the registry, as `asyncsim
//   <scenario> [args]` runs it, its output formatted and thrown away.
//
// Each SleepWake size runs once untimed before it is timed: see the note at
// the registration.
//
// BM_SleepWake/1000000/1 also reports bytes_per_task: the heap growth at the
// moment all N tasks are suspended, divided by N (one extra, untimed run in
// a fresh thread, so that no memory left from earlier runs is reused).

#include <malloc.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "bench/sleep_wake.h"
#include "benchmark/benchmark.h"
#include "engine/gather.h"
#include "engine/internal/frame_pool.h"
#include "engine/python_int.h"
#include "engine/queue.h"
#include "engine/random.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "scenarios/registry.h"
#include "scenarios/scenario.h"

namespace asyncsim {
namespace {

using bench::Sleeper;
using bench::SleepWakeMain;

// Bytes in use on the heap (mmapped chunks included), all arenas, plus this
// thread's frame-pool slabs mapped outside malloc.
int64_t HeapInUse() {
  struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.uordblks + info.hblkhd) +
         internal::PoolMappedBytes();
}

// SleepWakeMain, measuring the heap once every sleeper has suspended: the
// probe task's first step runs after the first step of all N sleepers.
Task<void> SleepWakeMeasured(int n, int k, int64_t& bytes) {
  Random rng(444);
  const int64_t before = HeapInUse();
  std::vector<Task<void>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i) tasks.push_back(Sleeper(rng, k));
  auto gather = Gather(std::move(tasks));
  auto probe = [&]() -> Task<void> {
    bytes = HeapInUse() - before;
    co_return;
  };
  TaskHandle<void> measure = CreateTask(probe());
  co_await gather;
  co_await measure;
}

void BM_SleepWake(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int k = static_cast<int>(state.range(1));
  if (int64_t{n} * k >= 1000000) {
    // Untimed: see the note at the registration of the large sizes.
    if (!Run(SleepWakeMain(n, k)).ok()) state.SkipWithError("run failed");
  }
  for (auto _ : state) {
    absl::Status status = Run(SleepWakeMain(n, k));
    if (!status.ok()) state.SkipWithError("run failed");
  }
  state.SetItemsProcessed(state.iterations() * int64_t{n} * k);
  if (n >= 1000000) {
    int64_t bytes = 0;
    std::thread([&] { (void)Run(SleepWakeMeasured(n, k, bytes)); }).join();
    state.counters["bytes_per_task"] = static_cast<double>(bytes) / n;
  }
}
// Every size runs once untimed before it is timed, in the thread that then
// times it: the first run in a process pays the kernel's first touch of the
// frame pool's fresh pages (for 1000000/1, 0.1-1.2 s for ~280 MB on the
// 2-core VM, see bench/README.md), which is not the engine's speed, and the
// pool keeps its pages for the runs after. (Google Benchmark's
// MinWarmUpTime did not help: its warm-up did not leave the timed run
// warm.) bench/compare shows the first run next to the warm median.
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

Task<void> BlockedGetter(Queue<int>& q) {
  benchmark::DoNotOptimize(co_await q.Get());
}

Task<void> CancelManyMain(int n, int& cancelled) {
  Queue<int> q;
  std::vector<TaskHandle<void>> getters;
  getters.reserve(n);
  for (int i = 0; i < n; ++i) getters.push_back(CreateTask(BlockedGetter(q)));
  // One hop: every getter has run its first step and waits in q.get().
  co_await Sleep(absl::ZeroDuration());
  for (TaskHandle<void>& getter : getters) getter.Cancel();
  auto outcomes = co_await GatherSettled(std::move(getters));
  for (const Outcome<Unit>& outcome : outcomes) {
    cancelled += outcome.cancelled() ? 1 : 0;
  }
}

void BM_CancelMany(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    int cancelled = 0;
    absl::Status status = Run(CancelManyMain(n, cancelled));
    if (!status.ok() || cancelled != n) state.SkipWithError("run failed");
  }
  state.SetItemsProcessed(state.iterations() * int64_t{n});
}
BENCHMARK(BM_CancelMany)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

// print() to nowhere: the lines are formatted, then dropped.
class NullOutput : public scenarios::Output {
 public:
  void Print(std::string_view line) override {
    benchmark::DoNotOptimize(line.data());
  }
};

void BM_Replay(benchmark::State& state, std::string_view name,
               std::vector<std::string> args) {
  const scenarios::Scenario* scenario = scenarios::FindScenario(name);
  if (scenario == nullptr) {
    state.SkipWithError("no such scenario");
    return;
  }
  const PythonInt seed = *ParsePythonInt("444");
  NullOutput out;
  for (auto _ : state) {
    VirtualClock clock;
    scenarios::Context context{.clock = clock,
                               .out = out,
                               .seed = seed,
                               .run_options = {.clock = &clock},
                               .args = args};
    absl::Status status = scenario->main(context);
    if (!status.ok()) state.SkipWithError("run failed");
  }
}
BENCHMARK_CAPTURE(BM_Replay, countsync, "countsync", {})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Replay, countasync, "countasync", {})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Replay, rand, "rand", {})->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Replay, chained, "chained", {"9", "6", "3"})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Replay, asyncq, "asyncq", {})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Replay, asyncq_p1000_c1000, "asyncq",
                  {"-p", "1000", "-c", "1000"})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace asyncsim
