// countsync.py: three counts, one after the other. `time.sleep` blocks the
// whole program, so they take 3 virtual seconds.
//
//   import time
//
//   def count():
//       print("One")
//       time.sleep(1)
//       print("Two")
//
//   def main():
//       for _ in range(3):
//           count()
//
//   if __name__ == "__main__":
//       s = time.perf_counter()
//       main()
//       elapsed = time.perf_counter() - s
//       print(f"{__file__} executed in {elapsed:0.2f} seconds.")

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {
namespace {

constexpr char kFile[] = "countsync.py";  // __file__

// def count():
void Count(Context& ctx) {
  ctx.Print("One");
  ctx.clock.BlockingSleep(absl::Seconds(1));  // time.sleep(1)
  ctx.Print("Two");
}

// def main():
void Main(Context& ctx) {
  for (int i = 0; i < 3; ++i) Count(ctx);
}

// if __name__ == "__main__":
absl::Status ScriptMain(Context& ctx) {
  if (absl::Status status = ExpectNoArguments("countsync", ctx); !status.ok()) {
    return status;
  }
  double s = ctx.clock.Time();  // s = time.perf_counter()
  Main(ctx);
  double elapsed = ctx.clock.Time() - s;
  ctx.Print(absl::StrFormat("%s executed in %0.2f seconds.", kFile, elapsed));
  return absl::OkStatus();
}

}  // namespace

extern const Scenario kCountSync;
constinit const Scenario kCountSync = {
    .name = "countsync",
    .summary =
        "three counts in a row, each blocking the program with "
        "time.sleep(1)",
    .main = &ScriptMain,
};

}  // namespace asyncsim::scenarios
