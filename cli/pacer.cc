#include "cli/pacer.h"

#include <algorithm>
#include <csignal>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace asyncsim::cli {
namespace {

class SystemRealClock final : public RealClock {
 public:
  absl::Time Now() override { return absl::Now(); }
  void SleepFor(absl::Duration d) override { absl::SleepFor(d); }
};

}  // namespace

RealClock& SystemClock() {
  static SystemRealClock* clock = new SystemRealClock();
  return *clock;
}

Pacer::Pacer(double speed, RealClock& clock,
             const volatile std::sig_atomic_t* interrupt)
    : speed_(speed),
      clock_(clock),
      interrupt_(interrupt),
      start_(clock.Now()) {}

bool Pacer::WaitUntil(absl::Duration virtual_time) {
  if (stopped_) return false;
  const absl::Time due = start_ + virtual_time / speed_;
  while (!interrupted()) {
    const absl::Duration left = due - clock_.Now();
    if (left <= absl::ZeroDuration()) return true;
    clock_.SleepFor(std::min(left, kSlice));
  }
  stopped_ = true;
  // In whole milliseconds, as every view shows it.
  interrupted_at_ =
      absl::Floor(std::min(virtual_time, (clock_.Now() - start_) * speed_),
                  absl::Milliseconds(1));
  return false;
}

}  // namespace asyncsim::cli
