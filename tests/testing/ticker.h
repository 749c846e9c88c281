// Copyright 2026 The asyncsim Authors.
//
// Tickers: tasks that mark the event loop's iterations in a `Trace`, so
// that a test can count the hops (loop iterations) between the other lines.
//
// `Ticker(trace, n)` is the `ticker` of the tests/cpython order programs:
//
//   async def ticker(n):
//       for i in range(n):
//           log("tick", i)
//           await asyncio.sleep(0)
//
// one "tick <i>" line per iteration. `Ticker(trace, start, n)` first sleeps
// `start` (their `ticker(start, n)`), to tick around what happens then.
//
// `Tick(trace)` logs a single "tick" at its first step and ends without
// yielding. Created just before an operation, it shows whether the
// operation yielded: its line comes before the lines of the code after the
// operation if it did, after them if it did not.
//
// Example:
//
//   (void)CreateTask(Ticker(trace, 5));
//   int r = co_await WaitFor(child(), absl::Seconds(10));
//   // "0.000 tick 0", "0.000 child ends", "0.000 tick 1", ...

#ifndef ASYNCSIM_TESTS_TESTING_TICKER_H_
#define ASYNCSIM_TESTS_TESTING_TICKER_H_

#include "absl/time/time.h"
#include "engine/task.h"
#include "tests/testing/trace.h"

namespace asyncsim::testutil {

// Logs "tick 0" .. "tick <n-1>", yielding (sleep(0)) after each.
Task<void> Ticker(Trace& trace, int n);

// Sleeps `start` (even when zero: sleep(0) is one hop), then ticks as above.
Task<void> Ticker(Trace& trace, absl::Duration start, int n);

// Logs "tick" once and ends, without yielding.
Task<void> Tick(Trace& trace);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_TICKER_H_
