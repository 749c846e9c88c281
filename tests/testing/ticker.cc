#include "tests/testing/ticker.h"

#include "absl/time/time.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "tests/testing/trace.h"

namespace asyncsim::testutil {

Task<void> Ticker(Trace& trace, int n) {
  for (int i = 0; i < n; ++i) {
    trace.Log("tick", i);
    co_await Sleep(absl::ZeroDuration());
  }
}

Task<void> Ticker(Trace& trace, absl::Duration start, int n) {
  co_await Sleep(start);
  for (int i = 0; i < n; ++i) {
    trace.Log("tick", i);
    co_await Sleep(absl::ZeroDuration());
  }
}

Task<void> Tick(Trace& trace) {
  trace.Log("tick");
  co_return;
}

}  // namespace asyncsim::testutil
