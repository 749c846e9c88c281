// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: bench/sleep_wake.h
// -----------------------------------------------------------------------------
//
// The SleepWake workload, shared by engine_bench and sleep_wake_driver (which
// bench/compare runs next to CPython's asyncio and SimPy): N tasks gathered,
// each doing K sleeps of random.Random(444).randint(0, 10) seconds, drawn
// in the order the tasks run. In Python:
//
//   async def sleeper(rng, k):
//       for _ in range(k):
//           await asyncio.sleep(rng.randint(0, 10))
//
//   async def main(n, k):
//       rng = random.Random(444)
//       await asyncio.gather(*(sleeper(rng, k) for _ in range(n)))

#ifndef ASYNCSIM_BENCH_SLEEP_WAKE_H_
#define ASYNCSIM_BENCH_SLEEP_WAKE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/random.h"
#include "engine/sleep.h"
#include "engine/task.h"

namespace asyncsim::bench {

// rng.randint(0, 10) as a plain number. Written inside the await,
// `*rng.RandInt(0, 10)` leaves a temporary absl::StatusOr in the await's
// full expression, and g++ keeps a temporary with a destructor in the
// coroutine frame across the suspension: 16 bytes more per sleeping task
// (a 96-byte frame instead of 80). A plain int64_t temporary is not kept.
inline int64_t RandInt(Random& rng, int64_t a, int64_t b) {
  return *rng.RandInt(a, b);
}

inline Task<void> Sleeper(Random& rng, int k) {
  for (int i = 0; i < k; ++i) {
    co_await Sleep(RandInt(rng, 0, 10));
  }
}

inline Task<void> SleepWakeMain(int n, int k) {
  Random rng(444);
  std::vector<Task<void>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i) tasks.push_back(Sleeper(rng, k));
  co_await Gather(std::move(tasks));
}

}  // namespace asyncsim::bench

#endif  // ASYNCSIM_BENCH_SLEEP_WAKE_H_
