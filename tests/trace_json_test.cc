// The Chrome Trace Event export (--trace): valid JSON holding a track per
// task, spans for sleeps and waits, instants for printed lines.

#include "cli/trace_json.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "engine/event.h"
#include "engine/observer.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/golden.h"
#include "tests/testing/json.h"
#include "tests/testing/record.h"

namespace asyncsim::cli {
namespace {

using ::asyncsim::testutil::JsonValue;
using ::asyncsim::testutil::ParseJson;
using ::asyncsim::testutil::RecordedRun;
using ::asyncsim::testutil::RecordScenario;
using ::asyncsim::testutil::SplitLines;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// The trace's events, parsed; fails the test if it is not valid JSON.
std::vector<JsonValue> Events(const std::string& trace) {
  absl::StatusOr<JsonValue> json = ParseJson(trace);
  EXPECT_TRUE(json.ok()) << json.status() << "\n" << trace;
  if (!json.ok()) return {};
  EXPECT_TRUE(json->IsObject());
  return json->At("traceEvents").AsArray();
}

// A whole number, as digits.
std::string Num(const JsonValue& v) {
  return absl::StrCat(static_cast<int64_t>(v.AsNumber()));
}

// tid -> thread name, from the metadata events.
std::map<int, std::string> ThreadNames(const std::vector<JsonValue>& events) {
  std::map<int, std::string> names;
  for (const JsonValue& e : events) {
    if (e.At("ph").AsString() == "M" &&
        e.At("name").AsString() == "thread_name") {
      names[static_cast<int>(e.At("tid").AsNumber())] =
          e.At("args").At("name").AsString();
    }
  }
  return names;
}

TEST(TraceJson, ChainedHasItsSixSleepsAsSpansOnTheChainsTracks) {
  RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  std::vector<JsonValue> events =
      Events(TraceJson(run.recording, {.title = "asyncsim chained 1 2 3"}));
  const std::map<int, std::string> threads = ThreadNames(events);
  EXPECT_THAT(threads,
              ElementsAre(std::pair(0, "outside the event loop"),
                          std::pair(1, "Task-1"), std::pair(2, "chain(1)"),
                          std::pair(3, "chain(2)"), std::pair(4, "chain(3)")));
  std::vector<std::string> sleeps;
  for (const JsonValue& e : events) {
    EXPECT_EQ(e.At("pid").AsNumber(), 1);
    // sleep(0) is a bare yield: a sleep, of its own kind.
    if (e.Has("cat") && e.At("cat").AsString() == "sleep") {
      EXPECT_EQ(e.At("ph").AsString(), "X");
      EXPECT_EQ(e.At("args").At("waits_on").AsString(),
                e.At("name").AsString());
      sleeps.push_back(
          absl::StrCat(threads.at(static_cast<int>(e.At("tid").AsNumber())),
                       " ", e.At("name").AsString(), " ts=", Num(e.At("ts")),
                       " dur=", Num(e.At("dur"))));
    }
  }
  // part1(n) and part2(n) sleep as the output says: 4 and 7 s for chain 1,
  // 4 and 4 for chain 2, 0 (a bare yield) and 4 for chain 3.
  EXPECT_THAT(sleeps,
              UnorderedElementsAre("chain(1) sleep(4s) ts=0 dur=4000000",
                                   "chain(1) sleep(7s) ts=4000000 dur=7000000",
                                   "chain(2) sleep(4s) ts=0 dur=4000000",
                                   "chain(2) sleep(4s) ts=4000000 dur=4000000",
                                   "chain(3) sleep(0) ts=0 dur=0",
                                   "chain(3) sleep(4s) ts=0 dur=4000000"));
}

TEST(TraceJson, MainsWaitOnTheGatherAndEachTasksLifeAreSpansToo) {
  RecordedRun run = RecordScenario("chained", {"1", "2", "3"});
  std::vector<JsonValue> events = Events(TraceJson(run.recording));
  std::vector<std::string> spans;
  for (const JsonValue& e : events) {
    if (e.At("ph").AsString() == "X" && e.At("tid").AsNumber() == 1) {
      spans.push_back(absl::StrCat(e.At("cat").AsString(), ": ",
                                   e.At("name").AsString(), " ",
                                   Num(e.At("ts")), "+", Num(e.At("dur"))));
    }
  }
  EXPECT_THAT(spans, ElementsAre("task: Task-1 0+11000000",
                                 "await: gather (3 of 3 children pending) "
                                 "0+11000000"));
}

TEST(TraceJson, CategoriesAreOneLowercaseWordEach) {
  std::set<std::string> categories;
  for (const char* scenario : {"chained", "asyncq", "countasync", "rand"}) {
    RecordedRun run = RecordScenario(scenario);
    for (const JsonValue& e : Events(TraceJson(run.recording))) {
      if (e.Has("cat")) categories.insert(e.At("cat").AsString());
    }
  }
  for (const std::string& category : categories) {
    EXPECT_THAT(category, ::testing::MatchesRegex("[a-z]+")) << category;
  }
  EXPECT_THAT(categories, ::testing::IsSupersetOf({"task", "sleep", "queue",
                                                   "await", "print", "flow"}));
}

// The flow events ("ph" "s" or "f"), each as "<ph> <id> <thread> <ts>
// <name>", checking on the way that each comes right after the slice it
// binds to: no duration, cat "flow", the same thread and timestamp.
std::vector<std::string> FlowEvents(const std::vector<JsonValue>& events) {
  const std::map<int, std::string> threads = ThreadNames(events);
  std::vector<std::string> flows;
  for (size_t i = 0; i < events.size(); ++i) {
    const JsonValue& e = events[i];
    const std::string& ph = e.At("ph").AsString();
    if (ph != "s" && ph != "f") continue;
    EXPECT_EQ(e.At("cat").AsString(), "flow");
    if (ph == "f") EXPECT_EQ(e.At("bp").AsString(), "e");
    EXPECT_GT(i, 0u);
    if (i == 0) continue;
    const JsonValue& slice = events[i - 1];
    EXPECT_EQ(slice.At("ph").AsString(), "X");
    EXPECT_EQ(slice.At("cat").AsString(), "flow");
    EXPECT_EQ(slice.At("dur").AsNumber(), 0);
    EXPECT_EQ(slice.At("tid").AsNumber(), e.At("tid").AsNumber());
    EXPECT_EQ(slice.At("ts").AsNumber(), e.At("ts").AsNumber());
    EXPECT_EQ(
        slice.At("name").AsString(),
        absl::StrCat(ph == "s" ? "put " : "get ", e.At("name").AsString()));
    flows.push_back(
        absl::StrCat(ph, " ", Num(e.At("id")), " ",
                     threads.at(static_cast<int>(e.At("tid").AsNumber())), " ",
                     Num(e.At("ts")), " ", e.At("name").AsString()));
  }
  return flows;
}

TEST(TraceJson, EachQueueItemIsAFlowFromItsPuttersThreadToItsGetters) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  // As printed: Producer 0 adds four items, got by Consumers 0, 2, 3 and
  // 1, each at the instant it is put.
  EXPECT_THAT(
      FlowEvents(Events(TraceJson(run.recording))),
      ElementsAre(
          "s 1 Producer 0 4000000 item 1", "f 1 Consumer 0 4000000 item 1",
          "s 2 Producer 0 14000000 item 2", "f 2 Consumer 2 14000000 item 2",
          "s 3 Producer 0 22000000 item 3", "f 3 Consumer 3 22000000 item 3",
          "s 4 Producer 0 29000000 item 4", "f 4 Consumer 1 29000000 item 4"));
}

TEST(TraceJson, AFlowNamesItsQueueWhenThereAreSeveralAndNeedsTwoTasks) {
  Recording recording;
  for (const char* name : {"Task-1", "Putter", "Getter"}) {
    TaskTrack& task = recording.tasks.emplace_back();
    task.name = name;
    task.end = absl::Seconds(3);
  }
  recording.end = absl::Seconds(3);
  recording.flows = {
      // Put by a callback, outside any task: no thread to start on.
      Flow{.queue = 0,
           .item = 0,
           .put = absl::Seconds(1),
           .putter = -1,
           .got = absl::Seconds(1),
           .getter = 2},
      Flow{.queue = 1,
           .item = 4,
           .put = absl::Seconds(1),
           .putter = 1,
           .got = absl::Milliseconds(2500),
           .getter = 2},
  };
  const std::vector<JsonValue> events = Events(TraceJson(recording));
  EXPECT_THAT(FlowEvents(events),
              ElementsAre("s 1 Putter 1000000 item 5 of queue 2",
                          "f 1 Getter 2500000 item 5 of queue 2"));
  for (const JsonValue& e : events) {
    if (e.At("ph").AsString() == "X" && e.At("cat").AsString() == "flow") {
      EXPECT_EQ(e.At("args").At("queue").AsNumber(), 2);
      EXPECT_EQ(e.At("args").At("item").AsNumber(), 5);
      EXPECT_EQ(e.At("args").At("put_by").AsString(), "Putter");
      EXPECT_EQ(e.At("args").At("got_by").AsString(), "Getter");
    }
  }
}

TEST(TraceJson, AWaitOpenAtADeadlockLastsUntilTheEndOfTheRun) {
  Recorder recorder;
  VirtualClock clock;
  auto waiter = [](Event& e) -> Task<void> { co_await e.Wait(); };
  auto sleeper = []() -> Task<void> { co_await Sleep(absl::Seconds(5)); };
  auto main = [&]() -> Task<void> {
    Event never;
    TaskHandle<void> w = CreateTask(waiter(never), "Waiter");
    co_await CreateTask(sleeper(), "Sleeper");
    co_await w;
  };
  ASSERT_TRUE(IsDeadlock(
      asyncsim::Run(main(), {.clock = &clock, .observer = &recorder})));
  std::vector<std::string> waits;
  for (const JsonValue& e : Events(TraceJson(recorder.Finish(clock.Now())))) {
    if (e.At("ph").AsString() == "X" && e.At("cat").AsString() == "sync") {
      waits.push_back(absl::StrCat(e.At("name").AsString(), " ",
                                   Num(e.At("ts")), "+", Num(e.At("dur"))));
    }
  }
  EXPECT_THAT(waits, ElementsAre("Event.wait 0+5000000"));
}

TEST(TraceJson, EveryPrintedLineIsAnInstantWithItsText) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  std::vector<JsonValue> events = Events(TraceJson(run.recording));
  const std::map<int, std::string> threads = ThreadNames(events);
  std::vector<std::string> printed;
  for (const JsonValue& e : events) {
    if (e.At("ph").AsString() != "i" || e.At("cat").AsString() != "print") {
      continue;
    }
    EXPECT_EQ(e.At("s").AsString(), "t");
    EXPECT_EQ(e.At("name").AsString(), e.At("args").At("text").AsString());
    const std::string& text = e.At("args").At("text").AsString();
    printed.push_back(text);
    // Lines are printed by the task they name.
    const std::string& thread =
        threads.at(static_cast<int>(e.At("tid").AsNumber()));
    if (text.starts_with("Producer") || text.starts_with("Consumer")) {
      EXPECT_TRUE(text.starts_with(thread)) << thread << ": " << text;
    }
    if (text.starts_with("Program completed")) {
      EXPECT_EQ(e.At("ts").AsNumber(), 29e6);
    }
  }
  EXPECT_EQ(printed, SplitLines(run.out));
}

TEST(TraceJson, TiesAreGlobalInstantsNamingTheTasks) {
  RecordedRun run = RecordScenario("asyncq", {"-p", "2", "-c", "5"});
  std::vector<JsonValue> events = Events(TraceJson(run.recording));
  std::vector<std::string> ties;
  for (const JsonValue& e : events) {
    if (e.Has("cat") && e.At("cat").AsString() == "tie") {
      EXPECT_EQ(e.At("s").AsString(), "g");
      std::vector<std::string> tasks;
      for (const JsonValue& t : e.At("args").At("tasks").AsArray()) {
        tasks.push_back(t.AsString());
      }
      EXPECT_EQ(tasks.size(), 4u);
      ties.push_back(
          absl::StrCat(Num(e.At("ts")), " ", e.At("name").AsString()));
    }
  }
  EXPECT_THAT(ties, ElementsAre("4000000 tie: Producer 0, Consumer 0, "
                                "Consumer 2, Consumer 3"));
}

TEST(TraceJson, TextIsEscapedSoThatAnythingPrintedParsesBack) {
  Recording r;
  r.end = absl::Nanoseconds(1500);
  TaskTrack& t = r.tasks.emplace_back();
  t.name = "quote \" backslash \\ tab \t";
  t.runs = {absl::ZeroDuration()};
  t.outcome = TaskOutcome::kFinished;
  t.end = absl::Nanoseconds(1500);
  const std::vector<std::string> texts = {
      "\x1b[36mcyan\x1b[0m", "new\nline, \r, \x7f and \x01",
      "caf\xC3\xA9 \xF0\x9F\x90\x8D", "</script>\"]}", ""};
  for (const std::string& text : texts) {
    r.lines.push_back({.time = absl::Nanoseconds(1500), .text = text});
  }
  r.lines.push_back({.time = absl::Nanoseconds(1500),
                     .text = "bad \xff\xc3 utf-8 \xed\xa0\x80!"});
  const std::string trace = TraceJson(r, {.title = "a \"title\""});
  for (char c : trace) {
    if (c != '\n') EXPECT_GE(static_cast<unsigned char>(c), 0x20u);
  }
  std::vector<JsonValue> events = Events(trace);
  std::vector<std::string> decoded;
  for (const JsonValue& e : events) {
    if (e.Has("cat") && e.At("cat").AsString() == "print") {
      decoded.push_back(e.At("args").At("text").AsString());
      EXPECT_EQ(e.At("ts").AsNumber(), 1.5);  // microseconds
    }
  }
  std::vector<std::string> want = texts;
  want.push_back(
      "bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8 \xEF\xBF\xBD\xEF\xBF\xBD"
      "\xEF\xBF\xBD!");
  EXPECT_EQ(decoded, want);
  EXPECT_EQ(ThreadNames(events).at(1), t.name);
  EXPECT_EQ(events[0].At("args").At("name").AsString(), "a \"title\"");
}

TEST(TraceJson, RandsColouredLinesComeBackByteForByte) {
  RecordedRun run = RecordScenario("rand");
  ASSERT_TRUE(run.status.ok()) << run.status;
  std::vector<JsonValue> events = Events(TraceJson(run.recording));
  std::vector<std::string> printed;
  for (const JsonValue& e : events) {
    if (e.Has("cat") && e.At("cat").AsString() == "print") {
      printed.push_back(e.At("args").At("text").AsString());
    }
  }
  EXPECT_EQ(printed, SplitLines(run.out));
  EXPECT_TRUE(printed[0].starts_with("\x1b[36m"));
}

TEST(JsonParser, AcceptsValidJsonAndRejectsWhatIsNot) {
  EXPECT_TRUE(
      ParseJson(
          R"( {"a": [1, -2.5e3, true, false, null, "\u00e9\ud83d\udc0d"]} )")
          .ok());
  absl::StatusOr<JsonValue> s = ParseJson(R"("\u001b\"\\\/\n")");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->AsString(), "\x1b\"\\/\n");
  for (const char* bad :
       {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "'a'", "\"a\nb\"", "\"\\x\"",
        "\"\\ud800\"", "{\"a\":1}{}", "{a:1}", "[1 2]", "NaN",
        "{\"a\":1,\"a\":2}", "\"\xff\""}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << bad;
  }
  // Raw UTF-8: 2, 3 and 4 bytes pass; overlong, truncated, surrogate, beyond
  // U+10FFFF and a stray continuation byte do not.
  absl::StatusOr<JsonValue> raw =
      ParseJson("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x8d\"");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->AsString(), "\u00e9\u20ac\U0001F40D");
  for (const char* bad :
       {"\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xe2\x82\"", "\"\xed\xa0\x80\"",
        "\"\xf4\x90\x80\x80\"", "\"\x80\""}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace asyncsim::cli
