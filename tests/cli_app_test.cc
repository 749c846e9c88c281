// The command line run in-process over scenarios made for the test: what
// the five real programs cannot do (throw), and how the output and the
// messages are ordered.

#include <sys/mman.h>
#include <unistd.h>

#include <sstream>
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
constexpr const Scenario* kScenarios[] = {&kThrows, &kThrowsInsideRun, &kEcho};

struct Result {
  int status;
  std::string out;
  std::string err;
};

// Runs the command line with stdout in a memory file.
Result RunCli(const std::vector<std::string>& args) {
  int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  std::ostringstream err;
  Result result;
  {
    FdOutput out(fd);
    result.status = RunCommandLine(args, kScenarios, out, err);
  }
  result.err = err.str();
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
            "echo           prints its arguments\n");
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
