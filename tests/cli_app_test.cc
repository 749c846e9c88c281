// The command line run in-process over scenarios made for the test: what
// the five real programs cannot do (throw), and how the output and the
// messages are ordered.

#include <sys/mman.h>
#include <unistd.h>

#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/status/status.h"
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
constexpr const Scenario* kScenarios[] = {&kThrows, &kThrowsInsideRun, &kEcho,
                                          &kLoses};

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
Result RunCli(const std::vector<std::string>& args) {
  int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  Result result;
  ErrProbe probe(fd, result);
  std::ostream err(&probe);
  {
    FdOutput out(fd);
    result.status = RunCommandLine(args, kScenarios, out, err);
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
            "throws         throws at once\n"
            "throws-in-run  throws in a task\n"
            "echo           prints its arguments\n"
            "loses          loses a task exception\n");
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

TEST(RunCommandLine, TheProgramGetsEverythingFromItsFirstArgumentOn) {
  Result r = RunCli(
      {"--color=never", "echo", "--seed", "5", "-x", "--seed", "--", "-h"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, "-x\n--seed\n--\n-h\nno color\n");
}

TEST(RunCommandLine, TheScenarioHelpShowsItsUsage) {
  Result r = RunCli({"echo", "--help"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("Usage: asyncsim echo [OPTIONS] [ARG ...]"));
}

}  // namespace
}  // namespace asyncsim::cli
