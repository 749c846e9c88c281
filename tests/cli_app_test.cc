// The command line run in-process over scenarios made for the test: what
// the real programs cannot do (throw), and how the output and the
// messages are ordered.

#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/output.h"
#include "engine/errors.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/scenario.h"

namespace asyncsim::cli {
namespace {

using scenarios::Context;
using scenarios::Scenario;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Status Throws(Context& ctx) {
  ctx.Print("before the exception");
  throw ValueError("bad value");
}

Task<void> ThrowAfterASleep() {
  co_await Sleep(absl::Seconds(1));
  throw RuntimeError("inside the loop");
}

absl::Status ThrowsInsideRun(Context& ctx) {
  ctx.Print("starting");
  return Run(ThrowAfterASleep(), ctx.run_options);
}

Task<void> FailsUnobserved() {
  co_await Sleep(absl::ZeroDuration());
  throw ValueError("nobody looks");
}

Task<void> LosesATaskException(Context& ctx) {
  TaskHandle<void> task = CreateTask(FailsUnobserved(), "loser");
  ctx.Print("before the log");
  co_await Sleep(absl::Seconds(1));
  ctx.Print("after the task failed");
}

absl::Status LosesAnException(Context& ctx) {
  absl::Status status = Run(LosesATaskException(ctx), ctx.run_options);
  ctx.Print("after the run");
  return status;
}

absl::Status PrintsItsArguments(Context& ctx) {
  for (const std::string& arg : ctx.args) ctx.Print(arg);
  ctx.Print(ctx.color ? "color" : "no color");
  return absl::OkStatus();
}

constexpr Scenario kThrows = {
    .name = "throws", .summary = "throws at once", .main = &Throws};
constexpr Scenario kThrowsInsideRun = {.name = "throws-in-run",
                                       .summary = "throws in a task",
                                       .main = &ThrowsInsideRun};
constexpr Scenario kEcho = {.name = "echo",
                            .summary = "prints its arguments",
                            .usage = "[ARG ...]",
                            .main = &PrintsItsArguments};
constexpr Scenario kLoses = {.name = "loses",
                             .summary = "loses a task exception",
                             .main = &LosesAnException};
// Not deterministic on purpose: each run of the process's life sleeps one
// second longer and prints a different line.
int runs_so_far = 0;

Task<void> SleepsLongerEachRun(Context& ctx, int run) {
  ctx.Print("same start");
  co_await Sleep(absl::Seconds(run));
  ctx.Print(absl::StrCat("run ", run));
}

absl::Status Nondeterministic(Context& ctx) {
  return Run(SleepsLongerEachRun(ctx, ++runs_so_far), ctx.run_options);
}

// Prints a line a second, forever.
Task<void> PrintsForever(Context& ctx) {
  for (int i = 0;; ++i) {
    ctx.Print(absl::StrCat("line ", i, " ", std::string(100, 'x')));
    co_await Sleep(absl::Seconds(1));
  }
}

absl::Status Endless(Context& ctx) {
  return Run(PrintsForever(ctx), ctx.run_options);
}

constexpr Scenario kNondeterministic = {.name = "nondeterministic",
                                        .summary = "differs from run to run",
                                        .main = &Nondeterministic};
constexpr Scenario kEndless = {
    .name = "endless", .summary = "prints forever", .main = &Endless};
constexpr const Scenario* kScenarios[] = {
    &kThrows, &kThrowsInsideRun,  &kEcho,
    &kLoses,  &kNondeterministic, &kEndless};

struct Result {
  int status;
  std::string out;
  std::string err;
  // How much of `out` had been written when `err` got its first byte.
  off_t out_written_before_err = -1;
};

// stderr for the test: keeps the text, and notes how much stdout had been
// written when the first byte arrived.
class ErrProbe final : public std::streambuf {
 public:
  explicit ErrProbe(int out_fd, Result& result)
      : out_fd_(out_fd), result_(result) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      Note();
      result_.err.push_back(traits_type::to_char_type(c));
    }
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    Note();
    result_.err.append(s, static_cast<size_t>(n));
    return n;
  }

 private:
  void Note() {
    if (result_.out_written_before_err < 0) {
      result_.out_written_before_err = lseek(out_fd_, 0, SEEK_END);
    }
  }
  int out_fd_;
  Result& result_;
};

// Runs the command line with stdout in a memory file.
Result RunCli(const std::vector<std::string>& args,
              const RunBounds& bounds = {}) {
  int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  Result result;
  ErrProbe probe(fd, result);
  std::ostream err(&probe);
  {
    FdOutput out(fd);
    result.status = RunCommandLine(args, kScenarios, out, err, nullptr, bounds);
  }
  off_t size = lseek(fd, 0, SEEK_END);
  result.out.resize(static_cast<size_t>(size));
  EXPECT_EQ(pread(fd, result.out.data(), result.out.size(), 0), size);
  close(fd);
  return result;
}

TEST(RunCommandLine, AnExceptionEscapingTheProgramIsNamedAndExitsOne) {
  Result r = RunCli({"throws"});
  EXPECT_EQ(r.status, kExitException);
  EXPECT_EQ(r.out, "before the exception\n");
  // stdout was flushed before the message.
  EXPECT_EQ(r.out_written_before_err, static_cast<off_t>(r.out.size()));
  EXPECT_EQ(r.err,
            "asyncsim throws: uncaught exception: ValueError: bad value\n");
}

TEST(RunCommandLine, AnExceptionEscapingTheMainTaskIsNamedAndExitsOne) {
  Result r = RunCli({"throws-in-run"});
  EXPECT_EQ(r.status, kExitException);
  EXPECT_EQ(r.out, "starting\n");
  EXPECT_THAT(r.err, HasSubstr("RuntimeError: inside the loop"));
}

TEST(RunCommandLine, ListAlignsTheSummaries) {
  Result r = RunCli({"list"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_EQ(r.out,
            "throws            throws at once\n"
            "throws-in-run     throws in a task\n"
            "echo              prints its arguments\n"
            "loses             loses a task exception\n"
            "nondeterministic  differs from run to run\n"
            "endless           prints forever\n");
}

TEST(RunCommandLine, TheEnginesLogGoesToStderrAndDoesNotExitNonZero) {
  Result r = RunCli({"loses"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, "before the log\nafter the task failed\nafter the run\n");
  // The log comes at the end of the run, after what was printed so far.
  EXPECT_EQ(r.out_written_before_err,
            static_cast<off_t>(
                std::string("before the log\nafter the task failed\n").size()));
  EXPECT_THAT(r.err, AllOf(HasSubstr("Task exception was never retrieved"),
                           HasSubstr("loser"), HasSubstr("nobody looks")));
}

TEST(RunCommandLine, TheProgramGetsItsArgumentsAndAllAfterADoubleDash) {
  // asyncsim's options are taken anywhere before a `--`; after it, and a
  // -h after the program's first argument, are the program's.
  Result r = RunCli({"--color=never", "echo", "--seed", "5", "-x", "--seed",
                     "6", "--color=always", "-h", "--", "--seed", "-h"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, "-x\n-h\n--\n--seed\n-h\ncolor\n");
  // A leading `--` is dropped.
  EXPECT_EQ(RunCli({"--color=never", "echo", "--", "--seed"}).out,
            "--seed\nno color\n");
}

TEST(RunCommandLine, AnOptionAfterTheArgumentsStillNeedsItsValue) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"echo", "x", "--seed"},
                                             {"echo", "x", "--seed", "--"}}) {
    Result r = RunCli(args);
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_EQ(r.err, "asyncsim: --seed needs a value\n");
    EXPECT_EQ(r.out, "");
  }
}

TEST(RunCommandLine, TheScenarioHelpShowsItsUsage) {
  Result r = RunCli({"echo", "--help"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("Usage: asyncsim echo [OPTIONS] [ARG ...]"));
}

TEST(RunCommandLine, CheckDeterminismReportsTheFirstDifferenceAndExitsFive) {
  runs_so_far = 0;
  Result r = RunCli({"--check-determinism", "nondeterministic"});
  EXPECT_EQ(r.status, kExitNondeterministic);
  // stdout is the first run's, once.
  EXPECT_EQ(r.out, "same start\nrun 1\n");
  // Created, resumed and printed alike; then each waits on its own sleep.
  EXPECT_EQ(r.err,
            "asyncsim nondeterministic: the two runs differ: event 4: first "
            "run: at 0, task 1 suspended on sleep(1s); second run: at 0, "
            "task 1 suspended on sleep(2s)\n");
  EXPECT_EQ(runs_so_far, 2);
}

TEST(RunCommandLine, WithoutCheckDeterminismTheProgramRunsOnce) {
  runs_so_far = 0;
  Result r = RunCli({"nondeterministic"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_EQ(r.out, "same start\nrun 1\n");
  EXPECT_EQ(runs_so_far, 1);
}

TEST(RunCommandLine, CheckDeterminismOfADeterministicProgramChangesNothing) {
  Result r = RunCli({"--check-determinism", "echo", "a", "b"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, "a\nb\ncolor\n");
  EXPECT_EQ(r.err, "");
}

TEST(RunCommandLine, TheCallersBoundsCapWhatTheOptionsAsk) {
  Result r = RunCli({"--max-steps", "0", "endless"}, {.max_steps = 50});
  EXPECT_EQ(r.status, kExitLimit);
  EXPECT_THAT(r.err, HasSubstr("step limit reached: 50 steps"));
  Result until =
      RunCli({"--until", "1000", "endless"}, {.horizon = absl::Seconds(5)});
  EXPECT_EQ(until.status, kExitLimit);
  EXPECT_THAT(until.err, HasSubstr("virtual time limit"));
  // An option may still tighten a bound.
  Result tighter = RunCli({"--max-steps", "5", "endless"}, {.max_steps = 50});
  EXPECT_THAT(tighter.err, HasSubstr("step limit reached: 5 steps"));
}

TEST(RunCommandLine, AClosedStdoutStopsAnEndlessRunAtOnceAndQuietly) {
  // The test's process must not die of the signal; asyncsim's main ignores
  // it the same way.
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  std::ostringstream err;
  int status;
  {
    FdOutput out(fds[1]);
    // The bound only keeps a failing test from running forever.
    status = RunCommandLine({"endless"}, kScenarios, out, err, nullptr,
                            {.max_steps = 10'000'000});
  }
  close(fds[1]);
  EXPECT_EQ(status, kExitBrokenPipe);
  EXPECT_EQ(err.str(), "");
}

// Found by the CLI fuzzer: argparse's "unrecognized arguments" quotes them
// as they are, and a newline in one broke the error into two lines.
TEST(RunCommandLine, AUsageErrorStaysOneLineWhateverTheArgumentsHold) {
  Result r = RunCli({"--color", "a\nb\x1b", "echo"});
  EXPECT_EQ(r.status, kExitUsage);
  EXPECT_EQ(r.err,
            "asyncsim: --color: expected always, never or auto, got "
            "'a\\nb\\x1b'\n");
  // CLI11 quotes the value as it is.
  Result raw = RunCli({"--check-determinism=x\ny", "echo"});
  EXPECT_EQ(raw.status, kExitUsage);
  EXPECT_THAT(raw.err, AllOf(HasSubstr("x\\ny"), Not(HasSubstr("x\ny"))));
  EXPECT_EQ(raw.err.find('\n'), raw.err.size() - 1);
}

}  // namespace
}  // namespace asyncsim::cli
