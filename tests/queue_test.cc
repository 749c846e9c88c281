#include "engine/queue.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/gather.h"
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

// tests/cpython/queue_maxsize1_putters.py
TEST(Queue, BlockedPuttersWakeInFifoOrderOnePerGet) {
  Trace trace;
  auto producer = [&](Queue<std::string>& q, std::string name) -> Task<void> {
    for (int i = 0; i < 2; ++i) {
      std::string item = absl::StrCat(name, i);
      trace.Log(name, "puts", item);
      co_await q.Put(item);
      trace.Log(name, "put done", item, "qsize", q.Size());
    }
  };
  auto consumer = [&](Queue<std::string>& q, int n) -> Task<void> {
    for (int i = 0; i < n; ++i) {
      co_await Sleep(absl::Seconds(1));
      std::string item = co_await q.Get();
      trace.Log("consumer got", item, "qsize", q.Size());
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<std::string> q(/*maxsize=*/1);
    std::vector<TaskHandle<void>> ps;
    for (const char* name : {"P", "Q", "R"}) {
      ps.push_back(CreateTask(producer(q, name)));
    }
    co_await consumer(q, 6);
    co_await Gather(std::move(ps));
    trace.Log("empty:", Py(q.Empty()), "full:", Py(q.Full()));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("queue_maxsize1_putters"));
}

// tests/cpython/queue_maxsize2.py
TEST(Queue, BlockedPuttersAndGettersTakeTurnsInFifoOrder) {
  Trace trace;
  auto producer = [&](Queue<std::string>& q, std::string name, int n,
                      absl::Duration d) -> Task<void> {
    for (int i = 0; i < n; ++i) {
      co_await Sleep(d);
      trace.Log(name, "put", absl::StrCat(name, i),
                q.Full() ? "(full)" : "(room)");
      co_await q.Put(absl::StrCat(name, i));
    }
    trace.Log(name, "done");
  };
  auto consumer = [&](Queue<std::string>& q, std::string name,
                      absl::Duration d) -> Task<void> {
    while (true) {
      std::string item = co_await q.Get();
      trace.Log(name, "got", item);
      co_await Sleep(d);
      q.TaskDone();
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<std::string> q(/*maxsize=*/2);
    std::vector<TaskHandle<void>> cs;
    for (int i = 0; i < 2; ++i) {
      cs.push_back(
          CreateTask(consumer(q, absl::StrCat("C", i), absl::Seconds(3))));
    }
    std::vector<TaskHandle<void>> ps;
    for (const char* name : {"a", "b", "c"}) {
      ps.push_back(CreateTask(producer(q, name, 3, absl::Seconds(1))));
    }
    co_await Gather(std::move(ps));
    trace.Log("producers done, qsize", q.Size());
    co_await q.Join();
    trace.Log("joined");
    for (TaskHandle<void>& c : cs) c.Cancel();
    co_await Sleep(absl::ZeroDuration());
    trace.Log("consumers cancelled:",
              absl::StrCat("[", Py(cs[0].Cancelled()), ", ",
                           Py(cs[1].Cancelled()), "]"));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("queue_maxsize2"));
}

// tests/cpython/queue_getters_fifo.py
TEST(Queue, WokenGetterThatFindsQueueEmptyWaitsAgainAtTheBack) {
  Trace trace;
  auto getter = [&](Queue<std::string>& q, std::string name,
                    int n) -> Task<void> {
    for (int i = 0; i < n; ++i) {
      trace.Log(name, "waits");
      std::string item = co_await q.Get();
      trace.Log(name, "got", item);
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<std::string> q;
    std::vector<TaskHandle<void>> gs;
    for (int i = 0; i < 3; ++i) {
      gs.push_back(CreateTask(getter(q, absl::StrCat("G", i), 2)));
    }
    co_await Sleep(absl::Seconds(1));
    trace.Log("put_nowait x1");
    q.PutNowait("x1");
    co_await Sleep(absl::Seconds(1));
    trace.Log("burst: put_nowait y1 y2 y3");
    for (const char* item : {"y1", "y2", "y3"}) q.PutNowait(item);
    co_await Sleep(absl::Seconds(1));
    trace.Log("put z1, then steal it with get_nowait before the getter runs");
    q.PutNowait("z1");
    trace.Log("stolen", q.GetNowait());
    co_await Sleep(absl::Seconds(1));
    trace.Log("put z2");
    co_await q.Put("z2");
    co_await Sleep(absl::Seconds(1));
    trace.Log("getters done:",
              absl::StrCat("[", Py(gs[0].Done()), ", ", Py(gs[1].Done()), ", ",
                           Py(gs[2].Done()), "]"));
    q.PutNowait("last");
    co_await Gather(std::move(gs));
    trace.Log("all getters done");
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("queue_getters_fifo"));
}

// tests/cpython/queue_join_task_done.py
TEST(Queue, JoinersWakeTogetherWhenTheLastItemIsMarkedDone) {
  Trace trace;
  auto joiner = [&](Queue<int>& q, std::string name) -> Task<void> {
    trace.Log(name, "joins");
    co_await q.Join();
    trace.Log(name, "joined");
  };
  auto worker = [&](Queue<int>& q) -> Task<void> {
    while (!q.Empty()) {
      int item = q.GetNowait();
      co_await Sleep(absl::Seconds(item));
      trace.Log("worker done with", item);
      q.TaskDone();
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    trace.Log("join on an empty queue");
    co_await q.Join();
    trace.Log("returned");
    for (int item : {2, 1, 3}) q.PutNowait(item);
    std::vector<TaskHandle<void>> js;
    for (int i = 0; i < 3; ++i) {
      js.push_back(CreateTask(joiner(q, absl::StrCat("J", i))));
    }
    TaskHandle<void> w = CreateTask(worker(q));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("unfinished tasks: qsize", q.Size());
    co_await Gather(w, js[0], js[1], js[2]);
    try {
      q.TaskDone();
    } catch (const ValueError& e) {
      trace.Log("ValueError:", e.what());
    }
    q.PutNowait(9);
    q.GetNowait();
    TaskHandle<void> j = CreateTask(joiner(q, "late"));
    co_await Sleep(absl::Seconds(2));
    trace.Log("late joiner done?", Py(j.Done()));
    q.TaskDone();
    co_await j;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("queue_join_task_done"));
}

// tests/cpython/queue_nowait.py
TEST(Queue, NowaitCallsRaiseWhenFullOrEmptyAndWakeTheOtherSide) {
  Trace trace;
  auto putter = [&](Queue<std::string>& q, std::string item) -> Task<void> {
    trace.Log("putter puts", item);
    co_await q.Put(item);
    trace.Log("putter done", item);
  };
  auto getter = [&](Queue<std::string>& q) -> Task<void> {
    trace.Log("getter waits");
    std::string item = co_await q.Get();
    trace.Log("getter got", item);
  };
  auto main = [&]() -> Task<void> {
    Queue<std::string> q(2);
    q.PutNowait("1");
    q.PutNowait("2");
    try {
      q.PutNowait("3");
    } catch (const QueueFull&) {
      trace.Log("QueueFull at size", q.Size());
    }
    TaskHandle<void> p = CreateTask(putter(q, "3"));
    co_await Sleep(absl::ZeroDuration());
    std::string got = q.GetNowait();
    trace.Log("get_nowait", got, "qsize", q.Size());
    trace.Log("putter done yet?", Py(p.Done()));
    co_await Sleep(absl::ZeroDuration());
    trace.Log("qsize", q.Size(), "putter done?", Py(p.Done()));
    co_await p;
    std::string first = q.GetNowait();
    std::string second = q.GetNowait();
    trace.Log("drain", first, second);
    try {
      q.GetNowait();
    } catch (const QueueEmpty&) {
      trace.Log("QueueEmpty");
    }
    TaskHandle<void> g = CreateTask(getter(q));
    co_await Sleep(absl::ZeroDuration());
    q.PutNowait("a");
    q.PutNowait("b");
    trace.Log("qsize after two put_nowait", q.Size());
    co_await g;
    std::string left = q.GetNowait();
    trace.Log("left", left, "maxsize", q.maxsize());
    Queue<int> q0(0);
    for (int i = 0; i < 3; ++i) q0.PutNowait(i);
    trace.Log("unbounded full?", Py(q0.Full()), q0.Size());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("queue_nowait"));
}

TEST(Queue, PutAndGetThatNeedNoWaitTakeNoHop) {
  Trace trace;
  auto main = [&]() -> Task<void> {
    Queue<int> q(1);
    TaskHandle<void> t = CreateTask(Tick(trace));
    co_await q.Put(1);
    int item = co_await q.Get();
    trace.Log("main got", item);
    co_await t;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(), ElementsAre("0.000 main got 1", "0.000 tick"));
}

TEST(Queue, TaskDoneCalledTooOftenIsAValueError) {
  auto main = []() -> Task<void> {
    Queue<int> q;
    EXPECT_THROW(q.TaskDone(), ValueError);
    q.PutNowait(1);
    q.TaskDone();
    EXPECT_THROW(q.TaskDone(), ValueError);
    co_return;
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
}

TEST(Queue, AJoinThatCanNeverFinishIsReportedAsADeadlock) {
  auto main = []() -> Task<void> {
    Queue<int> q;
    q.PutNowait(1);
    co_await q.Join();
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("Task-1: waits on Queue.join"));
}

TEST(Queue, FramesBlockedOnAQueueAreFreedWhenARunEndsInDeadlock) {
  Lifetimes lifetimes;
  auto consumer = [&](Queue<int>& q) -> Task<void> {
    auto token = lifetimes.Make();
    while (true) co_await q.Get();
  };
  auto main = [&]() -> Task<void> {
    auto token = lifetimes.Make();
    Queue<int> q;
    for (int i = 0; i < 4; ++i) (void)CreateTask(consumer(q), "Consumer");
    q.PutNowait(1);
    co_await q.Join();
  };
  absl::Status status = asyncsim::Run(main());
  EXPECT_TRUE(IsDeadlock(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("Consumer: waits on Queue.get"));
  EXPECT_EQ(lifetimes.created(), 5);
  EXPECT_EQ(lifetimes.live(), 0);
}

// tests/cpython/cancel_queue_get_put.py
TEST(Queue, CancelledWaitersLeaveTheLineAndAWokenOnePassesTheWakeUpOn) {
  Trace trace;
  auto getter = [&](Queue<std::string>& q, std::string name) -> Task<void> {
    try {
      trace.Log(name, "waits");
      std::string item = co_await q.Get();
      trace.Log(name, "got", item);
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled in get");
      throw;
    }
  };
  auto putter = [&](Queue<std::string>& q, std::string name,
                    std::string item) -> Task<void> {
    try {
      trace.Log(name, "puts", item);
      co_await q.Put(item);
      trace.Log(name, "put done");
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled in put");
      throw;
    }
  };
  auto state = [](const TaskHandle<void>& t) -> std::string {
    return t.Cancelled() ? "'cancelled'" : t.Done() ? "'done'" : "'waiting'";
  };
  auto main = [&]() -> Task<void> {
    Queue<std::string> q;
    std::vector<TaskHandle<void>> gs;
    for (int i = 0; i < 4; ++i) {
      gs.push_back(CreateTask(getter(q, absl::StrCat("G", i))));
    }
    co_await Sleep(absl::Seconds(1));
    gs[0].Cancel();
    co_await Sleep(absl::ZeroDuration());
    trace.Log("put a");
    q.PutNowait("a");
    co_await Sleep(absl::Seconds(1));
    trace.Log("put b, then cancel the woken getter G2");
    q.PutNowait("b");
    gs[2].Cancel();
    co_await Sleep(absl::Seconds(1));
    trace.Log("results:",
              absl::StrCat("[", state(gs[0]), ", ", state(gs[1]), ", ",
                           state(gs[2]), ", ", state(gs[3]), "]"));
    Queue<std::string> q1(/*maxsize=*/1);
    q1.PutNowait("full");
    std::vector<TaskHandle<void>> ps;
    for (int i = 0; i < 3; ++i) {
      ps.push_back(
          CreateTask(putter(q1, absl::StrCat("P", i), absl::StrCat("p", i))));
    }
    co_await Sleep(absl::Seconds(1));
    ps[0].Cancel();
    co_await Sleep(absl::ZeroDuration());
    trace.Log("get", q1.GetNowait());
    co_await Sleep(absl::Seconds(1));
    trace.Log("get", q1.GetNowait());
    co_await Sleep(absl::Seconds(1));
    trace.Log(
        "qsize", q1.Size(),
        absl::StrCat("[", Py(ps[0].Cancelled()), ", ", Py(ps[1].Cancelled()),
                     ", ", Py(ps[2].Cancelled()), "]"));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_EQ(trace.Text(), CpythonGolden("cancel_queue_get_put"));
}

TEST(Queue, WaitersOfAQueueDestroyedWithMainAreCancelledCleanlyAtShutdown) {
  // asyncq's shape: main's queue dies when main returns, while consumers
  // still wait on it; asyncio.run then cancels them.
  Trace trace;
  Lifetimes lifetimes;
  auto consumer = [&](Queue<int>& q, std::string name) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await q.Get();
    } catch (const CancelledError&) {
      trace.Log(name, "cancelled");
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    (void)CreateTask(consumer(q, "a"));
    (void)CreateTask(consumer(q, "b"));
    co_await Sleep(absl::Seconds(1));
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(trace.lines(),
              ElementsAre("1.000 a cancelled", "1.000 b cancelled"));
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Queue, ACancelledGetterOrPutterCatchesItsMessageAtTheAwaitAndGoesOn) {
  Trace trace;
  Lifetimes lifetimes;
  auto getter = [&](Queue<int>& q) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await q.Get();
    } catch (const CancelledError& e) {
      trace.Log("getter cancelled:", e.message());
    }
    trace.Log("getter got", co_await q.Get());  // The same queue, again.
  };
  auto putter = [&](Queue<int>& q) -> Task<void> {
    auto token = lifetimes.Make();
    try {
      co_await q.Put(2);
    } catch (const CancelledError& e) {
      trace.Log("putter cancelled:", e.message());
      throw;
    }
  };
  auto main = [&]() -> Task<void> {
    Queue<int> empty;
    Queue<int> full(/*maxsize=*/1);
    full.PutNowait(1);
    TaskHandle<void> g = CreateTask(getter(empty));
    TaskHandle<void> p = CreateTask(putter(full));
    co_await Sleep(absl::Seconds(1));
    g.Cancel("stop get");
    p.Cancel("stop put");
    co_await Sleep(absl::Seconds(1));
    empty.PutNowait(3);
    auto [got, put] = co_await GatherSettled(g, p);
    trace.Log("getter:", got.ok() ? "ok" : "failed",
              "putter:", put.cancelled() ? "cancelled" : "not cancelled",
              "qsize", full.Size());
  };
  ASSERT_TRUE(asyncsim::Run(main()).ok());
  EXPECT_THAT(
      trace.lines(),
      ElementsAre("1.000 getter cancelled: stop get",
                  "1.000 putter cancelled: stop put", "2.000 getter got 3",
                  "2.000 getter: ok putter: cancelled qsize 1"));
  EXPECT_EQ(lifetimes.live(), 0);
}

TEST(Queue, AGetterWokenByAQueueThatIsThenDestroyedGetsARuntimeError) {
  std::ostringstream log;
  auto getter = [&](Queue<int>& q) -> Task<void> { co_await q.Get(); };
  auto main = [&]() -> Task<void> {
    Queue<int> q;
    (void)CreateTask(getter(q), "getter");
    co_await Sleep(absl::Seconds(1));
    q.PutNowait(1);  // Wakes the getter; then the queue goes with main.
  };
  ASSERT_TRUE(asyncsim::Run(main(), {.log = &log}).ok());
  EXPECT_THAT(log.str(), HasSubstr("name='getter'"));
  EXPECT_THAT(log.str(), HasSubstr("Queue destroyed while a task was woken"));
}

}  // namespace
}  // namespace asyncsim::engine_test
