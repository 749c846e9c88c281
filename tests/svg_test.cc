// The SVG picture (--svg): well-formed XML, one labelled row per task, bars
// for the waits, escaped text.

#include "cli/svg.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "engine/observer.h"
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

// The picture, parsed; fails the test if it is not well-formed.
XmlElement Parse(const std::string& svg) {
  absl::StatusOr<XmlElement> root = ParseXml(svg);
  EXPECT_TRUE(root.ok()) << root.status();
  return root.ok() ? *root : XmlElement{};
}

// The row labels, top to bottom.
std::vector<std::string> RowLabels(const XmlElement& svg) {
  std::vector<std::string> labels;
  for (const XmlElement* text : svg.FindAll("text")) {
    if (text->Attribute("class") == "row") labels.push_back(text->text);
  }
  return labels;
}

TEST(Svg, AsyncqHasOneLabelledRowPerTaskUnderTheStdoutRow) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  const XmlElement svg =
      Parse(RenderSvg(run.recording, {.title = "asyncsim asyncq -p 2 -c 5"}));
  EXPECT_EQ(svg.name, "svg");
  EXPECT_EQ(svg.Attribute("xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_THAT(
      RowLabels(svg),
      ElementsAre("stdout", "Task-1", "Producer 0", "Producer 1", "Consumer 0",
                  "Consumer 1", "Consumer 2", "Consumer 3", "Consumer 4"));
  std::vector<const XmlElement*> tasks;
  for (const XmlElement* g : svg.FindAll("g")) {
    if (g->Attribute("class") == "task") tasks.push_back(g);
  }
  ASSERT_THAT(tasks, SizeIs(8));
  // Producer 0 sleeps four times: four bars, each with its tooltip.
  std::vector<std::string> bars;
  for (const XmlElement* rect : tasks[1]->FindAll("rect")) {
    bars.push_back(rect->FindAll("title").at(0)->text);
  }
  EXPECT_THAT(bars, ElementsAre("Producer 0: sleep(4s), 0.000 to 4.000 s",
                                "Producer 0: sleep(10s), 4.000 to 14.000 s",
                                "Producer 0: sleep(8s), 14.000 to 22.000 s",
                                "Producer 0: sleep(7s), 22.000 to 29.000 s"));
  // The title, the axis ticks, the legend.
  const std::string all = svg.AllText();
  EXPECT_THAT(all, HasSubstr("asyncsim asyncq -p 2 -c 5"));
  EXPECT_THAT(all, HasSubstr("time (s)"));
  EXPECT_THAT(all, HasSubstr("cancelled"));
  EXPECT_THAT(all, HasSubstr("Queue get/put/join"));
}

TEST(Svg, PrintedLinesAreDotsWithTheirTextAsTooltips) {
  RecordedRun run = RecordScenario("countasync");
  const XmlElement svg = Parse(RenderSvg(run.recording));
  std::vector<std::string> dots;
  for (const XmlElement* g : svg.FindAll("g")) {
    if (g->Attribute("class") != "stdout") continue;
    for (const XmlElement* circle : g->FindAll("circle")) {
      dots.push_back(circle->FindAll("title").at(0)->text);
    }
  }
  EXPECT_THAT(dots, ElementsAre("0.000 s\n"
                                "count(): One\ncount(): One\ncount(): One",
                                "1.000 s\n"
                                "count(): Two\ncount(): Two\ncount(): Two\n"
                                "outside the event loop: countasync.py "
                                "executed in 1.00 seconds."));
}

TEST(Svg, AnyTextStaysWellFormed) {
  Recording r;
  r.end = absl::Seconds(2);
  TaskTrack& t = r.tasks.emplace_back();
  t.name = "<&\"'> \x1b[31mred\x01";
  t.runs = {absl::ZeroDuration(), absl::Seconds(2)};
  t.waits = {{.start = absl::ZeroDuration(),
              .end = absl::Seconds(2),
              .kind = WaitKind::kEvent,
              .what = "Event \"<done>\""}};
  t.outcome = TaskOutcome::kFailed;
  t.end = absl::Seconds(2);
  r.lines = {{.time = absl::Seconds(1),
              .text = "]]> & \xff \xEF\xBF\xBE \x1b[0m",
              .task = 0}};
  const std::string text = RenderSvg(r, {.title = "a <title> & more"});
  const XmlElement svg = Parse(text);
  EXPECT_THAT(RowLabels(svg),
              ElementsAre("stdout", "<&\"'> \\x1b[31mred\\x01"));
  EXPECT_THAT(svg.AllText(), HasSubstr("a <title> & more"));
  EXPECT_THAT(text,
              HasSubstr("]]&gt; &amp; \xEF\xBF\xBD \xEF\xBF\xBD \\x1b[0m"));
}

// The <text> elements whose content is `text`.
std::vector<const XmlElement*> Texts(const XmlElement& svg,
                                     const std::string& text) {
  std::vector<const XmlElement*> found;
  for (const XmlElement* e : svg.FindAll("text")) {
    if (e->text == text) found.push_back(e);
  }
  return found;
}

double Number(const XmlElement* e, const std::string& attribute) {
  return std::stod(e->Attribute(attribute));
}

TEST(Svg, TheAxisTitleLeavesRoomForTheFirstTickLabel) {
  for (const char* scenario : {"countasync", "countsync", "chained"}) {
    RecordedRun run = RecordScenario(scenario);
    const XmlElement svg = Parse(RenderSvg(run.recording));
    ASSERT_THAT(Texts(svg, "time (s)"), SizeIs(1));
    const XmlElement* title = Texts(svg, "time (s)")[0];
    // The first tick label is centred on the axis's start.
    const XmlElement* first = nullptr;
    for (const char* zero : {"0", "0.0", "0.00", "0.000"}) {
      if (!Texts(svg, zero).empty()) first = Texts(svg, zero)[0];
    }
    ASSERT_NE(first, nullptr) << scenario;
    constexpr double kCharWidth = 7.2;            // 12px monospace
    const double title_end = Number(title, "x");  // text-anchor="end"
    const double first_start =
        Number(first, "x") - first->text.size() * kCharWidth / 2;
    EXPECT_LT(title_end + 4, first_start) << scenario;
  }
}

TEST(Svg, TheEndOfTheRunIsLabelled) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  const XmlElement svg = Parse(RenderSvg(run.recording));
  std::vector<std::string> ends;
  for (const XmlElement* text : svg.FindAll("text")) {
    if (text->Attribute("class") == "end") ends.push_back(text->text);
  }
  // 29 s, between the ticks at 25 and 30.
  EXPECT_THAT(ends, ElementsAre("29"));
}

TEST(Svg, ADotGrowsWithTheLinesPrintedAtItsInstant) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  const XmlElement svg = Parse(RenderSvg(run.recording));
  std::vector<std::pair<int, double>> dots;  // lines, radius
  for (const XmlElement* circle : svg.FindAll("circle")) {
    if (!circle->Attribute("data-lines").empty()) {
      dots.emplace_back(std::stoi(circle->Attribute("data-lines")),
                        Number(circle, "r"));
    }
  }
  ASSERT_GT(dots.size(), 2u);
  for (const auto& [lines, r] : dots) {
    for (const auto& [other_lines, other_r] : dots) {
      if (lines > other_lines) EXPECT_GT(r, other_r);
      if (lines == other_lines) EXPECT_EQ(r, other_r);
    }
  }
}

TEST(Svg, ARunThatDidNotEndByItselfIsMarkedWhereItStopped) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "0"});
  run.recording.ending = "deadlock";
  const XmlElement svg = Parse(RenderSvg(run.recording));
  std::vector<std::string> marks;
  for (const XmlElement* g : svg.FindAll("g")) {
    if (g->Attribute("class") != "ending") continue;
    for (const XmlElement* text : g->FindAll("text")) {
      marks.push_back(text->text);
    }
  }
  EXPECT_THAT(marks, ElementsAre("deadlock at 19.000 s"));
  run.recording.ending.clear();
  EXPECT_THAT(RenderSvg(run.recording), Not(HasSubstr("class=\"ending\"")));
}

TEST(Svg, TheLegendListsOnlyWhatThePictureShows) {
  RecordedRun run = RecordScenario("countasync");
  const std::string legend = [&] {
    const XmlElement svg = Parse(RenderSvg(run.recording));
    for (const XmlElement* g : svg.FindAll("g")) {
      if (g->Attribute("class") == "legend") return g->AllText();
    }
    return std::string();
  }();
  EXPECT_THAT(legend, HasSubstr("sleep"));
  EXPECT_THAT(legend, HasSubstr("a task or gather"));
  EXPECT_THAT(legend, HasSubstr("finished"));
  EXPECT_THAT(legend, HasSubstr("printed a line"));
  EXPECT_THAT(legend, Not(HasSubstr("Queue")));
  EXPECT_THAT(legend, Not(HasSubstr("cancelled")));
  EXPECT_THAT(legend, Not(HasSubstr("failed")));
  EXPECT_THAT(legend, Not(HasSubstr("event, lock")));
}

TEST(Svg, ManyTasksAreSummarisedBeyondTheRowLimit) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "10", "-c", "40"});
  ASSERT_EQ(run.recording.tasks.size(), 51u);
  const XmlElement svg = Parse(RenderSvg(run.recording, {.max_rows = 20}));
  EXPECT_THAT(RowLabels(svg), SizeIs(21));
  EXPECT_THAT(svg.AllText(),
              HasSubstr("... 31 more tasks (the first 20 of 51 are shown)"));
}

// The arrows of the queue items (<path class="flow">), in order.
std::vector<const XmlElement*> Arrows(const XmlElement& svg) {
  std::vector<const XmlElement*> arrows;
  for (const XmlElement* path : svg.FindAll("path")) {
    if (path->Attribute("class") == "flow") arrows.push_back(path);
  }
  return arrows;
}

// The numbers of a path's `d` ("M1 2 Q3 4 5 6" -> 1 2 3 4 5 6).
std::vector<double> PathNumbers(const std::string& d) {
  std::vector<double> numbers;
  for (absl::string_view word :
       absl::StrSplit(d, absl::ByAnyChar(" MQ"), absl::SkipEmpty())) {
    double n = 0;
    EXPECT_TRUE(absl::SimpleAtod(word, &n)) << d;
    numbers.push_back(n);
  }
  return numbers;
}

// The label of the row that `y` falls in ("" if none): a row's label sits
// 14 px under its top, and a row is 20 px high.
std::string RowAt(const XmlElement& svg, double y) {
  for (const XmlElement* text : svg.FindAll("text")) {
    if (text->Attribute("class") != "row") continue;
    const double label_y = std::stod(text->Attribute("y"));
    if (y > label_y - 14 && y < label_y + 6) return text->text;
  }
  return "";
}

TEST(Svg, AsyncqHasAnArrowPerItemFromItsPutterAtThePutToItsGetterAtTheGet) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  const XmlElement svg = Parse(RenderSvg(run.recording));
  const std::vector<const XmlElement*> arrows = Arrows(svg);
  // Four items, as printed: "Producer 0 added <d8ca10a338> to queue.",
  // "Consumer 0 got element <d8ca10a338> ...", then Consumers 2, 3 and 1,
  // each getting the item at the instant it is put.
  ASSERT_THAT(arrows, SizeIs(4));
  const double x0 = std::stod(svg.Attribute("data-x0"));
  const double x1 = std::stod(svg.Attribute("data-x1"));
  const double end = std::stod(svg.Attribute("data-end"));
  const auto x = [&](double seconds) { return x0 + (x1 - x0) * seconds / end; };
  const struct {
    const char* getter;
    double time;
  } want[] = {{"Consumer 0", 4},
              {"Consumer 2", 14},
              {"Consumer 3", 22},
              {"Consumer 1", 29}};
  for (int k = 0; k < 4; ++k) {
    const XmlElement& arrow = *arrows[k];
    const std::vector<double> d = PathNumbers(arrow.Attribute("d"));
    ASSERT_THAT(d, SizeIs(6)) << arrow.Attribute("d");
    EXPECT_EQ(RowAt(svg, d[1]), "Producer 0") << k;
    EXPECT_NEAR(d[0], x(want[k].time), 0.1) << k;
    EXPECT_EQ(RowAt(svg, d[5]), want[k].getter) << k;
    EXPECT_NEAR(d[4], x(want[k].time), 0.1) << k;
    EXPECT_EQ(arrow.Attribute("marker-end"), "url(#flow-head)");
    EXPECT_EQ(arrow.Attribute("data-item"), std::to_string(k));
    const std::string t = absl::StrFormat("%.3f", want[k].time);
    EXPECT_EQ(
        arrow.FindAll("title").at(0)->text,
        absl::StrCat("item ", k + 1, " of the queue: put by Producer 0 at ", t,
                     " s, got by ", want[k].getter, " at ", t, " s"));
  }
  EXPECT_THAT(svg.AllText(), HasSubstr("an item from its put to its get"));
}

TEST(Svg, ArrowsPastTheLimitAreLeftOutAndTheLegendSaysSo) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  const XmlElement svg = Parse(RenderSvg(run.recording, {.max_flows = 3}));
  EXPECT_THAT(Arrows(svg), SizeIs(3));
  EXPECT_THAT(svg.AllText(),
              HasSubstr("an item from its put to its get (the first 3 of 4)"));
  // No queue, no arrows, and nothing of them in the legend.
  RecordedRun chained = RecordScenario("chained", {"1", "2"});
  const std::string none = RenderSvg(chained.recording);
  EXPECT_THAT(Arrows(Parse(none)), SizeIs(0));
  EXPECT_THAT(none, Not(HasSubstr("flow")));
}

TEST(Svg, AnItemPutAndGotByTasksLaterInTheRowsAlsoHasItsArrow) {
  // Hand-made: put by the last task shown, got by the first, later; and
  // one whose getter is past the rows shown (no arrow).
  Recording recording;
  for (const char* name : {"Task-1", "Getter", "Putter", "Hidden"}) {
    TaskTrack& task = recording.tasks.emplace_back();
    task.name = name;
    task.end = absl::Seconds(4);
  }
  recording.end = absl::Seconds(4);
  recording.flows = {
      Flow{.queue = 0,
           .item = 0,
           .put = absl::Seconds(1),
           .putter = 2,
           .got = absl::Seconds(3),
           .getter = 1},
      Flow{.queue = 1,
           .item = 0,
           .put = absl::Seconds(1),
           .putter = 2,
           .got = absl::Seconds(2),
           .getter = 3},
  };
  const XmlElement svg = Parse(RenderSvg(recording, {.max_rows = 3}));
  const std::vector<const XmlElement*> arrows = Arrows(svg);
  ASSERT_THAT(arrows, SizeIs(1));
  const std::vector<double> d = PathNumbers(arrows[0]->Attribute("d"));
  ASSERT_THAT(d, SizeIs(6));
  EXPECT_EQ(RowAt(svg, d[1]), "Putter");
  EXPECT_EQ(RowAt(svg, d[5]), "Getter");
  EXPECT_LT(d[0], d[4]);
  // Two queues: the tooltip names which.
  EXPECT_EQ(arrows[0]->FindAll("title").at(0)->text,
            "item 1 of queue 1: put by Putter at 1.000 s, got by Getter at "
            "3.000 s");
}

TEST(XmlChecker, RefusesWhatIsNotWellFormed) {
  EXPECT_TRUE(ParseXml("<a>\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x8d</a>").ok());
  EXPECT_TRUE(ParseXml("<?xml version=\"1.0\"?>\n<a x='1'><b/>t&amp;&#10;"
                       "<!-- c --></a>\n")
                  .ok());
  for (const char* bad :
       {"", "<a>", "<a></b>", "<a x=1/>", "<a x='1' x='2'/>", "<a>&nope;</a>",
        "<a>&#27;</a>", "<a>\x1b</a>", "<a>x < y</a>", "<a>&amp</a>",
        "<a/><b/>", "<a x='<'/>", "<a>\xff</a>", "<a><!-- -- --></a>",
        "<a>\xc0\xaf</a>", "<a>\xe2\x82</a>", "<a>\xed\xa0\x80</a>",
        "<a>\xf4\x90\x80\x80</a>", "<a>\xef\xbf\xbe</a>"}) {
    EXPECT_FALSE(ParseXml(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace asyncsim::cli
