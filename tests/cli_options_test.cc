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

// Runs asyncsim with `args` and COLUMNS=`columns`.
testutil::ProcessResult RunWithColumns(const std::vector<std::string>& args,
                                       int columns) {
  std::vector<std::string> env = testutil::EnvironmentWithout({"COLUMNS"});
  env.push_back("COLUMNS=" + std::to_string(columns));
  std::vector<std::string> argv = {testutil::AsyncsimBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::RunProcess(argv, env);
}

TEST(CliOptions, VersionPrintsOneLine) {
  testutil::ProcessResult r =
      testutil::RunProcess({testutil::AsyncsimBinary(), "--version"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_THAT(r.out,
              ::testing::MatchesRegex("asyncsim [0-9]+\\.[0-9]+\\.[0-9]+ "
                                      "\\(.*\\)\n"));
  EXPECT_EQ(r.err, "");
}

TEST(CliOptions, ASlipInAScenarioOrOptionNameGetsASuggestion) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ASYNCQ",
       "asyncsim: unknown scenario 'ASYNCQ'; did you mean asyncq? (asyncsim "
       "list names them)\n"},
      {"countasnyc",
       "asyncsim: unknown scenario 'countasnyc'; did you mean countasync? "
       "(asyncsim list names them)\n"},
      {"--timline",
       "asyncsim: unknown option '--timline'; did you mean --timeline? "
       "(asyncsim --help lists them)\n"},
      {"nothing",
       "asyncsim: unknown scenario 'nothing' (asyncsim list names them)\n"},
  };
  for (const auto& [arg, message] : cases) {
    testutil::ProcessResult r =
        testutil::RunProcess({testutil::AsyncsimBinary(), arg, "asyncq"});
    EXPECT_EQ(r.exit_status, 2) << arg;
    EXPECT_EQ(r.err, message);
  }
}

TEST(CliOptions, AMissingValueIsSaidPlainly) {
  testutil::ProcessResult r =
      testutil::RunProcess({testutil::AsyncsimBinary(), "--color"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err, "asyncsim: --color needs a value\n");
}

TEST(CliOptions, HelpIsGroupedAndWrappedToTheTerminal) {
  for (int columns : {50, 80, 120}) {
    testutil::ProcessResult r = RunWithColumns({"--help"}, columns);
    ASSERT_EQ(r.exit_status, 0);
    for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
      EXPECT_LE(line.size(), static_cast<size_t>(columns)) << line;
    }
    for (const char* group :
         {"\nGeneral:\n", "\nReplay:\n", "\nLimits (exit status 4):\n",
          "\nSeeing the timing:\n"}) {
      EXPECT_THAT(r.out, ::testing::HasSubstr(group)) << columns;
    }
  }
}

TEST(CliOptions, AScenariosHelpDoesNotRepeatAsyncsimsOptions) {
  testutil::ProcessResult r = RunWithColumns({"asyncq", "--help"}, 80);
  ASSERT_EQ(r.exit_status, 0);
  EXPECT_THAT(r.out, ::testing::HasSubstr("Usage: asyncsim asyncq"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("-p/--nprod"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("asyncsim --help describes them"));
  // Named in a list, not described again.
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("Chrome Trace")));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("\nReplay:")));
}

}  // namespace
}  // namespace asyncsim
