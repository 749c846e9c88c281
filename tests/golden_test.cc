// Golden tests of the `asyncsim` binary against CPython.
//
// Every case of tests/golden/cases.txt runs the real binary as a user does
// (`asyncsim <scenario> --seed SEED args...`, no shell) and must print
// exactly the stdout bytes CPython printed under the oracle and exit with
// the same status. The seed document's transcripts (real runs, with real
// jitter and real os.urandom) must come out line for line up to the
// allowances of tools/oracle/compare_transcripts.py.
//
// The urandom hex items are compared exactly: the asyncq port draws them
// from the oracle's own os.urandom stream. Setting
// ASYNCSIM_GOLDEN_URANDOM=shape (`bazel test --test_env=...`) compares them
// by shape only (same length, each item used consistently), the fallback
// for a port whose stream differs from the oracle's.

#include "tests/testing/golden.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace asyncsim {
namespace {

using ::asyncsim::testutil::Allowances;
using ::asyncsim::testutil::AsyncsimBinary;
using ::asyncsim::testutil::CompareLines;
using ::asyncsim::testutil::GoldenCase;
using ::asyncsim::testutil::ParseCases;
using ::asyncsim::testutil::ProcessResult;
using ::asyncsim::testutil::RunProcess;
using ::asyncsim::testutil::SplitLines;
using ::asyncsim::testutil::TestName;

constexpr char kGoldenDir[] = "tests/golden/";
constexpr char kTranscriptDir[] = "tests/golden/transcripts/";

// The contents of a runfile, or nullopt-like empty string with `ok` false.
std::string ReadFile(const std::string& path, bool* ok = nullptr) {
  std::ifstream in(path, std::ios::binary);
  if (ok != nullptr) *ok = static_cast<bool>(in);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

std::vector<GoldenCase> LoadCases(const std::string& path) {
  return ParseCases(ReadFile(path));
}

bool CompareUrandomByShape() {
  const char* mode = std::getenv("ASYNCSIM_GOLDEN_URANDOM");
  return mode != nullptr && std::string_view(mode) == "shape";
}

ProcessResult RunAsyncsim(const GoldenCase& c) {
  std::vector<std::string> argv = {AsyncsimBinary()};
  for (std::string& arg : c.CommandLine()) argv.push_back(std::move(arg));
  return RunProcess(argv);
}

std::string Describe(const GoldenCase& c) {
  return "asyncsim " + absl::StrJoin(c.CommandLine(), " ");
}

// The first differences, for a failure message.
std::string Report(const std::vector<std::string>& differences) {
  constexpr size_t kShown = 8;
  std::vector<std::string> shown(
      differences.begin(),
      differences.begin() + std::min(differences.size(), kShown));
  std::string report = absl::StrJoin(shown, "\n");
  if (differences.size() > kShown) {
    absl::StrAppend(&report, "\n... and ", differences.size() - kShown,
                    " more differing lines");
  }
  return report;
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& info) {
  return TestName(info.param.name);
}

// --- tests/golden/cases.txt --------------------------------------------------

class CpythonGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(CpythonGolden, StdoutAndExitStatusAreExactlyWhatCpythonGave) {
  const GoldenCase& c = GetParam();
  bool ok;
  const std::string want_out = ReadFile(kGoldenDir + c.name + ".stdout", &ok);
  ASSERT_TRUE(ok) << "no golden stdout for " << c.name;
  int want_status;
  ASSERT_TRUE(absl::SimpleAtoi(
      absl::StripAsciiWhitespace(ReadFile(kGoldenDir + c.name + ".status")),
      &want_status))
      << "no golden status for " << c.name;

  ProcessResult got = RunAsyncsim(c);
  EXPECT_EQ(got.exit_status, want_status) << Describe(c) << "\nstderr:\n"
                                          << got.err;
  std::vector<std::string> differences =
      CompareLines(SplitLines(want_out), SplitLines(got.out),
                   Allowances{.urandom_items = CompareUrandomByShape()});
  EXPECT_TRUE(differences.empty()) << Describe(c) << "\n"
                                   << Report(differences);
  if (CompareUrandomByShape()) {
    // Lines match by shape; the bytes around them must still agree.
    EXPECT_EQ(got.out.size(), want_out.size()) << Describe(c);
  } else if (differences.empty()) {
    EXPECT_EQ(got.out, want_out) << Describe(c);  // trailing newlines too
  }
}

TEST_P(CpythonGolden, TheTimingViewsLeaveStdoutAndTheExitStatusAsTheyWere) {
  const GoldenCase& c = GetParam();
  std::vector<std::string> argv = {AsyncsimBinary(), "--timeline", "--ties",
                                   "--trace",        "/dev/null",  "--svg",
                                   "/dev/null"};
  for (std::string& arg : c.CommandLine()) argv.push_back(std::move(arg));
  ProcessResult viewed = RunProcess(argv);
  ProcessResult plain = RunAsyncsim(c);
  EXPECT_EQ(viewed.out, plain.out) << Describe(c);
  EXPECT_EQ(viewed.exit_status, plain.exit_status) << Describe(c);
  // Whatever went to stderr still does, after the timeline and ties.
  EXPECT_TRUE(viewed.err.ends_with(plain.err)) << Describe(c) << "\n"
                                               << viewed.err;
  if (plain.exit_status != 2) {
    EXPECT_TRUE(viewed.err.starts_with("timeline: ")) << Describe(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CpythonGolden,
                         ::testing::ValuesIn(LoadCases(std::string(kGoldenDir) +
                                                       "cases.txt")),
                         CaseName);

TEST(CpythonGoldenCases, CoverEveryScenarioAndHaveUniqueNames) {
  std::vector<GoldenCase> cases =
      LoadCases(std::string(kGoldenDir) + "cases.txt");
  ASSERT_FALSE(cases.empty());
  std::set<std::string> names;
  std::set<std::string> scenarios;
  for (const GoldenCase& c : cases) {
    EXPECT_TRUE(names.insert(TestName(c.name)).second) << c.name;
    scenarios.insert(c.scenario);
  }
  ProcessResult list = RunProcess({AsyncsimBinary(), "list"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  for (const std::string& line : SplitLines(list.out)) {
    std::string name = line.substr(0, line.find(' '));
    EXPECT_TRUE(scenarios.count(name)) << "no golden case runs " << name;
  }
}

// --- tests/golden/transcripts/ -----------------------------------------------

class SeedTranscript : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(SeedTranscript, IsReproducedUpToScriptNameUrandomItemsAndJitter) {
  const GoldenCase& c = GetParam();
  bool ok;
  std::vector<std::string> transcript =
      SplitLines(ReadFile(kTranscriptDir + c.name + ".txt", &ok));
  ASSERT_TRUE(ok) << "no transcript " << c.name;
  // A leading `$ python tmp.py ...` is the command, not output.
  if (!transcript.empty() && transcript.front().starts_with("$ ")) {
    transcript.erase(transcript.begin());
  }
  ProcessResult got = RunAsyncsim(c);
  EXPECT_EQ(got.exit_status, 0) << Describe(c) << "\nstderr:\n" << got.err;
  std::vector<std::string> differences =
      CompareLines(transcript, SplitLines(got.out),
                   Allowances{.script = c.scenario + ".py",
                              .urandom_items = true,
                              .duration_tolerance = 0.02});
  EXPECT_TRUE(differences.empty()) << Describe(c) << "\n"
                                   << Report(differences);
}

INSTANTIATE_TEST_SUITE_P(Transcripts, SeedTranscript,
                         ::testing::ValuesIn(LoadCases(
                             std::string(kTranscriptDir) + "commands.txt")),
                         CaseName);

TEST(SeedTranscripts, AreAllListed) {
  // Every <name>.txt of the directory but commands.txt has its command, and
  // every command its transcript.
  std::set<std::string> transcripts;
  for (const std::filesystem::directory_entry& entry :
       std::filesystem::directory_iterator(kTranscriptDir)) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() == ".txt" && path.filename() != "commands.txt") {
      transcripts.insert(path.stem().string());
    }
  }
  std::set<std::string> listed;
  for (const GoldenCase& c :
       LoadCases(std::string(kTranscriptDir) + "commands.txt")) {
    listed.insert(c.name);
  }
  EXPECT_FALSE(listed.empty());
  EXPECT_EQ(listed, transcripts);
}

}  // namespace
}  // namespace asyncsim
