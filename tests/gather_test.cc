#include "engine/gather.h"

#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/observer.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_test.h"
#include "tests/testing/ticker.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {
namespace {

// Python's repr of a list of str.
std::string Repr(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) quoted.push_back("'" + item + "'");
  return "[" + absl::StrJoin(quoted, ", ") + "]";
}

class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// tests/cpython/gather_first_steps.py. The children of a gather of a
// vector take their first steps from one ready entry (a run): the order
// must be the one separate handles give.
TEST(Gather, TheChildrensFirstStepsAreConsecutiveHandlesOfOneIteration) {
  Trace trace;
  Lifetimes lifetimes;
  auto leaf = [&](Lifetimes::Token, std::string name) -> Task<std::string> {
    trace.Log(name, "starts");
    co_await Sleep(0);
    trace.Log(name, "ends");
    co_return name;
  };
  auto quick = [&](Lifetimes::Token, std::string name) -> Task<std::string> {
    trace.Log(name, "runs to the end");
    co_return name;
  };
  auto nester = [&](Lifetimes::Token, std::string name) -> Task<std::string> {
    trace.Log(name, "starts");
    std::vector<Task<std::string>> leaves;
    leaves.push_back(leaf(lifetimes.Make(), name + ".1"));
    leaves.push_back(leaf(lifetimes.Make(), name + ".2"));
    auto inner = Gather(std::move(leaves));
    TaskHandle<std::string> t =
        CreateTask(quick(lifetimes.Make(), name + ".task"));
    std::vector<std::string> results = co_await inner;
    co_await t;
    trace.Log(name, "ends with", Repr(results));
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    Loop& loop = *Loop::Current();
    loop.CallSoon([&] { trace.Log("soon before"); });
    std::vector<Task<std::string>> first;
    first.push_back(leaf(lifetimes.Make(), "A"));
    first.push_back(nester(lifetimes.Make(), "B"));
    first.push_back(quick(lifetimes.Make(), "C"));
    first.push_back(leaf(lifetimes.Make(), "D"));
    auto g = Gather(std::move(first));
    std::vector<Task<std::string>> second;
    second.push_back(quick(lifetimes.Make(), "E"));
    second.push_back(quick(lifetimes.Make(), "F"));
    auto g2 = Gather(std::move(second));
    loop.CallSoon([&] { trace.Log("soon after"); });
    trace.Log("main awaits");
    std::vector<std::string> r1 = co_await g;
    std::vector<std::string> r2 = co_await g2;
    trace.Log("main got", Repr(r1), Repr(r2));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("gather_first_steps"));
  EXPECT_EQ(lifetimes.live(), 0);
}

// The children made before one that cannot be (an empty Task) are tasks
// like any other: their first steps still run.
TEST(Gather, ChildrenMadeBeforeAFailingOneStillTakeTheirSteps) {
  Trace trace;
  Lifetimes lifetimes;
  auto leaf = [&](Lifetimes::Token, std::string name) -> Task<void> {
    trace.Log(name, "starts");
    co_await Sleep(0);
    trace.Log(name, "ends");
  };
  auto main = [&]() -> Task<void> {
    std::vector<Task<void>> children;
    children.push_back(leaf(lifetimes.Make(), "A"));
    children.push_back(leaf(lifetimes.Make(), "B"));
    children.push_back(Task<void>());
    children.push_back(leaf(lifetimes.Make(), "C"));
    try {
      co_await Gather(std::move(children));
    } catch (const asyncsim::ValueError& e) {
      trace.Log("gather failed:", e.what());
    }
    co_await Sleep(0);
    co_await Sleep(0);
    trace.Log("main ends");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 gather failed: CreateTask needs a coroutine",
                          "0.000 A starts", "0.000 B starts", "0.000 A ends",
                          "0.000 B ends", "0.000 main ends"));
  EXPECT_EQ(lifetimes.live(), 0);
}

// tests/cpython/gather_same_iteration.py
TEST(Gather, ChildrenFinishingTogetherReachTheAwaiterTwoHopsLater) {
  Trace trace;
  auto child = [&](std::string name, absl::Duration d,
                   int yields) -> Task<std::string> {
    trace.Log(name, "starts");
    co_await Sleep(d);
    for (int i = 0; i < yields; ++i) co_await Sleep(absl::ZeroDuration());
    trace.Log(name, "ends");
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, absl::Seconds(1), 8));
    auto [c, b, a] = co_await Gather(child("c", absl::Seconds(1), 0),
                                     child("b", absl::Seconds(1), 0),
                                     child("a", absl::Seconds(1), 0));
    trace.Log("gather 1 ->", Repr({c, b, a}));
    (void)CreateTask(Ticker(trace, absl::Seconds(1), 8));
    auto [x2, x0, x1] = co_await Gather(child("x2", absl::Seconds(1), 2),
                                        child("x0", absl::Seconds(1), 0),
                                        child("x1", absl::Seconds(1), 1));
    trace.Log("gather 2 ->", Repr({x2, x0, x1}));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("gather_same_iteration"));
}

// tests/cpython/gather_nested.py
TEST(Gather, NestedGathersEachAddTheirDoneCallbackHop) {
  Trace trace;
  auto leaf = [&](std::string name, absl::Duration d) -> Task<std::string> {
    trace.Log(name, "starts");
    co_await Sleep(d);
    trace.Log(name, "ends");
    co_return name;
  };
  auto middle = [&]() -> Task<std::vector<std::string>> {
    auto [a, b] = co_await Gather(leaf("a", absl::Seconds(1)),
                                  leaf("b", absl::Seconds(2)));
    trace.Log("middle got", Repr({a, b}));
    co_return std::vector<std::string>{a, b};
  };
  auto main = [&]() -> Task<void> {
    (void)CreateTask(Ticker(trace, absl::Seconds(2), 8));
    // Python evaluates the arguments left to right: the inner gather (and
    // its task) exists before the outer gather schedules its own children.
    auto middle_coro = middle();
    auto c_coro = leaf("c", absl::Seconds(2));
    auto inner = Gather(leaf("d", absl::Seconds(2)));
    auto outer = Gather(std::move(middle_coro), std::move(c_coro), inner);
    trace.Log("outer created");
    auto [m, c, d] = co_await outer;
    trace.Log("outer ->",
              "[" + Repr(m) + ", '" + c + "', " + Repr({std::get<0>(d)}) + "]");
    auto [level1] =
        co_await Gather(Gather(Gather(leaf("e", absl::Seconds(1)))));
    const std::string& e = std::get<0>(std::get<0>(level1));
    trace.Log("triple ->", "[[" + Repr({e}) + "]]");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("gather_nested"));
}

// tests/cpython/gather_done_and_empty.py
TEST(Gather, FinishedChildrenStillCostHopsAndAnEmptyGatherCostsNone) {
  Trace trace;
  auto value = [&](int v) -> Task<int> {
    trace.Log("value", v);
    co_return v;
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> t1 = CreateTask(value(1));
    TaskHandle<int> t2 = CreateTask(value(2));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("t1, t2 done:", t1.Done() ? "True" : "False",
              t2.Done() ? "True" : "False");
    (void)CreateTask(Ticker(trace, 12));
    trace.Log("gather of finished tasks");
    auto [r2, r1] = co_await Gather(t2, t1);
    trace.Log("->", absl::StrCat("[", r2, ", ", r1, "]"));
    trace.Log("empty gather");
    std::tuple<> none = co_await Gather();
    (void)none;
    trace.Log("->", "[]");
    trace.Log("gather with the same task twice");
    TaskHandle<int> t3 = CreateTask(value(3));
    auto [a, b, c] = co_await Gather(t3, t3, t1);
    trace.Log("->", absl::StrCat("[", a, ", ", b, ", ", c, "]"));
    trace.Log("gather of a coroutine and a finished task");
    auto [d, e] = co_await Gather(value(4), t1);
    trace.Log("->", absl::StrCat("[", d, ", ", e, "]"));
    co_await Sleep(absl::Seconds(1));
    trace.Log("main done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("gather_done_and_empty"));
}

// tests/cpython/gather_exception.py
TEST(Gather, TheFirstExceptionReachesTheAwaiterWhileTheOtherChildrenRunOn) {
  Trace trace;
  auto ok = [&](std::string name, absl::Duration d) -> Task<std::string> {
    trace.Log(name, "starts");
    co_await Sleep(d);
    trace.Log(name, "ends");
    co_return name;
  };
  auto bad = [&](std::string name, absl::Duration d) -> Task<std::string> {
    trace.Log(name, "starts");
    co_await Sleep(d);
    trace.Log(name, "raises");
    throw ValueError(name);
  };
  auto repr = [](const auto& outcome) -> std::string {
    if (outcome.ok()) return "\"'" + outcome.value() + "'\"";
    try {
      std::rethrow_exception(outcome.exception());
    } catch (const ValueError& e) {
      return "\"ValueError('" + std::string(e.what()) + "')\"";
    }
  };
  auto main = [&]() -> Task<void> {
    auto g = Gather(ok("a", absl::Seconds(1)), bad("b", absl::Seconds(2)),
                    ok("c", absl::Seconds(3)), bad("d", absl::Seconds(4)));
    try {
      co_await g;
    } catch (const ValueError& e) {
      trace.Log("main caught ValueError", e.what());
    }
    trace.Log("gather done:", g.Done() ? "True" : "False");
    co_await Sleep(absl::Seconds(3));
    trace.Log("after the others");
    auto [e, f, gg] = co_await GatherSettled(ok("e", absl::Seconds(1)),
                                             bad("f", absl::Seconds(1)),
                                             ok("g", absl::Seconds(2)));
    trace.Log("return_exceptions ->",
              "[" + repr(e) + ", " + repr(f) + ", " + repr(gg) + "]");
    auto [h] = co_await GatherSettled(bad("h", absl::ZeroDuration()));
    trace.Log("->", "[" + repr(h) + "]");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("gather_exception"));
}

TEST(Gather, ResultsKeepArgumentOrderForAVector) {
  auto after = [](int i) -> Task<int> {
    co_await Sleep(absl::Seconds(10 - i));
    co_return i* i;
  };
  auto main = [&]() -> Task<std::vector<int>> {
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 10; ++i) tasks.push_back(after(i));
    co_return co_await Gather(std::move(tasks));
  };
  absl::StatusOr<std::vector<int>> results = asyncsim::Run(main());
  ASSERT_TRUE(results.ok());
  EXPECT_THAT(*results, ElementsAre(0, 1, 4, 9, 16, 25, 36, 49, 64, 81));
}

TEST(Gather, CancellingTheAwaitingTaskCancelsEveryUnfinishedChild) {
  Trace trace;
  Lifetimes lifetimes;
  auto child = [&](std::string name, absl::Duration d) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await Sleep(d);
      trace.Log(name, "finished");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
  };
  auto parent = [&]() -> Task<void> {
    try {
      co_await Gather(child("a", absl::Seconds(1)),
                      child("b", absl::Seconds(5)),
                      child("c", absl::Seconds(5)));
    } catch (const CancelledError&) {
      trace.Log("parent cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> p = CreateTask(parent());
    co_await Sleep(absl::Seconds(2));
    p.Cancel();
    EXPECT_THROW(co_await p, CancelledError);
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 a finished", "2.000 b cancelled",
                          "2.000 c cancelled", "2.000 parent cancelled"));
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Gather, GatherOfAVectorOfOneMillionTasksIsLinear) {
  auto trivial = [](int i) -> Task<int> { co_return i; };
  auto main = [&]() -> Task<long> {
    std::vector<Task<int>> tasks;
    tasks.reserve(1000000);
    for (int i = 0; i < 1000000; ++i) tasks.push_back(trivial(i));
    std::vector<int> results = co_await Gather(std::move(tasks));
    co_return static_cast<long>(results.size());
  };
  absl::StatusOr<long> n = asyncsim::Run(main());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1000000);
}

// tests/cpython/cancel_gather.py
TEST(Gather, CancellingTheGatherOrAChildEndsItWithCancelledError) {
  Trace trace;
  auto child = [&](std::string name, int d) -> Task<std::string> {
    Finally finally(trace, name);
    try {
      co_await Sleep(absl::Seconds(d));
      trace.Log(name, "ends");
      co_return name;
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
  };
  auto parent = [&]() -> Task<void> {
    try {
      co_await Gather(child("a", 5), child("b", 1), child("c", 5));
    } catch (const CancelledError&) {
      trace.Log("parent cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<void> p = CreateTask(parent());
    co_await Sleep(absl::Seconds(2));
    bool cancelled = p.Cancel();
    trace.Log("cancel parent:", cancelled ? "True" : "False");
    try {
      co_await p;
    } catch (const CancelledError&) {
      trace.Log("main: parent raised CancelledError");
    }
    {
      auto g = Gather(child("d", 5), child("e", 5));
      co_await Sleep(absl::Seconds(1));
      cancelled = g.Cancel();
      trace.Log("cancel gather:", cancelled ? "True" : "False");
      try {
        co_await g;
      } catch (const CancelledError&) {
        trace.Log("main: gather raised CancelledError");
      }
    }
    {
      TaskHandle<std::string> t = CreateTask(child("f", 3));
      auto g = Gather(t, child("g", 2));
      co_await Sleep(absl::Seconds(1));
      t.Cancel();
      try {
        auto [f, gv] = co_await g;
        trace.Log("->", f, gv);
      } catch (const CancelledError&) {
        trace.Log("main: gather with a cancelled child raised CancelledError");
      }
    }
    co_await Sleep(absl::Seconds(2));
    TaskHandle<std::string> t = CreateTask(child("h", 3));
    auto g = GatherSettled(t, child("i", 2));
    co_await Sleep(absl::Seconds(1));
    t.Cancel();
    auto [h, i] = co_await g;
    auto name = [](const Outcome<std::string>& o) {
      return o.cancelled() ? std::string("'CancelledError'")
                           : "'" + o.value() + "'";
    };
    trace.Log("->", "[" + name(h) + ", " + name(i) + "]");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("cancel_gather"));
}

// Every observer event as "<seconds> Task-<id> <event>", and each task's
// name as the observer saw it.
class HopRecorder : public Observer {
 public:
  void OnTaskCreated(absl::Time t, const TaskInfo& task) override {
    names.push_back(task.Name());
    Add(t, task, "created");
  }
  void OnTaskResumed(absl::Time t, const TaskInfo& task) override {
    Add(t, task, "resumed");
  }
  void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
                       std::string_view what) override {
    Add(t, task, "waits on " + std::string(WaitKindName(kind)));
  }
  void OnTaskDone(absl::Time t, const TaskInfo& task,
                  TaskOutcome outcome) override {
    Add(t, task, std::string(TaskOutcomeName(outcome)));
  }
  void OnTimerFired(absl::Time t, const TaskInfo& task) override {
    Add(t, task, "timer fired");
  }
  std::vector<std::string> hops;
  std::vector<std::string> names;

 private:
  void Add(absl::Time t, const TaskInfo& task, std::string_view event) {
    hops.push_back(absl::StrFormat("%.0f Task-%d %s",
                                   absl::ToDoubleSeconds(t - absl::UnixEpoch()),
                                   task.id, event));
  }
};

// gather(part(3), part(1)) and gather(*[part(2), part(0)]), named or not.
Task<std::vector<int>> NamedOrNot(Trace& trace, bool named) {
  auto part = [&](int i) -> Task<int> {
    trace.Log("part", i, "starts");
    co_await Sleep(absl::Seconds(i));
    trace.Log("part", i, "ends");
    co_return i;
  };
  auto name = [](int i) { return absl::StrCat("part(", i, ")"); };
  std::vector<int> results;
  if (named) {
    auto [a, b] =
        co_await Gather(Named(part(3), name(3)), Named(part(1), name(1)));
    std::vector<NamedTask<int>> tasks;
    for (int i : {2, 0}) tasks.push_back(Named(part(i), name(i)));
    std::vector<int> rest = co_await Gather(std::move(tasks));
    std::vector<NamedTask<int>> settled;
    settled.push_back(Named(part(1), name(1)));
    auto outcomes = co_await GatherSettled(std::move(settled));
    results = {a, b, rest[0], rest[1], outcomes[0].value()};
  } else {
    auto [a, b] = co_await Gather(part(3), part(1));
    std::vector<Task<int>> tasks;
    for (int i : {2, 0}) tasks.push_back(part(i));
    std::vector<int> rest = co_await Gather(std::move(tasks));
    std::vector<Task<int>> settled;
    settled.push_back(part(1));
    auto outcomes = co_await GatherSettled(std::move(settled));
    results = {a, b, rest[0], rest[1], outcomes[0].value()};
  }
  co_return results;
}

TEST(Gather, NamedChildrenKeepEveryHopAndOnlyTheirNamesChange) {
  Trace plain_trace;
  HopRecorder plain;
  absl::StatusOr<std::vector<int>> plain_results =
      asyncsim::Run(NamedOrNot(plain_trace, false), {.observer = &plain});
  Trace named_trace;
  HopRecorder named;
  absl::StatusOr<std::vector<int>> named_results =
      asyncsim::Run(NamedOrNot(named_trace, true), {.observer = &named});
  ASSERT_TRUE(plain_results.ok());
  ASSERT_TRUE(named_results.ok());
  EXPECT_THAT(*named_results, ElementsAre(3, 1, 2, 0, 1));
  EXPECT_EQ(*named_results, *plain_results);
  EXPECT_EQ(named_trace.Text(), plain_trace.Text());
  EXPECT_EQ(named.hops, plain.hops);
  // Task-1 is main; the last two are asyncio.run's shutdown tasks.
  EXPECT_THAT(plain.names, ElementsAre("Task-1", "Task-2", "Task-3", "Task-4",
                                       "Task-5", "Task-6", "Task-7", "Task-8"));
  EXPECT_THAT(named.names,
              ElementsAre("Task-1", "part(3)", "part(1)", "part(2)", "part(0)",
                          "part(1)", "Task-7", "Task-8"));
}

}  // namespace
}  // namespace asyncsim::engine_test
