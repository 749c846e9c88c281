// chained.py: each chain awaits part1, then part2 with part1's result; the
// chains run concurrently under asyncio.gather.
//
//   import asyncio
//   import random
//   import time
//
//   async def part1(n: int) -> str:
//       i = random.randint(0, 10)
//       print(f"part1({n}) sleeping for {i} seconds.")
//       await asyncio.sleep(i)
//       result = f"result{n}-1"
//       print(f"Returning part1({n}) == {result}.")
//       return result
//
//   async def part2(n: int, arg: str) -> str:
//       i = random.randint(0, 10)
//       print(f"part2{n, arg} sleeping for {i} seconds.")
//       await asyncio.sleep(i)
//       result = f"result{n}-2 derived from {arg}"
//       print(f"Returning part2{n, arg} == {result}.")
//       return result
//
//   async def chain(n: int) -> None:
//       start = time.perf_counter()
//       p1 = await part1(n)
//       p2 = await part2(n, p1)
//       end = time.perf_counter() - start
//       print(f"-->Chained result{n} => {p2} (took {end:0.2f} seconds).")
//
//   async def main(*args):
//       await asyncio.gather(*(chain(n) for n in args))
//
//   if __name__ == "__main__":
//       import sys
//       random.seed(444)
//       args = [1, 2, 3] if len(sys.argv) == 1 else map(int, sys.argv[1:])
//       start = time.perf_counter()
//       asyncio.run(main(*args))
//       end = time.perf_counter() - start
//       print(f"Program finished in {end:0.2f} seconds.")

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/python_int.h"
#include "engine/python_repr.h"
#include "engine/random.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {
namespace {

// The module's globals: the generator behind `random.randint`.
struct Module {
  Context& ctx;
  Random random;
};

// async def part1(n: int) -> str:
Task<std::string> Part1(Module& m, int64_t n) {
  int64_t i = m.random.RandInt(0, 10).value();
  m.ctx.Print(absl::StrFormat("part1(%d) sleeping for %d seconds.", n, i));
  co_await Sleep(absl::Seconds(i));
  std::string result = absl::StrFormat("result%d-1", n);
  m.ctx.Print(absl::StrFormat("Returning part1(%d) == %s.", n, result));
  co_return result;
}

// async def part2(n: int, arg: str) -> str:
Task<std::string> Part2(Module& m, int64_t n, std::string arg) {
  int64_t i = m.random.RandInt(0, 10).value();
  // f"part2{n, arg}" prints the tuple (n, arg).
  m.ctx.Print(absl::StrFormat("part2(%d, %s) sleeping for %d seconds.", n,
                              PythonRepr(arg), i));
  co_await Sleep(absl::Seconds(i));
  std::string result = absl::StrFormat("result%d-2 derived from %s", n, arg);
  m.ctx.Print(absl::StrFormat("Returning part2(%d, %s) == %s.", n,
                              PythonRepr(arg), result));
  co_return result;
}

// async def chain(n: int) -> None:
Task<void> Chain(Module& m, int64_t n) {
  double start = m.ctx.clock.Time();  // time.perf_counter()
  std::string p1 = co_await Part1(m, n);
  std::string p2 = co_await Part2(m, n, p1);
  double end = m.ctx.clock.Time() - start;
  m.ctx.Print(absl::StrFormat("-->Chained result%d => %s (took %0.2f seconds).",
                              n, p2, end));
}

// async def main(*args):
Task<void> Main(Module& m, std::vector<int64_t> args) {
  // Named for timelines and traces only: gather names them Task-2, ...
  std::vector<NamedTask<void>> chains;
  for (int64_t n : args) {
    chains.push_back(Named(Chain(m, n), absl::StrFormat("chain(%d)", n)));
  }
  co_await Gather(std::move(chains));
}

// map(int, sys.argv[1:]), read before anything runs: a bad argument is a
// usage error here (Python raises ValueError when main(*args) unpacks it).
absl::StatusOr<std::vector<int64_t>> ParseArgs(
    const std::vector<std::string>& argv) {
  std::vector<int64_t> args;
  for (const std::string& arg : argv) {
    absl::StatusOr<int64_t> n = ParsePythonInt64(arg);
    if (!n.ok()) return absl::InvalidArgumentError(n.status().message());
    args.push_back(*n);
  }
  return args;
}

// if __name__ == "__main__":
absl::Status ScriptMain(Context& ctx) {
  Module m{.ctx = ctx, .random = Random::FromSeedWords(ctx.seed.magnitude)};
  std::vector<int64_t> args = {1, 2, 3};
  if (!ctx.args.empty()) {
    absl::StatusOr<std::vector<int64_t>> parsed = ParseArgs(ctx.args);
    if (!parsed.ok()) return parsed.status();
    args = *std::move(parsed);
  }
  double start = ctx.clock.Time();  // time.perf_counter()
  if (absl::Status run = Run(Main(m, std::move(args)), ctx.run_options);
      !run.ok()) {
    return run;  // asyncio.run(main(*args)) never returned.
  }
  double end = ctx.clock.Time() - start;
  ctx.Print(absl::StrFormat("Program finished in %0.2f seconds.", end));
  return absl::OkStatus();
}

}  // namespace

extern const Scenario kChained;
constinit const Scenario kChained = {
    .name = "chained",
    .summary =
        "chains of two dependent coroutines (part1, then part2 with "
        "its result), run concurrently",
    .usage = "[N ...]",
    .arguments_help =
        "Arguments: the chains' numbers, read by Python's int() (007, +3, "
        "1_000 and -4 are numbers); default 1 2 3. Numbers must fit in 64 "
        "bits.",
    .uses_seed = true,
    .main = &ScriptMain,
};

}  // namespace asyncsim::scenarios
