// countasync.py: the same three counts as countsync.py, run concurrently by
// asyncio.gather, so they take 1 virtual second.
//
//   import asyncio
//
//   async def count():
//       print("One")
//       await asyncio.sleep(1) # 명시적 context change
//       print("Two")
//
//   async def main():
//       await asyncio.gather(count(), count(), count())
//
//   if __name__ == "__main__":
//       import time
//       s = time.perf_counter()
//       asyncio.run(main())
//       elapsed = time.perf_counter() - s
//       print(f"{__file__} executed in {elapsed:0.2f} seconds.")

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {
namespace {

constexpr char kFile[] = "countasync.py";  // __file__

// async def count():
Task<void> Count(Context& ctx) {
  ctx.Print("One");
  co_await Sleep(absl::Seconds(1));  // 명시적 context change
  ctx.Print("Two");
}

// async def main():
Task<void> Main(Context& ctx) {
  // Named for timelines and traces only: gather names them Task-2, ...
  co_await Gather(Named(Count(ctx), "count()"), Named(Count(ctx), "count()"),
                  Named(Count(ctx), "count()"));
}

// if __name__ == "__main__":
absl::Status ScriptMain(Context& ctx) {
  if (absl::Status status = ExpectNoArguments("countasync", ctx);
      !status.ok()) {
    return status;
  }
  double s = ctx.clock.Time();  // s = time.perf_counter()
  if (absl::Status run = Run(Main(ctx), ctx.run_options); !run.ok()) {
    return run;  // asyncio.run(main()) never returned.
  }
  double elapsed = ctx.clock.Time() - s;
  ctx.Print(absl::StrFormat("%s executed in %0.2f seconds.", kFile, elapsed));
  return absl::OkStatus();
}

}  // namespace

extern const Scenario kCountAsync;
constinit const Scenario kCountAsync = {
    .name = "countasync",
    .summary = "the same three counts run concurrently by asyncio.gather",
    .main = &ScriptMain,
};

}  // namespace asyncsim::scenarios
