// The timing views on the command line, run in-process over the real
// scenarios: --timestamps, --timeline, --ties, --trace, --svg, --speed
// (paced on a fake real clock; Ctrl-C by a real SIGINT).

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/output.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/registry.h"
#include "tests/testing/fake_real_clock.h"
#include "tests/testing/golden.h"
#include "tests/testing/json.h"
#include "tests/testing/xml.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::FakeRealClock;
using ::asyncsim::testutil::GoldenStdout;
using ::asyncsim::testutil::SplitLines;
using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

struct Result {
  int status;
  std::string out;
  std::string err;
};

// Runs the command line with stdout in a memory file and stderr in a string.
Result RunCli(const std::vector<std::string>& args,
              RealClock* real_clock = nullptr) {
  const int fd = memfd_create("stdout", 0);
  EXPECT_GE(fd, 0);
  Result result;
  std::ostringstream err;
  {
    FdOutput out(fd);
    result.status =
        RunCommandLine(args, scenarios::AllScenarios(), out, err, real_clock);
  }
  result.err = err.str();
  const off_t size = lseek(fd, 0, SEEK_END);
  result.out.resize(static_cast<size_t>(size));
  EXPECT_EQ(pread(fd, result.out.data(), result.out.size(), 0), size);
  close(fd);
  return result;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

TEST(Visuals, TimestampsPrefixEachLineWithItsVirtualTime) {
  Result r = RunCli({"--timestamps", "chained", "1", "2", "3"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  std::vector<std::string> lines = SplitLines(r.out);
  std::vector<std::string> golden = SplitLines(GoldenStdout("chained"));
  ASSERT_EQ(lines.size(), golden.size());
  EXPECT_EQ(lines.front(), "[  0.000] part1(1) sleeping for 4 seconds.");
  EXPECT_EQ(lines[5], "[  4.000] Returning part1(1) == result1-1.");
  EXPECT_EQ(lines.back(), "[ 11.000] Program finished in 11.00 seconds.");
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_GE(lines[i].size(), 10u);
    EXPECT_EQ(lines[i].substr(10), golden[i]);
  }
}

TEST(Visuals, TimestampsAreWideEnoughForTheUntilHorizon) {
  Result r = RunCli({"--until", "12345", "--timestamps", "countsync"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("[    0.000] One\n[    1.000] Two\n"));
}

TEST(Visuals, TimelineAndTiesGoToStderrAndStdoutIsUnchanged) {
  Result r = RunCli({"--timeline", "--ties", "asyncq", "-p", "2", "-c", "5"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, GoldenStdout("asyncq_p2_c5"));
  EXPECT_THAT(r.err, StartsWith("timeline: 0 to 29.000 s of virtual time"));
  EXPECT_THAT(r.err, HasSubstr("\nProducer 0  *=======*"));
  EXPECT_THAT(r.err, HasSubstr("\nlegend:  * ran"));
  EXPECT_THAT(r.err, HasSubstr("  t=4.000: Producer 0, Consumer 0, Consumer "
                               "2, Consumer 3 woke together;"));
  // The timeline first, then the ties.
  EXPECT_LT(r.err.find("legend:"), r.err.find("ties:"));
}

TEST(Visuals, TheOptionsMayAlsoFollowTheScenarioName) {
  Result r = RunCli({"chained", "--ties", "--timeline", "1", "2", "3"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, GoldenStdout("chained"));
  EXPECT_THAT(r.err, HasSubstr("\nchain(1)  *"));
  EXPECT_THAT(r.err, HasSubstr("t=4.000: chain(1), chain(2), chain(3)"));
}

TEST(Visuals, ADeadlocksTimelineComesBeforeTheDeadlockReport) {
  Result r = RunCli({"--timeline", "asyncq", "-c", "0"});
  EXPECT_EQ(r.status, kExitDeadlock);
  EXPECT_EQ(r.out, GoldenStdout("asyncq_deadlock_c0"));
  EXPECT_THAT(r.err, StartsWith("timeline: "));
  EXPECT_THAT(r.err, HasSubstr("\nlegend:"));
  EXPECT_LT(r.err.find("legend:"), r.err.find("asyncsim asyncq: deadlock"));
}

TEST(Visuals, TraceAndSvgFilesAreWrittenAndParse) {
  const std::string trace = TempPath("chained.json");
  const std::string svg = TempPath("chained.svg");
  Result r = RunCli({"--trace", trace, "--svg=" + svg, "chained"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, GoldenStdout("chained"));
  EXPECT_THAT(r.err, IsEmpty());
  absl::StatusOr<testutil::JsonValue> json =
      testutil::ParseJson(ReadFile(trace));
  ASSERT_TRUE(json.ok()) << json.status();
  // The process is named after the command.
  EXPECT_EQ(json->At("traceEvents")[0].At("args").At("name").AsString(),
            "asyncsim chained");
  absl::StatusOr<testutil::XmlElement> picture =
      testutil::ParseXml(ReadFile(svg));
  ASSERT_TRUE(picture.ok()) << picture.status();
  EXPECT_THAT(picture->AllText(), HasSubstr("asyncsim chained"));
}

TEST(Visuals, TheTitleNamesTheProgramsArgumentsAndAnUnusualSeed) {
  const std::string trace = TempPath("asyncq.json");
  Result r = RunCli({"--seed", "7", "--trace", trace, "asyncq", "-p", "2"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  absl::StatusOr<testutil::JsonValue> json =
      testutil::ParseJson(ReadFile(trace));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->At("traceEvents")[0].At("args").At("name").AsString(),
            "asyncsim asyncq -p 2 --seed 7");
}

TEST(Visuals, AFileThatCannotBeWrittenIsAUsageErrorBeforeTheRun) {
  for (const char* option : {"--trace", "--svg"}) {
    Result r = RunCli({option, "/nonexistent/dir/x", "chained"});
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_EQ(r.err, absl::StrCat("asyncsim: ", option,
                                  ": cannot write '/nonexistent/dir/x': No "
                                  "such file or directory\n"));
    Result empty = RunCli({option, "", "chained"});
    EXPECT_EQ(empty.status, kExitUsage);
    EXPECT_THAT(empty.err, StartsWith(absl::StrCat("asyncsim: ", option,
                                                   ": cannot write ''")));
  }
}

TEST(Visuals, TheTraceAndThePictureCannotShareAFile) {
  const std::string path = TempPath("both");
  Result r = RunCli({"--trace", path, "--svg", path, "chained"});
  EXPECT_EQ(r.status, kExitUsage);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, absl::StrCat("asyncsim: --trace and --svg both name '", path,
                                "': each needs a file of its own\n"));
  // Not a regular file: fine.
  Result null = RunCli({"--trace", "/dev/null", "--svg", "/dev/null", "rand"});
  EXPECT_EQ(null.status, kExitOk) << null.err;
}

TEST(Visuals, BadSpeedsAreUsageErrors) {
  for (const char* speed : {"0", "-1", "fast", "inf", "nan", ""}) {
    Result r = RunCli({"--speed", speed, "chained"});
    EXPECT_EQ(r.status, kExitUsage) << speed;
    EXPECT_THAT(r.err, StartsWith("asyncsim: --speed: expected a number"))
        << speed;
    EXPECT_THAT(r.out, IsEmpty());
  }
}

TEST(Visuals, SpeedPacesTheLinesOnTheRealClock) {
  FakeRealClock clock;
  Result r = RunCli({"--speed", "2", "chained", "1", "2", "3"}, &clock);
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out, GoldenStdout("chained"));
  // 11 virtual seconds at 2x.
  EXPECT_EQ(clock.Elapsed(), absl::Milliseconds(5500));
  for (absl::Duration d : clock.sleeps) {
    EXPECT_LE(d, absl::Milliseconds(100));
  }
}

TEST(Visuals, CtrlCStopsAPacedReplayCleanlyWithExitStatus130) {
  FakeRealClock clock;
  // Ctrl-C half a second into the wait for the lines at 4 s.
  clock.on_sleep = [&] {
    if (clock.Elapsed() == absl::Milliseconds(500)) raise(SIGINT);
  };
  struct sigaction before {};
  sigaction(SIGINT, nullptr, &before);
  Result r =
      RunCli({"--speed", "1", "--timeline", "chained", "1", "2", "3"}, &clock);
  EXPECT_EQ(r.status, kExitInterrupted);
  // What was printed at 0 s, and nothing after.
  std::vector<std::string> golden = SplitLines(GoldenStdout("chained"));
  EXPECT_EQ(r.out, absl::StrCat(golden[0], "\n", golden[1], "\n", golden[2],
                                "\n", golden[3], "\n", golden[4], "\n"));
  // The paced wait stopped within a slice of the Ctrl-C.
  EXPECT_EQ(clock.Elapsed(), absl::Milliseconds(500));
  // The timeline shows the run up to where the replay was, 0.5 s, and
  // nothing of what the engine ran ahead to (the wake-ups at 4 s); then
  // the interruption, at the same time.
  EXPECT_THAT(r.err, StartsWith("timeline: 0 to 0.500 s of virtual time"));
  EXPECT_THAT(r.err, HasSubstr("\nchain(1)  *===================="
                               "=============================\n"));
  EXPECT_THAT(r.err, EndsWith("asyncsim chained: interrupted at virtual time "
                              "0.500 s (KeyboardInterrupt)\n"));
  // Ctrl-C is the default again.
  struct sigaction after {};
  sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(Visuals, WithoutSpeedNothingIsPacedAndCtrlCIsLeftAlone) {
  FakeRealClock clock;
  struct sigaction before {};
  sigaction(SIGINT, nullptr, &before);
  clock.on_sleep = [] { ADD_FAILURE() << "slept"; };
  Result r = RunCli({"--timestamps", "countasync"}, &clock);
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(clock.Elapsed(), absl::ZeroDuration());
  struct sigaction after {};
  sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(Visuals, HelpListsEveryTimingOption) {
  Result r = RunCli({"--help"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_THAT(r.out, AllOf(HasSubstr("--timestamps"), HasSubstr("--timeline"),
                           HasSubstr("--ties"), HasSubstr("--trace FILE"),
                           HasSubstr("--svg FILE"), HasSubstr("--speed X"),
                           HasSubstr("130")));
}

}  // namespace
}  // namespace asyncsim::cli
