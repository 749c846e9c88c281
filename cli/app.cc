#include "cli/app.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "cli/number_syntax.h"
#include "cli/output.h"
#include "cli/pacer.h"
#include "cli/suggest.h"
#include "cli/terminal.h"
#include "cli/text_wrap.h"
#include "cli/trace_check.h"
#include "cli/visuals.h"
#include "engine/clock.h"
#include "engine/errors.h"
#include "engine/loop.h"
#include "engine/observer.h"
#include "engine/python_int.h"
#include "engine/python_repr.h"
#include "engine/run.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {
namespace {

using scenarios::Scenario;
using ScenarioSpan = absl::Span<const Scenario* const>;

constexpr char kDescription[] =
    "asyncsim replays Python asyncio programs on a virtual clock: sleeps "
    "take no real time, and stdout is byte for byte what CPython prints.";

constexpr char kExitStatusHelp[] =
    "Exit status: 0 the program ran to its end, 1 an exception escaped it "
    "(or stdout could not be written), 2 bad arguments, 3 deadlock (report "
    "on stderr), 4 --until, --max-steps or --max-tasks reached, 5 "
    "--check-determinism found the two runs differ, 130 Ctrl-C stopped a "
    "--speed replay, 141 stdout was closed early.";

constexpr char kGeneral[] = "General";

constexpr char kScenarioOptionsHelp[] =
    "asyncsim's own options (--seed, --until, --max-steps, --max-tasks, "
    "--check-determinism, --color, --timestamps, --timeline, --ties, "
    "--trace, --svg, --speed; asyncsim --help describes them) may stand "
    "before or after the program's arguments. Everything after a `--` is "
    "the program's, and so is a -h/--help that follows the program's first "
    "argument.";

constexpr char kPlacementHelp[] =
    "asyncsim's options may stand anywhere: before or after the scenario "
    "name, or among and after the program's arguments (asyncsim asyncq -p 2 "
    "-c 5 --seed 7). Everything after a `--` is the program's, and so is a "
    "-h/--help that follows the program's first argument.";

// asyncsim's own options, as given (validated by `Settings::From`).
struct Flags {
  std::string seed = "444";
  // Not given: no horizon, no step limit, kDefaultMaxTasks, and NO_COLOR's
  // choice (else always). Given empty: a usage error.
  std::optional<std::string> until;
  std::optional<std::string> max_steps;
  std::optional<std::string> max_tasks;
  std::optional<std::string> color;
  bool check_determinism = false;
  VisualFlags visual;  // --timestamps, --timeline, --trace, ...
};

// The options, validated.
struct Settings {
  PythonInt seed;
  absl::Duration horizon = absl::InfiniteDuration();
  uint64_t max_steps = 0;
  uint64_t max_tasks = kDefaultMaxTasks;
  bool color = true;
  bool check_determinism = false;
  VisualSettings visual;
};

// Prints the usage line we choose instead of CLI11's, which cannot show the
// program's own arguments after `[OPTIONS]`.
//
// The whole help is ours too: the description, the usage, the options by
// group (an option in group "" is not listed), and the footer, every
// paragraph wrapped to `width` columns. A footer line that starts with two
// spaces is a table row ("  name  what"): it wraps under its second column.
class Formatter final : public CLI::Formatter {
 public:
  Formatter(std::string usage, int width)
      : usage_(std::move(usage)), width_(std::max(width, kMinWidth)) {}

  std::string make_usage(const CLI::App*, std::string) const override {
    std::string out;
    for (absl::string_view line : absl::StrSplit(usage_, '\n')) {
      const std::string text(absl::StripLeadingAsciiWhitespace(line));
      absl::StrAppend(
          &out, WrapWords(text, width_, out.empty() ? "Usage: " : "       ",
                          "           "));
    }
    return out;
  }

  std::string make_help(const CLI::App* app, std::string,
                        CLI::AppFormatMode) const override {
    std::string out = WrapParagraphs(app->get_description());
    absl::StrAppend(&out, make_usage(app, ""));
    for (const std::string& group : app->get_groups()) {
      if (group.empty()) continue;
      std::vector<const CLI::Option*> options =
          app->get_options([&](const CLI::Option* option) {
            return option->get_group() == group && option->nonpositional();
          });
      if (options.empty()) continue;
      absl::StrAppend(&out, "\n", group, ":\n");
      for (const CLI::Option* option : options) {
        std::string names;
        for (const std::string& name : option->get_snames()) {
          absl::StrAppend(&names, names.empty() ? "" : ", ", "-", name);
        }
        for (const std::string& name : option->get_lnames()) {
          absl::StrAppend(&names, names.empty() ? "" : ", ", "--", name);
        }
        if (option->get_items_expected_min() > 0) {
          absl::StrAppend(&names, " ", option->get_type_name());
        }
        absl::StrAppend(&out, Entry(names, option->get_description()));
      }
    }
    if (!app->get_footer().empty()) {
      absl::StrAppend(&out, "\n", WrapParagraphs(app->get_footer()));
    }
    return out;
  }

 private:
  static constexpr int kMinWidth = 40;
  static constexpr int kNameColumn = 24;

  // "  NAME  DESCRIPTION", the description wrapped under its column (on
  // the next line if the name is too wide for it).
  std::string Entry(const std::string& name, const std::string& description,
                    int column = kNameColumn) const {
    const std::string indent(column + 4, ' ');
    std::string head = absl::StrCat("  ", name);
    if (static_cast<int>(head.size()) + 2 > column + 4) {
      return absl::StrCat(head, "\n",
                          WrapWords(description, width_, indent, indent));
    }
    head.append(column + 4 - head.size(), ' ');
    return WrapWords(description, width_, head, indent);
  }

  // Paragraphs (separated by blank lines) wrapped; table rows (lines
  // starting with two spaces) wrapped under their second column.
  std::string WrapParagraphs(const std::string& text) const {
    std::string out;
    std::string paragraph;
    auto flush = [&] {
      if (!paragraph.empty())
        absl::StrAppend(&out, WrapWords(paragraph, width_, "", ""));
      paragraph.clear();
    };
    for (absl::string_view piece : absl::StrSplit(text, '\n')) {
      const std::string_view line(piece.data(), piece.size());
      if (line.empty()) {
        flush();
        out += "\n";
      } else if (line.starts_with("  ")) {
        flush();
        const size_t gap = line.find("  ", 2);
        const size_t second = gap == std::string_view::npos
                                  ? std::string_view::npos
                                  : line.find_first_not_of(' ', gap);
        if (second == std::string_view::npos) {
          absl::StrAppend(&out, std::string(line), "\n");
        } else {
          const std::string head(line.substr(0, second));
          const std::string indent(second, ' ');
          absl::StrAppend(&out,
                          WrapWords(line.substr(second), width_, head, indent));
        }
      } else {
        absl::StrAppend(&paragraph, paragraph.empty() ? "" : " ",
                        std::string(line));
      }
    }
    flush();
    return out;
  }

  std::string usage_;
  int width_;
};

// Where the run's output goes: stdout (buffered) and stderr; and the real
// clock a --speed replay is paced by.
struct Streams {
  FdOutput& out;
  std::ostream& err;
  RealClock& real_clock;
};

// Writes stdout's pending lines, then one message line to stderr (a usage
// error's is always one line).
int Fail(Streams& io, int status, std::string_view message) {
  io.out.Flush();
  if (status == kExitUsage) {
    io.err << PythonEscapeNonPrintable(message) << "\n" << std::flush;
  } else {
    io.err << message << "\n" << std::flush;
  }
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
  constexpr char kReplay[] = "Replay";
  constexpr char kLimits[] = "Limits (exit status 4)";
  app.add_option("--seed", flags.seed, seed_help)
      ->group(kReplay)
      ->type_name("N")
      ->multi_option_policy(last);
  app.add_option("--until", flags.until,
                 "Stop (exit status 4) rather than let the virtual clock pass "
                 "SECONDS")
      ->group(kLimits)
      ->type_name("SECONDS")
      ->multi_option_policy(last);
  app.add_option("--max-steps", flags.max_steps,
                 "Stop (exit status 4) after N event-loop steps (0: no limit)")
      ->group(kLimits)
      ->type_name("N")
      ->multi_option_policy(last);
  app.add_option("--max-tasks", flags.max_tasks,
                 absl::StrCat("Stop (exit status 4) when the program would "
                              "have more than N tasks alive at once (default ",
                              kDefaultMaxTasks, "; 0: no limit)"))
      ->group(kLimits)
      ->type_name("N")
      ->multi_option_policy(last);
  app.add_flag("--check-determinism", flags.check_determinism,
               "Run the program twice and compare the two runs event for "
               "event (exit status 5 if they differ); stdout is printed once")
      ->group(kReplay);
  app.add_option("--color", flags.color,
                 "ANSI colours (rand): always (the default, as the script), "
                 "never, or auto (when stdout is a terminal). With NO_COLOR "
                 "set and no --color: never")
      ->group(kReplay)
      ->type_name("WHEN")
      ->multi_option_policy(last);
  AddVisualFlags(app, flags.visual);
}

absl::StatusOr<Settings> Validate(const Flags& flags) {
  Settings settings;
  absl::StatusOr<PythonInt> seed = ParsePythonInt(flags.seed);
  if (!seed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--seed: ", seed.status().message()));
  }
  settings.seed = *std::move(seed);
  if (flags.until.has_value()) {
    std::optional<double> seconds = ParseAmount(*flags.until);
    if (!seconds.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--until: expected a number of seconds such as 10, 2.5 or 1e3, got ",
          PythonRepr(*flags.until)));
    }
    // About 292 years: the clock is a double, but a horizon also bounds
    // the 24 h steps the loop takes towards a later timer.
    constexpr int64_t kMaxSeconds = 9'223'372'036;
    if (*seconds > static_cast<double>(kMaxSeconds)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--until: at most ", kMaxSeconds, " seconds, got ",
                       PythonRepr(*flags.until)));
    }
    settings.horizon = absl::Seconds(*seconds);
  }
  // A count of 0 up to 2^64 - 1, in digits.
  auto parse_count = [](const char* flag,
                        const std::optional<std::string>& text,
                        uint64_t& count) -> absl::Status {
    if (!text.has_value()) return absl::OkStatus();
    if (std::optional<uint64_t> parsed = ParseCount(*text)) {
      count = *parsed;
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": expected an integer from 0 to ",
                     std::numeric_limits<uint64_t>::max(), " in digits, got ",
                     PythonRepr(*text)));
  };
  if (absl::Status s =
          parse_count("--max-steps", flags.max_steps, settings.max_steps);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          parse_count("--max-tasks", flags.max_tasks, settings.max_tasks);
      !s.ok()) {
    return s;
  }
  settings.check_determinism = flags.check_determinism;
  const char* no_color = std::getenv("NO_COLOR");
  const bool no_color_set = no_color != nullptr && *no_color != '\0';
  if (!flags.color.has_value()) {
    settings.color = !no_color_set;
  } else if (*flags.color == "always") {
    settings.color = true;
  } else if (*flags.color == "never") {
    settings.color = false;
  } else if (*flags.color == "auto") {
    settings.color = !no_color_set && ::isatty(STDOUT_FILENO) == 1;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--color: expected always, never or auto, got ",
                     PythonRepr(*flags.color)));
  }
  absl::StatusOr<VisualSettings> visual =
      ValidateVisualFlags(flags.visual, settings.horizon);
  if (!visual.ok()) return visual.status();
  settings.visual = *std::move(visual);
  return settings;
}

// One line per scenario: name and summary, each line starting with
// `indent`.
std::string ScenarioList(ScenarioSpan scenarios, std::string_view indent = "") {
  size_t width = 0;
  for (const Scenario* scenario : scenarios) {
    width = std::max(width, scenario->name.size());
  }
  std::string list;
  for (const Scenario* scenario : scenarios) {
    absl::StrAppendFormat(&list, "%s%-*s  %s\n", indent,
                          static_cast<int>(width), scenario->name,
                          scenario->summary);
  }
  return list;
}

// Where asyncsim's options at the front of `args` end: at the first
// argument that is not one of `app`'s options or its value. (CLI11's
// prefix_command() stops only at a positional argument; an unknown option
// would be skipped and the options after it still read as asyncsim's.)
size_t OptionsEnd(const CLI::App& app, const std::vector<std::string>& args) {
  size_t end = 0;
  while (end < args.size()) {
    const std::string& arg = args[end];
    if (arg.size() < 2 || arg[0] != '-' || arg == "--") break;
    const size_t eq = arg.find('=');
    const CLI::Option* option = app.get_option_no_throw(arg.substr(0, eq));
    if (option == nullptr) break;
    ++end;
    // `--seed 7`: the value is the next argument.
    if (option->get_items_expected_min() > 0 && eq == std::string::npos) ++end;
  }
  return std::min(end, args.size());
}

// Moves asyncsim's options in `args` (what follows the scenario name) to the
// front, so that they may also follow the program's arguments, as in
// `asyncsim asyncq -p 2 -c 5 --seed 7`. Only long options are taken (none of
// the programs has an option of the same name); only up to a `--`, which
// leaves everything after it to the program; and not -h/--help once the
// program's arguments have begun (that is the program's own help). Returns
// false, with `error` set, for an option whose value is missing.
bool HoistOptions(const CLI::App& app, std::vector<std::string>& args,
                  std::string& error) {
  const size_t lead = OptionsEnd(app, args);
  std::vector<std::string> options(args.begin(), args.begin() + lead);
  std::vector<std::string> program;
  for (size_t i = lead; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      program.insert(program.end(), args.begin() + i, args.end());
      break;
    }
    const size_t eq = arg.find('=');
    const CLI::Option* option = arg.starts_with("--")
                                    ? app.get_option_no_throw(arg.substr(0, eq))
                                    : nullptr;
    if (option == nullptr || option == app.get_help_ptr()) {
      program.push_back(arg);
      continue;
    }
    options.push_back(arg);
    // `--seed 7`: the value is the next argument, whatever it looks like.
    if (option->get_items_expected_min() > 0 && eq == std::string::npos) {
      if (i + 1 == args.size() || args[i + 1] == "--") {
        error = absl::StrCat("asyncsim: ", arg, " needs a value");
        return false;
      }
      options.push_back(args[++i]);
    }
  }
  options.insert(options.end(), program.begin(), program.end());
  args = std::move(options);
  return true;
}

// Parses asyncsim's options at the front of `args` with `app`, and sets
// `rest` to the arguments after them. Returns -1 to go on, else the exit
// status (help printed, or a parse error reported).
int Parse(CLI::App& app, const std::vector<std::string>& args,
          std::vector<std::string>& rest, Streams& io) {
  const size_t end = OptionsEnd(app, args);
  // `--until=5` as `--until 5`, so that `--until=` is the empty value
  // (which validation refuses) and not a CLI11 "1 required ... missing".
  // Flags keep CLI11's `--timestamps=false`.
  std::vector<std::string> reversed;
  for (size_t i = end; i-- > 0;) {
    const std::string& arg = args[i];
    const size_t eq = arg.find('=');
    const CLI::Option* option = arg.starts_with("--") && eq != std::string::npos
                                    ? app.get_option_no_throw(arg.substr(0, eq))
                                    : nullptr;
    if (option != nullptr && option->get_items_expected_min() > 0) {
      reversed.push_back(arg.substr(eq + 1));
      reversed.push_back(arg.substr(0, eq));
    } else {
      reversed.push_back(arg);
    }
  }
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    io.out.Write(app.help());
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    io.out.Write(absl::StrCat(e.what(), "\n"));
    return kExitOk;
  } catch (const CLI::ArgumentMismatch& e) {
    // CLI11 says "--color: 1 required WHEN missing".
    const std::string what = e.what();
    return Fail(io, kExitUsage,
                absl::StrCat("asyncsim: ", what.substr(0, what.find(':')),
                             " needs a value"));
  } catch (const CLI::ParseError& e) {
    return Fail(io, kExitUsage, absl::StrCat("asyncsim: ", e.what()));
  }
  rest.assign(args.begin() + end, args.end());
  return -1;
}

// The engine's log (asyncio's logger: "Task exception was never
// retrieved"): stderr, with what the program printed so far written first.
class LogBuffer final : public std::streambuf {
 public:
  explicit LogBuffer(Streams& io) : io_(io) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return c;
    io_.out.Flush();
    io_.err.put(traits_type::to_char_type(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    io_.out.Flush();
    io_.err.write(s, n);
    return n;
  }
  int sync() override {
    io_.err.flush();
    return 0;
  }

 private:
  Streams& io_;
};

// A scenario's `print` going nowhere (the second run of
// --check-determinism: its output is only compared).
class NullOutput final : public scenarios::Output {
 public:
  void Print(std::string_view) override {}
};

// An ostream that discards everything.
class NullStream final : public std::ostream {
 public:
  NullStream() : std::ostream(nullptr) {}
};

// How one run of a scenario ended: its status, or the exception it threw.
struct Outcome {
  absl::Status status;
  std::exception_ptr exception;

  std::string Describe() const {
    if (exception) return DescribeException(exception);
    return status.ToString();
  }
};

// Runs the scenario once on a fresh clock, printing to `out`, logging to
// `log`, with `observer` (may be null) watching its tasks.
Outcome RunOnce(const Scenario& scenario, const Settings& settings,
                const RunBounds& bounds, const std::vector<std::string>& args,
                VirtualClock& clock, scenarios::Output& out, std::ostream& log,
                Observer* observer) {
  // The tighter of each option and the caller's cap; 0 means none.
  auto tighter = [](uint64_t a, uint64_t b) {
    return a == 0 ? b : b == 0 ? a : std::min(a, b);
  };
  scenarios::Context context{
      .clock = clock,
      .out = out,
      .seed = settings.seed,
      .run_options = {.clock = &clock,
                      .horizon = std::min(settings.horizon, bounds.horizon),
                      .max_steps =
                          tighter(settings.max_steps, bounds.max_steps),
                      .max_tasks =
                          tighter(settings.max_tasks, bounds.max_tasks),
                      .observer = observer,
                      .log = &log},
      .args = args,
      .color = settings.color,
  };
  Outcome outcome;
  try {
    outcome.status = scenario.main(context);
  } catch (...) {
    outcome.exception = std::current_exception();
  }
  return outcome;
}

// Reports a failed write to stdout: nothing for a closed pipe (exit 141),
// else one line (exit 1).
int OutputFailed(Streams& io, std::string_view prefix) {
  if (io.out.broken_pipe()) return kExitBrokenPipe;
  io.err << prefix << "cannot write to stdout: " << io.out.error() << "\n"
         << std::flush;
  return kExitException;
}

int RunScenario(const Scenario& scenario, const Settings& settings,
                const RunBounds& bounds, std::vector<std::string> args,
                Streams& io, std::string_view seed) {
  LogBuffer log_buffer(io);
  std::ostream log(&log_buffer);
  VirtualClock clock;
  const std::string prefix = absl::StrFormat("asyncsim %s: ", scenario.name);
  // --timestamps, --timeline, --trace, --svg, --speed, --ties; their title
  // is the command that ran, minus asyncsim's own options.
  std::vector<std::string> command = {"asyncsim", std::string(scenario.name)};
  command.insert(command.end(), args.begin(), args.end());
  if (seed != "444") {
    command.push_back("--seed");
    command.push_back(std::string(seed));
  }
  absl::StatusOr<std::unique_ptr<VisualRun>> visual =
      VisualRun::Start(settings.visual, clock, io.out, io.real_clock,
                       absl::StrJoin(command, " "));
  if (!visual.ok()) {
    return Fail(io, kExitUsage,
                absl::StrCat("asyncsim: ", visual.status().message()));
  }
  // Reports of the run's timing, after what it printed and before how it
  // ended; stops at a Ctrl-C that interrupted a --speed replay.
  auto finish = [&](int status, std::string_view message) {
    io.out.Flush();
    const char* ending = status == kExitDeadlock    ? "deadlock"
                         : status == kExitLimit     ? "limit reached"
                         : status == kExitException ? "exception"
                                                    : "";
    absl::Status written =
        (*visual)->Finish(io.err, TerminalWidth(STDERR_FILENO), ending);
    if ((*visual)->interrupted()) {
      return Fail(
          io, kExitInterrupted,
          absl::StrFormat("%sinterrupted at virtual time %.3f s "
                          "(KeyboardInterrupt)",
                          prefix,
                          absl::ToDoubleSeconds((*visual)->interrupted_at())));
    }
    if (!written.ok() && status == kExitOk) {
      return Fail(io, kExitException,
                  absl::StrCat("asyncsim: ", written.message()));
    }
    if (!written.ok()) io.err << "asyncsim: " << written.message() << "\n";
    if (message.empty()) return status;
    return Fail(io, status, message);
  };
  Outcome outcome;
  std::optional<std::string> difference;
  if (!settings.check_determinism) {
    outcome = RunOnce(scenario, settings, bounds, args, clock,
                      (*visual)->output(), log, (*visual)->observer());
  } else {
    // Both runs in this process, each traced; the first prints (and feeds
    // the timing views), the second (and its log) is only compared.
    TraceRecorder first(clock, &(*visual)->output(), nullptr,
                        (*visual)->observer());
    outcome =
        RunOnce(scenario, settings, bounds, args, clock, first, log, &first);
    first.End(outcome.Describe());
    if (io.out.ok()) {
      VirtualClock second_clock;
      TraceRecorder second(second_clock, nullptr, &first);
      NullStream no_log;
      Outcome again = RunOnce(scenario, settings, bounds, args, second_clock,
                              second, no_log, &second);
      second.End(again.Describe());
      difference = second.FirstDifference();
      if (!difference.has_value() && second.hash() != first.hash()) {
        difference = "the trace hashes differ";  // Cannot happen.
      }
    }
  }
  io.out.Flush();
  if (!io.out.ok()) return OutputFailed(io, prefix);
  if (difference.has_value()) {
    return finish(kExitNondeterministic,
                  absl::StrCat(prefix, "the two runs differ: ", *difference));
  }
  if (outcome.exception) {
    return finish(kExitException,
                  absl::StrCat(prefix, "uncaught exception: ",
                               DescribeException(outcome.exception)));
  }
  const absl::Status& status = outcome.status;
  if (status.ok()) return finish(kExitOk, "");
  // The program's own bad arguments: it never ran, so there is no timing
  // to show, and the error stays one line.
  if (absl::IsInvalidArgument(status)) {
    return Fail(io, kExitUsage, absl::StrCat(prefix, status.message()));
  }
  int exit_status = kExitException;
  if (IsDeadlock(status)) {
    exit_status = kExitDeadlock;
  } else if (IsHorizonExceeded(status) || IsStepLimitExceeded(status) ||
             IsTaskLimitExceeded(status)) {
    exit_status = kExitLimit;
  }
  return finish(exit_status, absl::StrCat(prefix, status.message()));
}

int Dispatch(const std::vector<std::string>& args, ScenarioSpan scenarios,
             const RunBounds& bounds, Streams& io) {
  // Phase 1: options before the scenario name, then the name.
  Flags flags;
  CLI::App app(kDescription, "asyncsim");
  const int width = TerminalWidth(STDOUT_FILENO);
  app.formatter(std::make_shared<Formatter>(
      "asyncsim [OPTIONS] SCENARIO [OPTIONS] [PROGRAM ARGUMENTS...]\n"
      "       asyncsim list",
      width));
  app.get_help_ptr()->group(kGeneral);
  app.set_version_flag("--version", kVersion, "Print asyncsim's version")
      ->group(kGeneral);
  AddFlags(app, flags, nullptr);
  app.footer(absl::StrCat("Scenarios (asyncsim list):\n",
                          ScenarioList(scenarios, "  "), "\n", kPlacementHelp,
                          "\n\n", kExitStatusHelp));
  std::vector<std::string> rest;
  if (int status = Parse(app, args, rest, io); status >= 0) return status;
  if (rest.empty()) {
    return Fail(io, kExitUsage,
                "asyncsim: no scenario given (asyncsim list names them, "
                "asyncsim --help explains)");
  }
  const std::string name = rest.front();
  rest.erase(rest.begin());
  if (name == "list") {
    if (!rest.empty()) {
      return Fail(io, kExitUsage,
                  absl::StrCat("asyncsim list: unexpected argument ",
                               PythonRepr(rest.front())));
    }
    io.out.Write(ScenarioList(scenarios));
    return kExitOk;
  }
  const Scenario* scenario = nullptr;
  for (const Scenario* candidate : scenarios) {
    if (candidate->name == name) scenario = candidate;
  }
  if (scenario == nullptr) {
    std::vector<std::string> known;
    if (name.starts_with("-")) {
      for (const CLI::Option* option : app.get_options()) {
        for (const std::string& long_name : option->get_lnames()) {
          known.push_back("--" + long_name);
        }
      }
    } else {
      for (const Scenario* candidate : scenarios) {
        known.emplace_back(candidate->name);
      }
    }
    const std::optional<std::string> meant = Suggest(name, known);
    const std::string hint =
        meant.has_value() ? absl::StrCat("; did you mean ", *meant, "?") : "";
    return Fail(
        io, kExitUsage,
        name.starts_with("-")
            ? absl::StrCat("asyncsim: unknown option ", PythonRepr(name), hint,
                           " (asyncsim --help lists them)")
            : absl::StrCat("asyncsim: unknown scenario ", PythonRepr(name),
                           hint, " (asyncsim list names them)"));
  }

  // Phase 2: options after the scenario name, then the program's arguments.
  CLI::App sub(absl::StrFormat("%s: %s", scenario->name, scenario->summary),
               absl::StrFormat("asyncsim %s", scenario->name));
  sub.formatter(std::make_shared<Formatter>(
      absl::StrFormat("asyncsim %s [OPTIONS]%s%s", scenario->name,
                      scenario->usage.empty() ? "" : " ", scenario->usage),
      width));
  sub.get_help_ptr()->group(kGeneral);
  AddFlags(sub, flags, scenario);
  // asyncsim's own options are read here too, but `asyncsim --help`
  // describes them: this help is the scenario's.
  for (CLI::Option* option : sub.get_options()) {
    if (option != sub.get_help_ptr()) option->group("");
  }
  std::string footer;
  if (!scenario->arguments_help.empty()) {
    absl::StrAppendFormat(&footer, "%s\n\n", scenario->arguments_help);
  }
  absl::StrAppend(&footer, kScenarioOptionsHelp, "\n\n", kExitStatusHelp);
  sub.footer(footer);
  if (std::string error; !HoistOptions(sub, rest, error)) {
    return Fail(io, kExitUsage, error);
  }
  std::vector<std::string> program_args;
  if (int status = Parse(sub, rest, program_args, io); status >= 0) {
    return status;
  }
  if (!program_args.empty() && program_args.front() == "--") {
    program_args.erase(program_args.begin());
  }

  absl::StatusOr<Settings> settings = Validate(flags);
  if (!settings.ok()) {
    return Fail(io, kExitUsage,
                absl::StrCat("asyncsim: ", settings.status().message()));
  }
  return RunScenario(*scenario, *settings, bounds, std::move(program_args), io,
                     flags.seed);
}

}  // namespace

int RunCommandLine(const std::vector<std::string>& args, ScenarioSpan scenarios,
                   FdOutput& out, std::ostream& err, RealClock* real_clock,
                   const RunBounds& bounds) {
  Streams io{.out = out,
             .err = err,
             .real_clock = real_clock != nullptr ? *real_clock : SystemClock()};
  int status = Dispatch(args, scenarios, bounds, io);
  out.Flush();
  // Help and `list` text is written here, at the end (a run's output was
  // checked when the run ended, and reported with its own status).
  if (!out.ok() && status == kExitOk) return OutputFailed(io, "asyncsim: ");
  return status;
}

}  // namespace asyncsim::cli
