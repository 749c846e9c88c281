// Copyright 2026 The asyncsim Authors.
//
// `FakeRealClock` is real time for tests of pacing (--speed): it moves only
// when slept on (or told to), notes every sleep, and can run a callback on
// each one, e.g. to press Ctrl-C (`raise(SIGINT)`) in the middle of a wait.
//
// Example:
//
//   FakeRealClock clock;
//   Pacer pacer(2.0, clock);
//   pacer.WaitUntil(absl::Seconds(1));
//   clock.Elapsed();  // 500 ms, slept in slices

#ifndef ASYNCSIM_TESTS_TESTING_FAKE_REAL_CLOCK_H_
#define ASYNCSIM_TESTS_TESTING_FAKE_REAL_CLOCK_H_

#include <functional>
#include <vector>

#include "absl/time/time.h"
#include "cli/pacer.h"

namespace asyncsim::testutil {

class FakeRealClock final : public cli::RealClock {
 public:
  absl::Time Now() override { return now_; }
  void SleepFor(absl::Duration d) override {
    sleeps.push_back(d);
    now_ += d;
    if (on_sleep) on_sleep();
  }
  // The program itself taking real time.
  void Spend(absl::Duration d) { now_ += d; }
  // Real time since the clock was made.
  absl::Duration Elapsed() const { return now_ - absl::UnixEpoch(); }

  std::vector<absl::Duration> sleeps;
  // Runs after each sleep.
  std::function<void()> on_sleep;

 private:
  absl::Time now_ = absl::UnixEpoch();
};

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_FAKE_REAL_CLOCK_H_
