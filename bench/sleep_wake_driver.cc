// Runs the SleepWake workload (bench/sleep_wake.h) and prints one JSON line
// per run, for bench/compare:
//
//   sleep_wake_driver N K [RUNS]
//   {"run": 0, "sleeps": 1000000, "cpu_s": 0.0512, "wall_s": 0.0530}
//
// Times cover the whole `Run(SleepWakeMain(N, K))`: spawning, every sleep,
// teardown. The first run of a process also pays for fresh memory.

#include <time.h>

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "bench/sleep_wake.h"
#include "engine/run.h"

namespace {

double Seconds(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s N K [RUNS]\n", argv[0]);
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const int k = std::atoi(argv[2]);
  const int runs = argc > 3 ? std::atoi(argv[3]) : 1;
  for (int run = 0; run < runs; ++run) {
    const double cpu0 = Seconds(CLOCK_PROCESS_CPUTIME_ID);
    const double wall0 = Seconds(CLOCK_MONOTONIC);
    absl::Status status = asyncsim::Run(asyncsim::bench::SleepWakeMain(n, k));
    const double cpu = Seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    const double wall = Seconds(CLOCK_MONOTONIC) - wall0;
    if (!status.ok()) {
      std::fprintf(stderr, "run failed: %s\n", status.ToString().c_str());
      return 1;
    }
    std::printf(
        "{\"run\": %d, \"sleeps\": %lld, \"cpu_s\": %.6f, \"wall_s\": %.6f}\n",
        run, static_cast<long long>(n) * k, cpu, wall);
    std::fflush(stdout);
  }
  return 0;
}
