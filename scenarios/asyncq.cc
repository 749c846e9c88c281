// asyncq.py: producers put random items on an asyncio.Queue after random
// sleeps; consumers take them, also after random sleeps; main waits for
// the producers, then for the queue to be worked off.
//
//   import asyncio
//   import itertools as it
//   import os
//   import random
//   import time
//
//   async def makeitem(size: int = 5) -> str:
//       return os.urandom(size).hex()
//
//   async def randsleep(a: int = 1, b: int = 5, caller=None) -> None:
//       i = random.randint(0, 10)
//       if caller:
//           print(f"{caller} sleeping for {i} seconds.")
//       await asyncio.sleep(i)
//
//   async def produce(name: int, q: asyncio.Queue) -> None:
//       n = random.randint(0, 10)
//       for _ in it.repeat(None, n):  # Synchronous loop for each single
//       producer
//           await randsleep(caller=f"Producer {name}")
//           i = await makeitem()
//           t = time.perf_counter()
//           await q.put((i, t))
//           print(f"Producer {name} added <{i}> to queue.")
//
//   async def consume(name: int, q: asyncio.Queue) -> None:
//       while True:
//           await randsleep(caller=f"Consumer {name}")
//           i, t = await q.get()
//           now = time.perf_counter()
//           print(f"Consumer {name} got element <{i}>"
//                 f" in {now-t:0.5f} seconds.")
//           q.task_done()
//
//   async def main(nprod: int, ncon: int):
//       q = asyncio.Queue()
//       producers = [asyncio.create_task(produce(n, q)) for n in range(nprod)]
//       consumers = [asyncio.create_task(consume(n, q)) for n in range(ncon)]
//       await asyncio.gather(*producers)
//       await q.join()  # Implicitly awaits consumers, too
//       for c in consumers:
//           c.cancel()
//
//   if __name__ == "__main__":
//       import argparse
//       random.seed(444)
//       parser = argparse.ArgumentParser()
//       parser.add_argument("-p", "--nprod", type=int, default=5)
//       parser.add_argument("-c", "--ncon", type=int, default=10)
//       ns = parser.parse_args()
//       start = time.perf_counter()
//       asyncio.run(main(**ns.__dict__))
//       elapsed = time.perf_counter() - start
//       print(f"Program completed in {elapsed:0.5f} seconds.")

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/gather.h"
#include "engine/python_int.h"
#include "engine/python_repr.h"
#include "engine/queue.h"
#include "engine/random.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "engine/urandom.h"
#include "scenarios/scenario.h"

namespace asyncsim::scenarios {
namespace {

// The module's globals: the generators behind `random.randint` and
// `os.urandom` (a stream of its own, the oracle's; see engine/urandom.h).
struct Module {
  Context& ctx;
  Random random;
  Urandom urandom;
};

// What the queue holds: the tuple (i, t). A pair, not an aggregate
// struct: g++ 12 miscompiles `co_await q.Put(Item{...})` with an aggregate
// temporary (its std::string ends up pointing into the freed frame).
using Item = std::pair<std::string, double>;

// async def makeitem(size: int = 5) -> str:
Task<std::string> MakeItem(Module& m, size_t size = 5) {
  co_return m.urandom.Hex(size);  // os.urandom(size).hex()
}

// async def randsleep(a: int = 1, b: int = 5, caller=None) -> None:
// (`a` and `b` are unused in the Python too.)
Task<void> RandSleep(Module& m, std::string caller = "") {
  int64_t i = m.random.RandInt(0, 10).value();
  if (!caller.empty()) {
    m.ctx.Print(absl::StrFormat("%s sleeping for %d seconds.", caller, i));
  }
  co_await Sleep(absl::Seconds(i));
}

// async def produce(name: int, q: asyncio.Queue) -> None:
Task<void> Produce(Module& m, int64_t name, Queue<Item>& q) {
  int64_t n = m.random.RandInt(0, 10).value();
  for (int64_t k = 0; k < n; ++k) {  // for _ in it.repeat(None, n):
    co_await RandSleep(m, absl::StrFormat("Producer %d", name));
    std::string i = co_await MakeItem(m);
    double t = m.ctx.clock.Time();  // time.perf_counter()
    co_await q.Put({i, t});
    m.ctx.Print(absl::StrFormat("Producer %d added <%s> to queue.", name, i));
  }
}

// async def consume(name: int, q: asyncio.Queue) -> None:
Task<void> Consume(Module& m, int64_t name, Queue<Item>& q) {
  while (true) {
    co_await RandSleep(m, absl::StrFormat("Consumer %d", name));
    auto [i, t] = co_await q.Get();
    double now = m.ctx.clock.Time();  // time.perf_counter()
    m.ctx.Print(absl::StrFormat(
        "Consumer %d got element <%s> in %0.5f seconds.", name, i, now - t));
    q.TaskDone();
  }
}

// async def main(nprod: int, ncon: int):
Task<void> Main(Module& m, int64_t nprod, int64_t ncon) {
  Queue<Item> q;
  std::vector<TaskHandle<void>> producers;
  // The names are for timelines and traces only (the script's tasks are
  // Task-2, ...); the output does not change.
  for (int64_t n = 0; n < nprod; ++n) {
    producers.push_back(
        CreateTask(Produce(m, n, q), absl::StrFormat("Producer %d", n)));
  }
  std::vector<TaskHandle<void>> consumers;
  for (int64_t n = 0; n < ncon; ++n) {
    consumers.push_back(
        CreateTask(Consume(m, n, q), absl::StrFormat("Consumer %d", n)));
  }
  co_await Gather(std::move(producers));
  co_await q.Join();  // Implicitly awaits consumers, too
  for (TaskHandle<void>& c : consumers) c.Cancel();
}

// ns = parser.parse_args(), for the parser above.
struct Namespace {
  int64_t nprod = 5;
  int64_t ncon = 10;
  bool help = false;  // -h: argparse prints the help and exits
};

// What argparse prints for -h (Python 3.11).
constexpr char kHelp[] =
    "usage: asyncq.py [-h] [-p NPROD] [-c NCON]\n"
    "\n"
    "options:\n"
    "  -h, --help            show this help message and exit\n"
    "  -p NPROD, --nprod NPROD\n"
    "  -c NCON, --ncon NCON";

absl::Status ArgparseError(std::string_view message) {
  return absl::InvalidArgumentError(absl::StrFormat("error: %s", message));
}

// argparse's negative-number test: `-p -1` gives -p the value -1.
bool LooksLikeNegativeNumber(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  bool digits = false;
  bool dot = false;
  for (char c : arg.substr(1)) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
    } else {
      return false;
    }
  }
  return digits;
}

// What argparse accepts and CLI11 does not read the same way, rewritten for
// CLI11: unique prefixes of long options (`--np 3`), `-p=3`; and argparse's
// "expected one argument" when an option's value would be another option.
absl::StatusOr<std::vector<std::string>> Normalize(
    std::vector<std::string> args) {
  constexpr std::string_view kLong[] = {"--help", "--nprod", "--ncon"};
  for (size_t k = 0; k < args.size(); ++k) {
    std::string& arg = args[k];
    if (arg == "--") break;  // Everything after is positional.
    if (arg.starts_with("--")) {
      const size_t eq = arg.find('=');
      const std::string name = arg.substr(0, eq);
      std::vector<std::string> matches;
      for (std::string_view option : kLong) {
        if (option == name) {
          matches = {std::string(option)};
          break;
        }
        if (option.starts_with(name)) matches.emplace_back(option);
      }
      if (matches.size() > 1) {
        return ArgparseError(
            absl::StrFormat("ambiguous option: %s could match %s", name,
                            absl::StrJoin(matches, ", ")));
      }
      if (matches.size() == 1) {
        arg = matches[0] + (eq == std::string::npos ? "" : arg.substr(eq));
      }
    } else if (arg.size() > 2 && arg[2] == '=' &&
               (arg.starts_with("-p") || arg.starts_with("-c"))) {
      arg.erase(2, 1);  // -p=3 is -p3
    }
    const bool takes_value =
        arg == "-p" || arg == "-c" || arg == "--nprod" || arg == "--ncon";
    if (takes_value &&
        (k + 1 == args.size() || (args[k + 1].starts_with("-") &&
                                  !LooksLikeNegativeNumber(args[k + 1])))) {
      const bool nprod = arg == "-p" || arg == "--nprod";
      return ArgparseError(absl::StrFormat("argument %s: expected one argument",
                                           nprod ? "-p/--nprod" : "-c/--ncon"));
    }
  }
  return args;
}

// int(value) for option `option`, with argparse's message.
absl::Status ReadInt(std::string_view option, const std::string& value,
                     int64_t& out) {
  absl::StatusOr<int64_t> n = ParsePythonInt64(value);
  if (absl::IsOutOfRange(n.status())) {
    return ArgparseError(
        absl::StrFormat("argument %s: %s", option, n.status().message()));
  }
  if (!n.ok()) {
    return ArgparseError(absl::StrFormat("argument %s: invalid int value: %s",
                                         option, PythonRepr(value)));
  }
  out = *n;
  return absl::OkStatus();
}

// parser.parse_args()
absl::StatusOr<Namespace> ParseArgs(const std::vector<std::string>& argv) {
  absl::StatusOr<std::vector<std::string>> args = Normalize(argv);
  if (!args.ok()) return args.status();
  Namespace ns;
  std::optional<std::string> nprod;
  std::optional<std::string> ncon;
  CLI::App parser("", "asyncq.py");
  parser.set_help_flag();  // argparse's own help, below.
  parser.add_flag("-h,--help", ns.help);
  parser.add_option("-p,--nprod", nprod)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  parser.add_option("-c,--ncon", ncon)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  parser.allow_extras();
  std::vector<std::string> reversed(args->rbegin(), args->rend());
  try {
    parser.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return ArgparseError(e.what());
  }
  if (ns.help) return ns;  // argparse stops at -h.
  if (!parser.remaining().empty()) {
    return ArgparseError(absl::StrFormat(
        "unrecognized arguments: %s", absl::StrJoin(parser.remaining(), " ")));
  }
  if (nprod.has_value()) {
    if (absl::Status s = ReadInt("-p/--nprod", *nprod, ns.nprod); !s.ok()) {
      return s;
    }
  }
  if (ncon.has_value()) {
    if (absl::Status s = ReadInt("-c/--ncon", *ncon, ns.ncon); !s.ok()) {
      return s;
    }
  }
  return ns;
}

// if __name__ == "__main__":
absl::Status ScriptMain(Context& ctx) {
  // random.seed(444), and os.urandom's stream for the same seed.
  Module m{.ctx = ctx,
           .random = Random::FromSeedWords(ctx.seed.magnitude),
           .urandom = Urandom::FromSeedWords(ctx.seed.magnitude)};
  absl::StatusOr<Namespace> ns = ParseArgs(ctx.args);
  if (!ns.ok()) return ns.status();
  if (ns->help) {
    ctx.Print(kHelp);
    return absl::OkStatus();
  }
  // main() creates nprod + ncon tasks that are all alive at once: more
  // than the task limit allows is refused before anything runs, rather than
  // after a million of them were made.
  const uint64_t tasks =
      uint64_t{1} + static_cast<uint64_t>(std::max<int64_t>(ns->nprod, 0)) +
      static_cast<uint64_t>(std::max<int64_t>(ns->ncon, 0));
  if (const uint64_t limit = ctx.run_options.max_tasks;
      limit != 0 && tasks > limit) {
    return TaskLimitExceededError(absl::StrFormat(
        "task limit: -p/--nprod %d and -c/--ncon %d need %d tasks alive at "
        "once, more than the limit of %d (--max-tasks)",
        ns->nprod, ns->ncon, tasks, limit));
  }
  double start = ctx.clock.Time();  // time.perf_counter()
  if (absl::Status run = Run(Main(m, ns->nprod, ns->ncon), ctx.run_options);
      !run.ok()) {
    return run;  // asyncio.run(main(**ns.__dict__)) never returned.
  }
  double elapsed = ctx.clock.Time() - start;
  ctx.Print(absl::StrFormat("Program completed in %0.5f seconds.", elapsed));
  return absl::OkStatus();
}

}  // namespace

extern const Scenario kAsyncq;
constinit const Scenario kAsyncq = {
    .name = "asyncq",
    .summary = "producers and consumers of random items on an asyncio.Queue",
    .usage = "[-h] [-p NPROD] [-c NCON]",
    .arguments_help =
        "Arguments, as the script's argparse reads them: -p/--nprod NPROD "
        "producers (default 5), -c/--ncon NCON consumers (default 10); "
        "--nprod=3, -p3 and unique prefixes (--np 3) work too. -c 0 with "
        "producers deadlocks (exit status 3).",
    .uses_seed = true,
    .main = &ScriptMain,
};

}  // namespace asyncsim::scenarios
