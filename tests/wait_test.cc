#include "engine/wait.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/future.h"
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

// names(tasks): sorted(t.get_name() for t in tasks), as a Python list.
std::string Names(const std::vector<TaskHandle<std::string>>& tasks) {
  std::vector<std::string> names;
  for (const auto& t : tasks) names.push_back("'" + t.Name() + "'");
  std::sort(names.begin(), names.end());
  return "[" + absl::StrJoin(names, ", ") + "]";
}

// repr(t.exception()) for the RuntimeErrors of the program.
std::string ExceptionRepr(const TaskHandle<std::string>& t) {
  std::exception_ptr e = t.Exception();
  if (!e) return "None";
  try {
    std::rethrow_exception(e);
  } catch (const std::runtime_error& error) {
    return std::string("RuntimeError('") + error.what() + "')";
  }
}

// tests/cpython/wait_first_completed.py, all of it.
TEST(Wait, FirstCompletedFirstExceptionAllCompletedAndATimeout) {
  Trace trace;
  auto job = [&](std::string name, int d, bool fail) -> Task<std::string> {
    co_await Sleep(absl::Seconds(d));
    trace.Log(name, "ends");
    if (fail) throw std::runtime_error(name);
    co_return name;
  };
  auto main = [&]() -> Task<void> {
    std::vector<TaskHandle<std::string>> ts;
    for (auto [n, d] : std::vector<std::pair<std::string, int>>{
             {"a", 3}, {"b", 1}, {"c", 1}, {"d", 2}}) {
      ts.push_back(CreateTask(job(n, d, false), n));
    }
    auto [done, pending] =
        co_await Wait(ts, std::nullopt, ReturnWhen::kFirstCompleted);
    trace.Log("first completed:", Names(done), "pending:", Names(pending));
    auto [done2, pending2] = co_await Wait(pending, absl::Milliseconds(1500));
    trace.Log("after timeout 1.5:", Names(done2), "pending:", Names(pending2));
    ts = {CreateTask(job("e", 1, false), "e"),
          CreateTask(job("f", 2, true), "f"),
          CreateTask(job("g", 4, false), "g")};
    auto [done3, pending3] =
        co_await Wait(ts, std::nullopt, ReturnWhen::kFirstException);
    trace.Log("first exception:", Names(done3), "pending:", Names(pending3));
    std::sort(done3.begin(), done3.end(),
              [](const auto& x, const auto& y) { return x.Name() < y.Name(); });
    for (const auto& t : done3) {
      trace.Log(t.Name(), "exception:", ExceptionRepr(t));
    }
    std::vector<TaskHandle<std::string>> rest = pending3;  // pending | {ts[0]}
    rest.push_back(ts[0]);
    auto [done4, pending4] = co_await Wait(rest);
    trace.Log("all completed:", Names(done4), "pending:", Names(pending4));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("wait_first_completed"));
}

// Checked against CPython 3.11 on the oracle.
TEST(Wait, TasksAlreadyDoneStillTakeTheCallbacksHop) {
  Trace trace;
  auto child = [&]() -> Task<int> { co_return 1; };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> task = CreateTask(child());
    co_await Sleep(absl::ZeroDuration());
    (void)CreateTask(Ticker(trace, 5));
    std::vector<TaskHandle<int>> fs = {task};
    WaitResult<TaskHandle<int>> r = co_await Wait(fs);
    trace.Log("wait returned", r.done.size(), r.pending.size());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("0.000 tick 0", "0.000 tick 1",
                          "0.000 wait returned 1 0", "0.000 tick 2"));
}

TEST(Wait, AnEmptySetIsAValueErrorAndRepeatsCountOnce) {
  auto child = []() -> Task<int> {
    co_await Sleep(absl::Seconds(1));
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    std::vector<TaskHandle<int>> none;
    EXPECT_THROW(co_await Wait(none), ValueError);
    TaskHandle<int> t = CreateTask(child());
    std::vector<TaskHandle<int>> twice = {t, t};
    auto [done, pending] = co_await Wait(twice);
    EXPECT_EQ(done.size(), 1u);
    EXPECT_TRUE(pending.empty());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Wait, FuturesCanBeWaitedForAndATimeoutIsNotAnError) {
  auto main = []() -> Task<void> {
    Future<int> a, b;
    CallLater(absl::Seconds(1), [a]() mutable { a.SetResult(1); });
    std::vector<Future<int>> fs = {a, b};
    auto [done, pending] = co_await Wait(fs, absl::Seconds(2));
    EXPECT_EQ(done.size(), 1u);
    EXPECT_EQ(pending.size(), 1u);
    EXPECT_EQ(Loop::Current()->Time(), 2.0);
    EXPECT_FALSE(b.Cancelled());  // wait() never cancels.
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Wait, FirstExceptionRetrievesTheExceptionsItSees) {
  auto fail = []() -> Task<int> {
    co_await Sleep(absl::Seconds(1));
    throw std::runtime_error("seen by wait");
  };
  auto main = [&]() -> Task<void> {
    TaskHandle<int> t = CreateTask(fail());
    std::vector<TaskHandle<int>> fs = {t};
    auto [done, pending] =
        co_await Wait(fs, std::nullopt, ReturnWhen::kFirstException);
    EXPECT_EQ(done.size(), 1u);
  };
  std::ostringstream log;
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  // With one task the counter reaches zero first, so CPython does not read
  // the exception: it is logged as never retrieved.
  EXPECT_THAT(log.str(), HasSubstr("Task exception was never retrieved"));

  auto late = []() -> Task<int> {
    co_await Sleep(absl::Seconds(5));
    co_return 0;
  };
  auto two = [&]() -> Task<void> {
    TaskHandle<int> t = CreateTask(fail());
    TaskHandle<int> slow = CreateTask(late());
    std::vector<TaskHandle<int>> fs = {t, slow};
    co_await Wait(fs, std::nullopt, ReturnWhen::kFirstException);
    co_await slow;
  };
  std::ostringstream log2;
  ASSERT_TRUE(asyncsim::Run(two(), {.log = &log2}).ok());
  EXPECT_EQ(log2.str(), "");
}

TEST(Wait, NothingLeaksWhenTheRunDeadlocksInAWait) {
  Lifetimes lifetimes;
  auto blocked = [&]() -> Task<int> {
    auto token = lifetimes.Make();
    Event never;
    co_await never.Wait();
    co_return 1;
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    TaskHandle<int> t = CreateTask(blocked());
    std::vector<TaskHandle<int>> fs = {t};
    co_await Wait(fs);
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_EQ(lifetimes.created(), 2);
  EXPECT_EQ(lifetimes.live(), 0);
}

}  // namespace
}  // namespace asyncsim::engine_test
