// The teacher's page (--html): self-contained, every line and task row
// present, text escaped. tools/test_html.sh loads such pages in Chromium.

#include "cli/html.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/record.h"
#include "tests/testing/xml.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::ParseXml;
using ::asyncsim::testutil::RecordedRun;
using ::asyncsim::testutil::RecordScenario;
using ::asyncsim::testutil::XmlElement;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// The page as XML: without its doctype and its script's body (which the
// XML checker need not read), it is well-formed.
XmlElement Parse(std::string html) {
  const std::string doctype = "<!DOCTYPE html>\n";
  EXPECT_TRUE(html.starts_with(doctype));
  html.erase(0, doctype.size());
  const size_t script = html.find("<script>");
  const size_t end = html.find("</script>");
  EXPECT_NE(script, std::string::npos);
  html.erase(script + 8, end - script - 8);
  absl::StatusOr<XmlElement> root = ParseXml(html);
  EXPECT_TRUE(root.ok()) << root.status();
  return root.ok() ? *root : XmlElement{};
}

std::vector<const XmlElement*> WithClass(const XmlElement& root,
                                         const std::string& element,
                                         const std::string& cls) {
  std::vector<const XmlElement*> found;
  for (const XmlElement* e : root.FindAll(element)) {
    if (e->Attribute("class") == cls) found.push_back(e);
  }
  return found;
}

TEST(Html, HasEveryPrintedLineWithItsTimeAndTask) {
  RecordedRun run = RecordScenario("chained", {"1", "2"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  const XmlElement page =
      Parse(RenderHtml(run.recording, {.title = "asyncsim chained 1 2"}));
  EXPECT_EQ(page.name, "html");
  std::vector<const XmlElement*> lines = WithClass(page, "li", "line");
  ASSERT_THAT(lines, SizeIs(run.recording.lines.size()));
  for (size_t i = 0; i < lines.size(); ++i) {
    const PrintedLine& line = run.recording.lines[i];
    EXPECT_THAT(lines[i]->AllText(), HasSubstr(line.text));
    EXPECT_EQ(lines[i]->Attribute("data-task"), std::to_string(line.task));
  }
  EXPECT_EQ(lines.front()->Attribute("data-time"), "0.000");
  // "Program finished in 8.00 seconds.", printed outside any task.
  EXPECT_EQ(lines.back()->Attribute("data-time"), "8.000");
  EXPECT_EQ(lines.back()->Attribute("data-task"), "-1");
}

TEST(Html, HasTheTimelineWithOneRowPerTask) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  const XmlElement page = Parse(RenderHtml(run.recording));
  ASSERT_THAT(page.FindAll("svg"), SizeIs(1));
  const XmlElement& svg = *page.FindAll("svg")[0];
  std::vector<std::string> rows;
  for (const XmlElement* g : WithClass(svg, "g", "task")) {
    rows.push_back(g->Attribute("data-task"));
  }
  EXPECT_THAT(rows, ElementsAre("0", "1", "2", "3", "4", "5", "6", "7"));
  // What the script needs to place its cursor.
  EXPECT_EQ(svg.Attribute("data-end"), "29.000000000");
  EXPECT_FALSE(svg.Attribute("data-x0").empty());
  EXPECT_FALSE(svg.Attribute("data-x1").empty());
}

TEST(Html, NeedsNothingFromTheNetwork) {
  RecordedRun run = RecordScenario("rand");
  const std::string html = RenderHtml(run.recording);
  // The SVG namespace is a name, not a fetch; nothing else names a host.
  const std::string rest = absl::StrReplaceAll(
      html, {{"xmlns=\"http://www.w3.org/2000/svg\"", ""},
             {"createElementNS(\"http://www.w3.org/2000/svg\"", ""}});
  EXPECT_THAT(rest, Not(HasSubstr("http:")));
  EXPECT_THAT(rest, Not(HasSubstr("https:")));
  EXPECT_THAT(rest, Not(HasSubstr(" src=")));
  EXPECT_THAT(rest, Not(HasSubstr(" href=")));
  EXPECT_THAT(rest, Not(HasSubstr("@import")));
}

TEST(Html, EscapesEveryText) {
  Recording r;
  r.end = absl::Seconds(1);
  TaskTrack& t = r.tasks.emplace_back();
  t.name = "<b>&\"'</b>";
  r.lines = {{.time = absl::Seconds(1),
              .text = "</script><script>alert(1)</script> \x1b[31m",
              .task = 0}};
  const std::string html = RenderHtml(r, {.title = "<title>"});
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("alert(1)</script>")));
  const XmlElement page = Parse(html);
  std::vector<const XmlElement*> lines = WithClass(page, "li", "line");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_THAT(lines[0]->AllText(),
              HasSubstr("</script><script>alert(1)</script> \\x1b[31m"));
  EXPECT_THAT(page.FindAll("title").at(0)->text, "<title>");
}

TEST(Html, SaysHowARunThatDidNotEndByItselfEnded) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "1", "-c", "0"});
  run.recording.ending = "deadlock";
  const XmlElement page = Parse(RenderHtml(run.recording));
  std::vector<const XmlElement*> ending = WithClass(page, "strong", "ending");
  ASSERT_THAT(ending, SizeIs(1));
  EXPECT_THAT(ending[0]->text, HasSubstr("deadlock at"));
}

}  // namespace
}  // namespace asyncsim::cli
