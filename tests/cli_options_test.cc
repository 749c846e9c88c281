// asyncsim's own options as a user gives them: one number syntax, no empty
// values, and a terminal width that cannot make drawing unbounded.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace asyncsim {
namespace {

using ::testing::Eq;

struct BadOption {
  std::vector<std::string> args;
  std::string message;
};

TEST(CliOptions, EmptyOrMalformedValuesAreUsageErrors) {
  const std::string count =
      ": expected an integer from 0 to 18446744073709551615 in digits, got ";
  const std::string seconds =
      "--until: expected a number of seconds such as 10, 2.5 or 1e3, got ";
  const std::vector<BadOption> cases = {
      {{"--until", ""}, seconds + "''"},
      {{"--until="}, seconds + "''"},
      {{"--until", "0x10"}, seconds + "'0x10'"},
      {{"--until", "-0"}, seconds + "'-0'"},
      {{"--until", " 5"}, seconds + "' 5'"},
      {{"--until", "inf"}, seconds + "'inf'"},
      {{"--max-steps", ""}, "--max-steps" + count + "''"},
      {{"--max-steps="}, "--max-steps" + count + "''"},
      {{"--max-steps", "-0"}, "--max-steps" + count + "'-0'"},
      {{"--max-steps", "+5"}, "--max-steps" + count + "'+5'"},
      {{"--max-tasks", ""}, "--max-tasks" + count + "''"},
      {{"--max-tasks", "1e3"}, "--max-tasks" + count + "'1e3'"},
      {{"--color", ""}, "--color: expected always, never or auto, got ''"},
      {{"--color="}, "--color: expected always, never or auto, got ''"},
      {{"--speed", ""},
       "--speed: expected a number of virtual seconds per real second > 0, "
       "got ''"},
      {{"--speed", "0x1"},
       "--speed: expected a number of virtual seconds per real second > 0, "
       "got '0x1'"},
  };
  for (const BadOption& bad : cases) {
    std::vector<std::string> argv = {testutil::AsyncsimBinary()};
    argv.insert(argv.end(), bad.args.begin(), bad.args.end());
    argv.push_back("countasync");
    testutil::ProcessResult r = testutil::RunProcess(argv);
    EXPECT_EQ(r.exit_status, 2) << bad.args[0];
    EXPECT_EQ(r.err, "asyncsim: " + bad.message + "\n");
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliOptions, TheDocumentedNumberSyntaxIsAccepted) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--until", "10"},
                                             {"--until", "2.5"},
                                             {"--until=1e3"},
                                             {"--until", ".5e1"},
                                             {"--max-steps", "0"},
                                             {"--max-steps=1000"},
                                             {"--max-tasks", "007"},
                                             {"--timestamps=false"}}) {
    std::vector<std::string> argv = {testutil::AsyncsimBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("countasync");
    testutil::ProcessResult r = testutil::RunProcess(argv);
    EXPECT_EQ(r.exit_status, 0) << args[0] << ": " << r.err;
  }
}

TEST(CliOptions, AHugeColumnsDrawsATimelineAtMostAThousandColumnsWide) {
  std::vector<std::string> env = testutil::EnvironmentWithout({"COLUMNS"});
  env.push_back("COLUMNS=1000000");
  testutil::ProcessResult r =
      testutil::RunProcess({testutil::AsyncsimBinary(), "--timeline", "asyncq",
                            "-p", "2", "-c", "2"},
                           env);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  size_t widest = 0;
  for (absl::string_view line : absl::StrSplit(r.err, '\n')) {
    widest = std::max(widest, line.size());
  }
  EXPECT_GT(widest, 500u);
  EXPECT_LE(widest, 1000u);
}

}  // namespace
}  // namespace asyncsim
