#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/golden.h"

namespace asyncsim::testutil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using Lines = std::vector<std::string>;

TEST(CompareLines, WithoutAllowancesRequiresIdenticalLines) {
  EXPECT_THAT(CompareLines({"a", "b"}, {"a", "b"}, {}), IsEmpty());
  EXPECT_THAT(CompareLines({"took 8.01 s"}, {"took 8.00 s"}, {}), SizeIs(1));
  EXPECT_THAT(CompareLines({"<ab12>"}, {"<cd34>"}, {}), SizeIs(1));
  EXPECT_THAT(CompareLines({"tmp.py ran"}, {"x.py ran"}, {}), SizeIs(1));
  EXPECT_THAT(CompareLines({"a"}, {"a", "b"}, {}),
              ElementsAre(HasSubstr("missing line")));
}

TEST(CompareLines, AllowsTheScriptNameTmpPy) {
  Allowances allow{.script = "countsync.py"};
  EXPECT_THAT(
      CompareLines({"tmp.py executed"}, {"countsync.py executed"}, allow),
      IsEmpty());
  EXPECT_THAT(CompareLines({"tmp.py executed"}, {"other.py executed"}, allow),
              SizeIs(1));
}

TEST(CompareLines, AllowsDurationsWithinTheTolerance) {
  Allowances allow{.duration_tolerance = 0.02};
  EXPECT_THAT(CompareLines({"in 29.01826 s"}, {"in 29.00000 s"}, allow),
              IsEmpty());
  EXPECT_THAT(CompareLines({"took 8.01"}, {"took 8.00"}, allow), IsEmpty());
  EXPECT_THAT(CompareLines({"took 8.03"}, {"took 8.00"}, allow), SizeIs(1));
  EXPECT_THAT(CompareLines({"took 8.01 s"}, {"took 8.00 min"}, allow),
              SizeIs(1));
}

TEST(CompareLines, AllowsOtherUrandomItemsOnlyIfEachStandsForOneItem) {
  Allowances allow{.urandom_items = true};
  EXPECT_THAT(CompareLines({"put <aa11>", "got <aa11>", "put <bb22>"},
                           {"put <cc33>", "got <cc33>", "put <dd44>"}, allow),
              IsEmpty());
  // The same document item must be the same item of ours...
  EXPECT_THAT(CompareLines({"put <aa11>", "got <aa11>"},
                           {"put <cc33>", "got <dd44>"}, allow),
              ElementsAre(HasSubstr("line 2")));
  // ... and two document items cannot both be one item of ours.
  EXPECT_THAT(CompareLines({"put <aa11>", "put <bb22>"},
                           {"put <cc33>", "put <cc33>"}, allow),
              ElementsAre(HasSubstr("line 2")));
  EXPECT_THAT(CompareLines({"<aa11>"}, {"<cc3344>"}, allow),
              ElementsAre(HasSubstr("length")));
}

TEST(ParseCases, ReadsTheFourFieldsAndSkipsCommentsAndBlankLines) {
  std::vector<GoldenCase> cases = ParseCases(
      "# comment\n"
      "\n"
      "chained_963 | chained | 444 | 9 6 3\n"
      "  asyncq_p   |asyncq|-5|-p -1   -c 2  \n"
      "countsync | countsync | 0 |\n");
  ASSERT_THAT(cases, SizeIs(3));
  EXPECT_EQ(cases[0].name, "chained_963");
  EXPECT_THAT(cases[0].CommandLine(),
              ElementsAre("chained", "--seed", "444", "9", "6", "3"));
  EXPECT_THAT(cases[1].CommandLine(),
              ElementsAre("asyncq", "--seed", "-5", "-p", "-1", "-c", "2"));
  EXPECT_THAT(cases[2].args, IsEmpty());
}

TEST(SplitLines, DropsTrailingEmptyLinesOnly) {
  EXPECT_THAT(SplitLines("a\n\nb\n\n\n"), ElementsAre("a", "", "b"));
  EXPECT_THAT(SplitLines(""), IsEmpty());
}

}  // namespace
}  // namespace asyncsim::testutil
