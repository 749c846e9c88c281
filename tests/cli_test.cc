// The `asyncsim` command line: listing, help, argument handling, seeds and
// the exit statuses, run as a user runs the binary.

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/registry.h"
#include "scenarios/scenario.h"
#include "tests/testing/golden.h"
#include "tests/testing/subprocess.h"

namespace asyncsim {
namespace {

using ::asyncsim::scenarios::AllScenarios;
using ::asyncsim::scenarios::Scenario;
using ::asyncsim::testutil::AsyncsimBinary;
using ::asyncsim::testutil::EnvironmentWithout;
using ::asyncsim::testutil::GoldenStdout;
using ::asyncsim::testutil::ProcessResult;
using ::asyncsim::testutil::SplitLines;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

ProcessResult Asyncsim(std::vector<std::string> args) {
  args.insert(args.begin(), AsyncsimBinary());
  return testutil::RunProcess(args);
}

// One line on stderr, newline-terminated.
MATCHER(IsOneLine, "is one line") {
  return !arg.empty() && arg.back() == '\n' && arg.find('\n') == arg.size() - 1;
}

TEST(Cli, ListNamesEveryScenarioOnALineWithItsSummary) {
  ProcessResult r = Asyncsim({"list"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_THAT(r.err, IsEmpty());
  std::vector<std::string> lines = SplitLines(r.out);
  // The registry's scenarios, in its order: the name, at least two spaces,
  // the summary, summaries in one column.
  absl::Span<const Scenario* const> scenarios = AllScenarios();
  ASSERT_THAT(lines, SizeIs(scenarios.size()));
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const std::string name(scenarios[i]->name);
    const std::string summary(scenarios[i]->summary);
    EXPECT_THAT(summary, Not(IsEmpty())) << name;
    EXPECT_THAT(lines[i], StartsWith(name + "  "));
    EXPECT_THAT(lines[i], EndsWith("  " + summary));
    EXPECT_EQ(lines[i].size() - summary.size(),
              lines[0].size() - scenarios[0]->summary.size())
        << lines[i];
  }
}

TEST(Cli, HelpExplainsUsageOptionsScenariosAndExitStatuses) {
  ProcessResult r = Asyncsim({"--help"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_THAT(r.out, AllOf(HasSubstr("Usage: asyncsim [OPTIONS] SCENARIO"),
                           HasSubstr("--seed"), HasSubstr("--until"),
                           HasSubstr("--max-steps"), HasSubstr("--color"),
                           HasSubstr("  chained "), HasSubstr("Exit status")));
  for (const Scenario* scenario : AllScenarios()) {
    EXPECT_THAT(r.out, HasSubstr("  " + std::string(scenario->name) + " "));
  }
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(Cli, ScenarioHelpShowsTheProgramsOwnArguments) {
  ProcessResult chained = Asyncsim({"chained", "--help"});
  EXPECT_EQ(chained.exit_status, 0);
  EXPECT_THAT(chained.out,
              HasSubstr("Usage: asyncsim chained [OPTIONS] [N ...]"));
  ProcessResult asyncq = Asyncsim({"asyncq", "-h"});
  EXPECT_EQ(asyncq.exit_status, 0);
  EXPECT_THAT(asyncq.out, AllOf(HasSubstr("[-p NPROD] [-c NCON]"),
                                HasSubstr("-p/--nprod")));
}

TEST(Cli, AHelpFlagAmongAsyncqsArgumentsPrintsArgparsesHelp) {
  ProcessResult r = Asyncsim({"asyncq", "-p", "2", "-h"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out,
            "usage: asyncq.py [-h] [-p NPROD] [-c NCON]\n"
            "\n"
            "options:\n"
            "  -h, --help            show this help message and exit\n"
            "  -p NPROD, --nprod NPROD\n"
            "  -c NCON, --ncon NCON\n");
}

TEST(Cli, BadArgumentsPrintOneLineOnStderrAndExitTwo) {
  const std::vector<std::vector<std::string>> commands = {
      {},
      {"nosuchscenario"},
      {"--bogus", "chained"},
      {"list", "extra"},
      {"chained", "x"},
      {"chained", "1", "2.5"},
      {"chained", "99999999999999999999"},
      {"chained", "9", "--seed"},  // an option after the arguments, no value
      {"countsync", "extra"},
      {"asyncq", "-p", "x"},
      {"asyncq", "-p"},
      {"asyncq", "-c", "-p", "3"},
      {"asyncq", "--n", "3"},
      {"asyncq", "stray"},
      // After `--`, asyncsim's options are the program's.
      {"chained", "--", "9", "--seed", "7"},
      {"chained", "--until", "-1"},
      {"chained", "--until", "soon"},
      {"chained", "--max-steps", "-3"},
      {"chained", "--max-tasks", "-1"},
      {"chained", "--max-tasks", "many"},
      {"chained", "--max-steps", "18446744073709551616"},  // 2^64
      {"chained", "--until", "1e300"},  // beyond the virtual clock's range
      {"chained", "--until", "inf"},
      {"chained", "--check-determinism=maybe"},
      // Found by the CLI fuzzer: the tie report came before the error.
      {"asyncq", "--ties", "-p", "x"},
      {"--timeline", "--ties", "chained", "x"},
      {"rand", "--color", "sometimes"},
      {"rand", "--seed"},
  };
  for (const std::vector<std::string>& command : commands) {
    ProcessResult r = Asyncsim(command);
    std::string shown;
    for (const std::string& arg : command) shown += " " + arg;
    EXPECT_EQ(r.exit_status, 2) << "asyncsim" << shown;
    EXPECT_THAT(r.err, IsOneLine()) << "asyncsim" << shown << ": " << r.err;
    EXPECT_THAT(r.out, IsEmpty()) << "asyncsim" << shown;
  }
}

TEST(Cli, BadArgumentMessagesSayWhatPythonWouldSay) {
  EXPECT_EQ(Asyncsim({"chained", "x"}).err,
            "asyncsim chained: invalid literal for int() with base 10: 'x'\n");
  EXPECT_EQ(Asyncsim({"asyncq", "-p", "x"}).err,
            "asyncsim asyncq: error: argument -p/--nprod: invalid int value: "
            "'x'\n");
  EXPECT_EQ(Asyncsim({"asyncq", "--n", "3"}).err,
            "asyncsim asyncq: error: ambiguous option: --n could match "
            "--nprod, --ncon\n");
  EXPECT_EQ(Asyncsim({"asyncq", "-p", "1", "--", "-c", "3"}).err,
            "asyncsim asyncq: error: unrecognized arguments: -- -c 3\n");
  EXPECT_EQ(Asyncsim({"--seed", "abc", "rand"}).err,
            "asyncsim: --seed: invalid literal for int() with base 10: "
            "'abc'\n");
  // The engine's own limits are unsigned 64-bit counts.
  EXPECT_EQ(Asyncsim({"--max-steps", "18446744073709551616", "chained"}).err,
            "asyncsim: --max-steps: expected an integer from 0 to "
            "18446744073709551615 in digits, got '18446744073709551616'\n");
  EXPECT_EQ(Asyncsim({"--max-tasks", "-1", "chained"}).err,
            "asyncsim: --max-tasks: expected an integer from 0 to "
            "18446744073709551615 in digits, got '-1'\n");
}

TEST(Cli, DeadlockPrintsTheReportOnStderrAndExitsThree) {
  ProcessResult r = Asyncsim({"asyncq", "-c", "0"});
  EXPECT_EQ(r.exit_status, 3);
  // What the program printed before it, exactly as CPython printed it.
  EXPECT_EQ(r.out, GoldenStdout("asyncq_deadlock_c0"));
  EXPECT_THAT(r.err,
              AllOf(StartsWith("asyncsim asyncq: deadlock at"),
                    HasSubstr("Task-1: waits on Queue.join"), EndsWith("\n")));
}

TEST(Cli, MaxStepsStopsTheRunWithExitStatusFour) {
  ProcessResult r = Asyncsim({"asyncq", "--max-steps", "10"});
  EXPECT_EQ(r.exit_status, 4);
  EXPECT_THAT(r.err, AllOf(HasSubstr("step limit"), IsOneLine()));
  EXPECT_THAT(GoldenStdout("asyncq"), StartsWith(r.out));
  EXPECT_THAT(r.out, Not(IsEmpty()));
}

TEST(Cli, UntilStopsTheRunBeforeTheClockPassesItWithExitStatusFour) {
  ProcessResult r = Asyncsim({"chained", "--until", "1", "9", "6", "3"});
  EXPECT_EQ(r.exit_status, 4);
  EXPECT_THAT(r.err, AllOf(HasSubstr("virtual time limit"), IsOneLine()));
  // Everything up to the first 4-second sleep, and nothing after it.
  EXPECT_THAT(SplitLines(r.out),
              ElementsAre("part1(9) sleeping for 4 seconds.",
                          "part1(6) sleeping for 4 seconds.",
                          "part1(3) sleeping for 0 seconds.",
                          "Returning part1(3) == result3-1.",
                          "part2(3, 'result3-1') sleeping for 4 seconds."));
}

TEST(Cli, GenerousLimitsChangeNothing) {
  ProcessResult r = Asyncsim(
      {"chained", "--until", "11", "--max-steps", "1000", "9", "6", "3"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, GoldenStdout("chained_963"));
}

TEST(Cli, SeedsOfAnySizeAndSignAreAccepted) {
  ProcessResult huge =
      Asyncsim({"rand", "--seed", "1000000000000000000000000000000"});
  EXPECT_EQ(huge.exit_status, 0) << huge.err;
  EXPECT_EQ(huge.out, GoldenStdout("rand_seed_10pow30"));
  ProcessResult negative = Asyncsim({"rand", "--seed",
                                     "-1_000_000_000"
                                     "_000_000_000_000_000_"
                                     "000_000"});
  EXPECT_EQ(negative.exit_status, 0) << negative.err;
  EXPECT_EQ(negative.out, GoldenStdout("rand_seed_neg10pow30"));
  ProcessResult spaced = Asyncsim({"rand", "--seed", " +0005 "});
  EXPECT_EQ(spaced.out, GoldenStdout("rand_seed5"));
}

TEST(Cli, ASeedThatIsNotAnIntegerExitsTwo) {
  for (const char* seed : {"abc", "1.5", "", "0x10", "1__0"}) {
    ProcessResult r = Asyncsim({"chained", "--seed", seed});
    EXPECT_EQ(r.exit_status, 2) << seed;
    EXPECT_THAT(r.err, AllOf(StartsWith("asyncsim: --seed: "), IsOneLine()));
  }
}

TEST(Cli, TheSeedMayComeBeforeOrAfterTheScenarioName) {
  const std::string want = GoldenStdout("chained_963_seed1");
  EXPECT_EQ(Asyncsim({"--seed", "1", "chained", "9", "6", "3"}).out, want);
  EXPECT_EQ(Asyncsim({"chained", "--seed", "1", "9", "6", "3"}).out, want);
  EXPECT_EQ(Asyncsim({"chained", "--seed=1", "9", "6", "3"}).out, want);
  // The one after the name wins.
  EXPECT_EQ(
      Asyncsim({"--seed", "7", "chained", "--seed", "1", "9", "6", "3"}).out,
      want);
}

TEST(Cli, AsyncsimsOptionsMayAlsoFollowTheProgramsArguments) {
  // As a user types it: asyncsim asyncq -p 2 -c 5 --seed 7.
  const std::string want = GoldenStdout("asyncq_p2_c5_seed7");
  EXPECT_EQ(Asyncsim({"asyncq", "-p", "2", "-c", "5", "--seed", "7"}).out,
            want);
  EXPECT_EQ(Asyncsim({"asyncq", "-p", "2", "--seed=7", "-c", "5"}).out, want);
  EXPECT_EQ(
      Asyncsim({"--seed", "1", "asyncq", "-p", "2", "-c", "5", "--seed", "7"})
          .out,
      want);  // The last one wins.
  EXPECT_EQ(Asyncsim({"chained", "9", "6", "3", "--seed", "1"}).out,
            GoldenStdout("chained_963_seed1"));
  ProcessResult r =
      Asyncsim({"chained", "1", "2", "3", "--until", "3", "--max-steps", "99"});
  EXPECT_EQ(r.exit_status, 4);
  EXPECT_THAT(r.err, HasSubstr("virtual time limit"));
  // A help flag among the program's arguments stays the program's.
  EXPECT_THAT(Asyncsim({"asyncq", "-p", "2", "--help"}).out,
              HasSubstr("usage: asyncq.py"));
}

TEST(Cli, NegativeNumbersAndOptionLikeArgumentsReachTheProgram) {
  EXPECT_EQ(Asyncsim({"chained", "--seed", "7", "-4"}).out,
            GoldenStdout("chained_1arg_neg"));
  EXPECT_EQ(Asyncsim({"asyncq", "-p", "-1", "-c", "2"}).out,
            GoldenStdout("asyncq_pneg1_c2"));
  // `--` ends asyncsim's options; the program gets what follows.
  EXPECT_EQ(Asyncsim({"chained", "--seed", "7", "--", "-4"}).out,
            GoldenStdout("chained_1arg_neg"));
}

TEST(Cli, ColorNeverAndNoColorDropTheAnsiEscapes) {
  std::string plain = GoldenStdout("rand");
  for (const char* escape : {"\033[0m", "\033[36m", "\033[91m", "\033[35m"}) {
    for (size_t at; (at = plain.find(escape)) != std::string::npos;) {
      plain.erase(at, std::string(escape).size());
    }
  }
  EXPECT_EQ(Asyncsim({"rand", "--color=never"}).out, plain);
  EXPECT_EQ(Asyncsim({"rand", "--color", "auto"}).out, plain);  // a pipe
  std::vector<std::string> env = EnvironmentWithout({"NO_COLOR"});
  env.push_back("NO_COLOR=1");
  EXPECT_EQ(testutil::RunProcess({AsyncsimBinary(), "rand"}, env).out, plain);
  EXPECT_EQ(
      testutil::RunProcess({AsyncsimBinary(), "rand", "--color=always"}, env)
          .out,
      GoldenStdout("rand"));
}

TEST(Cli, ProgramsWithoutRandomnessIgnoreTheSeed) {
  EXPECT_EQ(Asyncsim({"countsync", "--seed", "-99"}).out,
            GoldenStdout("countsync"));
}

TEST(Cli, AHugeNumberOfProducersIsRefusedAtOnceWithTheTaskLimit) {
  const auto start = std::chrono::steady_clock::now();
  ProcessResult r = Asyncsim({"asyncq", "-p", "100000000"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.exit_status, 4);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err,
            "asyncsim asyncq: task limit: -p/--nprod 100000000 and -c/--ncon "
            "10 need 100000011 tasks alive at once, more than the limit of "
            "1048576 (--max-tasks)\n");
}

TEST(Cli, MaxTasksStopsARunThatCreatesOneTaskTooManyWithExitStatusFour) {
  ProcessResult r = Asyncsim({"--max-tasks", "3", "chained", "1", "2", "3"});
  EXPECT_EQ(r.exit_status, 4);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, AllOf(StartsWith("asyncsim chained: task limit reached: "
                                      "a task was created while 3 were alive"),
                           IsOneLine()));
  // Enough tasks (main and one per chain), or no limit: the usual output.
  EXPECT_EQ(Asyncsim({"--max-tasks", "4", "chained", "9", "6", "3"}).out,
            GoldenStdout("chained_963"));
  EXPECT_EQ(Asyncsim({"--max-tasks", "0", "chained", "9", "6", "3"}).out,
            GoldenStdout("chained_963"));
}

// A pipe whose reader has gone: every write fails with EPIPE.
class ClosedPipe {
 public:
  ClosedPipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    ::close(fds[0]);
    write_end_ = fds[1];
  }
  ~ClosedPipe() { ::close(write_end_); }
  int fd() const { return write_end_; }

 private:
  int write_end_;
};

ProcessResult AsyncsimWithStdout(int fd, std::vector<std::string> args) {
  args.insert(args.begin(), AsyncsimBinary());
  return testutil::RunProcess(args, EnvironmentWithout({"NO_COLOR"}), fd);
}

TEST(Cli, StdoutClosedEarlyEndsTheRunQuietlyWithStatus141) {
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{
           {"chained", "9", "6",
            "3"},  // all its output in one write, at the end
           {"asyncq", "-p", "400", "-c", "400"},  // writes while running
           {"--help"},
           {"--check-determinism", "asyncq"}}) {
    ClosedPipe pipe;
    ProcessResult r = AsyncsimWithStdout(pipe.fd(), command);
    EXPECT_EQ(r.exit_status, 141) << command[0];
    EXPECT_THAT(r.err, IsEmpty()) << command[0];
  }
}

TEST(Cli, AWriteErrorOnStdoutIsReportedOnStderrWithStatusOne) {
  int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0);
  ProcessResult r = AsyncsimWithStdout(full, {"asyncq"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err,
            "asyncsim asyncq: cannot write to stdout: No space left on "
            "device\n");
  ProcessResult big =
      AsyncsimWithStdout(full, {"asyncq", "-p", "400", "-c", "400"});
  EXPECT_EQ(big.exit_status, 1);
  EXPECT_THAT(big.err, AllOf(HasSubstr("cannot write to stdout"), IsOneLine()));
  ProcessResult help = AsyncsimWithStdout(full, {"list"});
  EXPECT_EQ(help.exit_status, 1);
  EXPECT_EQ(help.err,
            "asyncsim: cannot write to stdout: No space left on device\n");
  ::close(full);
}

TEST(Cli, CheckDeterminismPrintsTheOutputOnceWhenTheRunsAgree) {
  for (const auto& [name, args] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"chained_963", {"chained", "9", "6", "3"}},
           {"asyncq", {"asyncq"}},
           {"rand", {"rand"}},
           {"countsync", {"countsync"}},
       }) {
    std::vector<std::string> command = {"--check-determinism"};
    command.insert(command.end(), args.begin(), args.end());
    ProcessResult r = Asyncsim(command);
    EXPECT_EQ(r.exit_status, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out, GoldenStdout(name)) << name;
    EXPECT_THAT(r.err, IsEmpty()) << name;
  }
  // Every scenario with its defaults: as a plain run ends.
  for (const Scenario* scenario : AllScenarios()) {
    const std::string name(scenario->name);
    ProcessResult plain = Asyncsim({name});
    ProcessResult checked = Asyncsim({"--check-determinism", name});
    EXPECT_EQ(checked.exit_status, plain.exit_status) << name;
    EXPECT_EQ(checked.out, plain.out) << name;
    EXPECT_EQ(checked.err, plain.err) << name;
  }
}

TEST(Cli, CheckDeterminismKeepsTheExitStatusAndReportOfTheRun) {
  ProcessResult r = Asyncsim({"asyncq", "--check-determinism", "-c", "0"});
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.out, GoldenStdout("asyncq_deadlock_c0"));
  EXPECT_THAT(r.err, AllOf(StartsWith("asyncsim asyncq: deadlock at"),
                           HasSubstr("Task-1: waits on Queue.join")));
}

}  // namespace
}  // namespace asyncsim
