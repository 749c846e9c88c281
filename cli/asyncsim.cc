// asyncsim: replays Python asyncio programs on a virtual clock.
//
//   asyncsim [OPTIONS] <scenario> [OPTIONS] [the program's own arguments]
//   asyncsim list
//
// asyncsim's options (--seed, --until, --max-steps, --color) go before the
// program's arguments, before or after the scenario name: the first
// argument that is not one of them starts the program's arguments, and
// everything from there on is the program's (a `--` there is dropped, so
// `asyncsim chained -- --seed` passes `--seed` to the program).
//
// Exit status: 0 the program ran to its end, 1 an exception escaped it,
// 2 bad arguments, 3 deadlock, 4 --until or --max-steps reached.

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "cli/output.h"
#include "engine/clock.h"
#include "engine/errors.h"
#include "engine/loop.h"
#include "engine/run.h"
#include "scenarios/python/int.h"
#include "scenarios/python/repr.h"
#include "scenarios/registry.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {
namespace {

using scenarios::Scenario;

enum ExitStatus : int {
  kExitOk = 0,
  kExitException = 1,
  kExitUsage = 2,
  kExitDeadlock = 3,
  kExitLimit = 4,
};

constexpr char kDescription[] =
    "asyncsim replays Python asyncio programs on a virtual clock: sleeps "
    "take no real time, and stdout is byte for byte what CPython prints.";

constexpr char kExitStatusHelp[] =
    "Exit status: 0 the program ran to its end, 1 an exception escaped it, "
    "2 bad arguments, 3 deadlock (report on stderr), 4 --until or "
    "--max-steps reached.";

constexpr char kPlacementHelp[] =
    "asyncsim's options go before the program's arguments, before or after "
    "the scenario name. The first argument that is not one of them starts "
    "the program's arguments; everything from there on is the program's (a "
    "leading `--` is dropped).";

// asyncsim's own options, as given (validated by `Settings::From`).
struct Flags {
  std::string seed = "444";
  std::string until;      // empty: no horizon
  std::string max_steps;  // empty: no limit
  std::string color;      // empty: NO_COLOR, else always
};

// The options, validated.
struct Settings {
  python::Int seed;
  absl::Duration horizon = absl::InfiniteDuration();
  uint64_t max_steps = 0;
  bool color = true;
};

// Prints the usage line we choose instead of CLI11's, which cannot show the
// program's own arguments after `[OPTIONS]`.
class Formatter final : public CLI::Formatter {
 public:
  explicit Formatter(std::string usage) : usage_(std::move(usage)) {}
  std::string make_usage(const CLI::App*, std::string) const override {
    return absl::StrCat("Usage: ", usage_, "\n");
  }

 private:
  std::string usage_;
};

// Writes stdout's pending lines, then one message line to stderr.
int Fail(FdOutput& out, int status, std::string_view message) {
  out.Flush();
  std::cerr << message << "\n" << std::flush;
  return status;
}

void AddFlags(CLI::App& app, Flags& flags, const Scenario* scenario) {
  std::string seed_help =
      "Any Python int, used instead of the program's own random.seed(444) "
      "(default 444)";
  if (scenario != nullptr && !scenario->uses_seed) {
    absl::StrAppendFormat(&seed_help,
                          "; %s draws no random numbers and ignores it",
                          scenario->name);
  }
  const auto last = CLI::MultiOptionPolicy::TakeLast;
  app.add_option("--seed", flags.seed, seed_help)
      ->type_name("N")
      ->multi_option_policy(last);
  app.add_option("--until", flags.until,
                 "Stop (exit status 4) rather than let the virtual clock pass "
                 "SECONDS")
      ->type_name("SECONDS")
      ->multi_option_policy(last);
  app.add_option("--max-steps", flags.max_steps,
                 "Stop (exit status 4) after N event-loop steps (0: no limit)")
      ->type_name("N")
      ->multi_option_policy(last);
  app.add_option("--color", flags.color,
                 "ANSI colours (rand): always (the default, as the script), "
                 "never, or auto (when stdout is a terminal). With NO_COLOR "
                 "set and no --color: never")
      ->type_name("WHEN")
      ->multi_option_policy(last);
}

absl::StatusOr<Settings> Validate(const Flags& flags) {
  Settings settings;
  absl::StatusOr<python::Int> seed = python::ParseInt(flags.seed);
  if (!seed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--seed: ", seed.status().message()));
  }
  settings.seed = *std::move(seed);
  if (!flags.until.empty()) {
    double seconds;
    if (!absl::SimpleAtod(flags.until, &seconds) || !std::isfinite(seconds) ||
        seconds < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--until: expected a number of seconds >= 0, got ",
                       python::Repr(flags.until)));
    }
    settings.horizon = absl::Seconds(seconds);
  }
  if (!flags.max_steps.empty() &&
      !absl::SimpleAtoi(flags.max_steps, &settings.max_steps)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max-steps: expected an integer >= 0, got ",
                     python::Repr(flags.max_steps)));
  }
  const char* no_color = std::getenv("NO_COLOR");
  const bool no_color_set = no_color != nullptr && *no_color != '\0';
  if (flags.color.empty()) {
    settings.color = !no_color_set;
  } else if (flags.color == "always") {
    settings.color = true;
  } else if (flags.color == "never") {
    settings.color = false;
  } else if (flags.color == "auto") {
    settings.color = !no_color_set && ::isatty(STDOUT_FILENO) == 1;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--color: expected always, never or auto, got ",
                     python::Repr(flags.color)));
  }
  return settings;
}

// One line per scenario: name and summary, each line starting with
// `indent`.
std::string ScenarioList(std::string_view indent = "") {
  size_t width = 0;
  for (const Scenario* scenario : scenarios::AllScenarios()) {
    width = std::max(width, scenario->name.size());
  }
  std::string list;
  for (const Scenario* scenario : scenarios::AllScenarios()) {
    absl::StrAppendFormat(&list, "%s%-*s  %s\n", indent,
                          static_cast<int>(width), scenario->name,
                          scenario->summary);
  }
  return list;
}

// Parses `args` (in order) with `app`. Returns -1 to go on, else the exit
// status (help printed, or a parse error reported).
int Parse(CLI::App& app, std::vector<std::string> args, FdOutput& out) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out.Write(app.help());
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return Fail(out, kExitUsage, absl::StrCat("asyncsim: ", e.what()));
  }
  return -1;
}

int RunScenario(const Scenario& scenario, const Settings& settings,
                std::vector<std::string> args, FdOutput& out) {
  VirtualClock clock;
  scenarios::Context context{
      .clock = clock,
      .out = out,
      .seed = settings.seed,
      .run_options = {.clock = &clock,
                      .horizon = settings.horizon,
                      .max_steps = settings.max_steps},
      .args = std::move(args),
      .color = settings.color,
  };
  const std::string prefix = absl::StrFormat("asyncsim %s: ", scenario.name);
  absl::Status status;
  try {
    status = scenario.main(context);
  } catch (...) {
    return Fail(out, kExitException,
                absl::StrCat(prefix, "uncaught exception: ",
                             DescribeException(std::current_exception())));
  }
  out.Flush();
  if (status.ok()) {
    if (!out.ok()) {
      return Fail(out, kExitException, prefix + "cannot write to stdout");
    }
    return kExitOk;
  }
  int exit_status = kExitException;
  if (absl::IsInvalidArgument(status)) {
    exit_status = kExitUsage;
  } else if (IsDeadlock(status)) {
    exit_status = kExitDeadlock;
  } else if (IsHorizonExceeded(status) || IsStepLimitExceeded(status)) {
    exit_status = kExitLimit;
  }
  return Fail(out, exit_status, absl::StrCat(prefix, status.message()));
}

int Main(int argc, char** argv, FdOutput& out) {
  // Phase 1: options before the scenario name, then the name.
  Flags flags;
  CLI::App app(kDescription, "asyncsim");
  app.formatter(std::make_shared<Formatter>(
      "asyncsim [OPTIONS] SCENARIO [OPTIONS] [PROGRAM ARGUMENTS...]\n"
      "       asyncsim list"));
  app.prefix_command();
  AddFlags(app, flags, nullptr);
  app.footer(absl::StrCat("Scenarios (asyncsim list):\n", ScenarioList("  "),
                          "\n", kPlacementHelp, "\n\n", kExitStatusHelp));
  if (int status = Parse(app, {argv + 1, argv + argc}, out); status >= 0) {
    return status;
  }
  std::vector<std::string> rest = app.remaining();
  if (rest.empty()) {
    return Fail(out, kExitUsage,
                "asyncsim: no scenario given (asyncsim list names them, "
                "asyncsim --help explains)");
  }
  const std::string name = rest.front();
  rest.erase(rest.begin());
  if (name == "list") {
    if (!rest.empty()) {
      return Fail(out, kExitUsage,
                  absl::StrCat("asyncsim list: unexpected argument ",
                               python::Repr(rest.front())));
    }
    out.Write(ScenarioList());
    return kExitOk;
  }
  const Scenario* scenario = scenarios::FindScenario(name);
  if (scenario == nullptr) {
    return Fail(
        out, kExitUsage,
        name.starts_with("-")
            ? absl::StrCat("asyncsim: unknown option ", python::Repr(name))
            : absl::StrCat("asyncsim: unknown scenario ", python::Repr(name),
                           " (asyncsim list names them)"));
  }

  // Phase 2: options after the scenario name, then the program's arguments.
  CLI::App sub(absl::StrFormat("%s: %s", scenario->name, scenario->summary),
               absl::StrFormat("asyncsim %s", scenario->name));
  sub.formatter(std::make_shared<Formatter>(
      absl::StrFormat("asyncsim %s [OPTIONS]%s%s", scenario->name,
                      scenario->usage.empty() ? "" : " ", scenario->usage)));
  sub.prefix_command();
  AddFlags(sub, flags, scenario);
  std::string footer;
  if (!scenario->arguments_help.empty()) {
    absl::StrAppendFormat(&footer, "%s\n\n", scenario->arguments_help);
  }
  absl::StrAppend(&footer, kPlacementHelp, "\n\n", kExitStatusHelp);
  sub.footer(footer);
  if (int status = Parse(sub, rest, out); status >= 0) return status;
  std::vector<std::string> args = sub.remaining();
  if (!args.empty() && args.front() == "--") args.erase(args.begin());

  absl::StatusOr<Settings> settings = Validate(flags);
  if (!settings.ok()) {
    return Fail(out, kExitUsage,
                absl::StrCat("asyncsim: ", settings.status().message()));
  }
  return RunScenario(*scenario, *settings, std::move(args), out);
}

}  // namespace
}  // namespace asyncsim::cli

int main(int argc, char** argv) {
  asyncsim::cli::FdOutput out(STDOUT_FILENO);
  return asyncsim::cli::Main(argc, argv, out);
}
