// rand.py: three coroutines draw random integers until one beats their
// threshold, each sleeping longer between tries; colours tell them apart.
//
//   import asyncio
//   import random
//
//   # ANSI colors
//   c = (
//       "\033[0m",  # End of color
//       "\033[36m",  # Cyan
//       "\033[91m",  # Red
//       "\033[35m",  # Magenta
//   )
//
//   async def makerandom(idx: int, threshold: int = 6) -> int:
//       print(c[idx + 1] + f"Initiated makerandom({idx}).")
//       i = random.randint(0, 10)
//       while i <= threshold:
//           print(c[idx + 1] + f"makerandom({idx}) == {i} too low; retrying.")
//           await asyncio.sleep(idx + 1)
//           i = random.randint(0, 10)
//       print(c[idx + 1] + f"---> Finished: makerandom({idx}) == {i}" + c[0])
//       return i
//
//   async def main():
//       res = await asyncio.gather(*(makerandom(i, 10 - i - 1) for i in
//       range(3))) return res
//
//   if __name__ == "__main__":
//       random.seed(444)
//       r1, r2, r3 = asyncio.run(main())
//       print()
//       print(f"r1: {r1}, r2: {r2}, r3: {r3}")

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/random.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {
namespace {

using Colors = std::array<std::string_view, 4>;

// ANSI colors
constexpr Colors kColors = {
    "\033[0m",   // End of color
    "\033[36m",  // Cyan
    "\033[91m",  // Red
    "\033[35m",  // Magenta
};
// --color=never: the same program without the escapes.
constexpr Colors kNoColors = {"", "", "", ""};

// The module's globals: `c`, and the generator behind `random.randint`.
struct Module {
  Context& ctx;
  const Colors& c;
  Random random;
};

// async def makerandom(idx: int, threshold: int = 6) -> int:
Task<int64_t> MakeRandom(Module& m, int idx, int threshold = 6) {
  m.ctx.Print(
      absl::StrFormat("%sInitiated makerandom(%d).", m.c[idx + 1], idx));
  int64_t i = m.random.RandInt(0, 10).value();
  while (i <= threshold) {
    m.ctx.Print(absl::StrFormat("%smakerandom(%d) == %d too low; retrying.",
                                m.c[idx + 1], idx, i));
    co_await Sleep(absl::Seconds(idx + 1));
    i = m.random.RandInt(0, 10).value();
  }
  m.ctx.Print(absl::StrFormat("%s---> Finished: makerandom(%d) == %d%s",
                              m.c[idx + 1], idx, i, m.c[0]));
  co_return i;
}

// async def main():
Task<std::vector<int64_t>> Main(Module& m) {
  // Named for timelines and traces only: gather names them Task-2, ...
  std::vector<NamedTask<int64_t>> coros;
  for (int i = 0; i < 3; ++i) {
    coros.push_back(Named(MakeRandom(m, i, 10 - i - 1),
                          absl::StrFormat("makerandom(%d)", i)));
  }
  std::vector<int64_t> res = co_await Gather(std::move(coros));
  co_return res;
}

// if __name__ == "__main__":
absl::Status ScriptMain(Context& ctx) {
  if (absl::Status status = ExpectNoArguments("rand", ctx); !status.ok()) {
    return status;
  }
  // random.seed(444)
  Module m{.ctx = ctx,
           .c = ctx.color ? kColors : kNoColors,
           .random = Random::FromSeedWords(ctx.seed.magnitude)};
  absl::StatusOr<std::vector<int64_t>> res = Run(Main(m), ctx.run_options);
  if (!res.ok()) return res.status();  // asyncio.run(main()) never returned.
  const int64_t r1 = (*res)[0], r2 = (*res)[1], r3 = (*res)[2];
  ctx.Print("");
  ctx.Print(absl::StrFormat("r1: %d, r2: %d, r3: %d", r1, r2, r3));
  return absl::OkStatus();
}

}  // namespace

extern const Scenario kRand;
constinit const Scenario kRand = {
    .name = "rand",
    .summary =
        "three coroutines draw random numbers until each beats its "
        "threshold (ANSI colours)",
    .uses_seed = true,
    .main = &ScriptMain,
};

}  // namespace asyncsim::scenarios
