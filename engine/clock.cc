#include "engine/clock.h"

#include <cassert>
#include <cstdint>
#include <limits>

#include "absl/time/time.h"

namespace asyncsim {

void VirtualClock::BlockingSleep(absl::Duration d) {
  int64_t ticks = ToTicks(d);
  if (ticks > 0) nanos_ = SaturatingAdd(nanos_, ticks);
}

void VirtualClock::AdvanceTo(int64_t nanos) {
  assert(nanos >= nanos_);
  if (nanos > nanos_) nanos_ = nanos;
}

namespace clock_internal {

int64_t ToTicksSlow(absl::Duration d) {
  // absl saturates to +/-inf; map those to the int64 limits.
  if (d == absl::InfiniteDuration()) return std::numeric_limits<int64_t>::max();
  if (d == -absl::InfiniteDuration()) {
    return std::numeric_limits<int64_t>::min();
  }
  return absl::ToInt64Nanoseconds(d);
}

}  // namespace clock_internal
}  // namespace asyncsim
