// libFuzzer target: the engine. The input is a small program of tasks
// (sleeps, spawns, gathers, bounded-queue puts and gets, task_done and
// join, cancellations, an event, a lock, wait_for timeouts, awaits on other
// tasks, exceptions, swallowed cancellations), run twice under tight
// limits. The invariants checked after each run (any failure aborts, which
// libFuzzer reports as a crash):
//
//   * the clock never goes back: an Observer sees non-decreasing times;
//   * every task ends, or the run was stopped for a reason: a deadlock
//     whose report names every task that did not end, or a limit;
//   * no coroutine frame leaks: each holds a token, none alive after Run;
//   * the same bytes give the same trace hash (every event, its time and
//     task, the outcome) both times.
//
// Program encoding: byte 0 is the queue's maxsize (0..3, 0 unbounded),
// byte 1 the number of bodies (1..8); the rest is split evenly into the
// bodies, each a list of (opcode, argument) byte pairs. Task-1 runs body 0.
//
// Build and run: see fuzz/BUILD.bazel.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/errors.h"
#include "engine/event.h"
#include "engine/gather.h"
#include "engine/guard.h"
#include "engine/lock.h"
#include "engine/loop.h"
#include "engine/observer.h"
#include "engine/queue.h"
#include "engine/run.h"
#include "engine/sleep.h"
#include "engine/task.h"
#include "engine/wait_for.h"

namespace asyncsim::fuzz {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "engine_fuzzer: invariant broken: %s\n", what.c_str());
  std::abort();
}

// Counts live coroutine frames: every coroutine takes a Token by value.
class Token {
 public:
  explicit Token(int* live) : live_(live) { ++*live_; }
  Token(Token&& other) noexcept : live_(other.live_) { other.live_ = nullptr; }
  Token(const Token&) = delete;
  Token& operator=(const Token&) = delete;
  ~Token() {
    if (live_ != nullptr) --*live_;
  }

 private:
  int* live_;
};

constexpr uint64_t kFnvPrime = 1099511628211ull;

// Watches the run: times never go back; which tasks ended; the trace hash.
class Checker final : public Observer {
 public:
  void OnTaskCreated(absl::Time t, const TaskInfo& task) override {
    Note(t, 1, task.id, 0);
    if (task.id >= ended_.size()) ended_.resize(task.id + 1, false);
    created_.push_back(task.id);
    if (main_ended_) after_main_.push_back(task.id);
  }
  void OnTaskResumed(absl::Time t, const TaskInfo& task) override {
    Note(t, 2, task.id, 0);
  }
  void OnTaskSuspended(absl::Time t, const TaskInfo& task, WaitKind kind,
                       std::string_view what) override {
    Note(t, 3, task.id, static_cast<uint64_t>(kind));
    for (char c : what) Mix(static_cast<unsigned char>(c));
  }
  void OnTaskDone(absl::Time t, const TaskInfo& task,
                  TaskOutcome outcome) override {
    Note(t, 4, task.id, static_cast<uint64_t>(outcome));
    if (task.id >= ended_.size() || ended_[task.id]) {
      Fail(absl::StrCat("task ", task.id, " ended twice or was never made"));
    }
    ended_[task.id] = true;
    if (task.id == 1) main_ended_ = true;
  }

  void Mix(uint64_t value) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= (value >> (8 * i)) & 0xff;
      hash_ *= kFnvPrime;
    }
  }
  uint64_t hash() const { return hash_; }
  // Tasks created that never ended, by id; with `before_main_ended`, only
  // those created while main ran. (asyncio.run cancels and waits for the
  // tasks pending when main has ended; tasks created during that shutdown
  // are left pending and destroyed, as CPython destroys them.)
  std::vector<uint64_t> Unended(bool before_main_ended) const {
    std::vector<uint64_t> unended;
    for (uint64_t id : created_) {
      if (ended_[id]) continue;
      if (before_main_ended && std::find(after_main_.begin(), after_main_.end(),
                                         id) != after_main_.end()) {
        continue;
      }
      unended.push_back(id);
    }
    return unended;
  }

 private:
  void Note(absl::Time t, uint64_t kind, uint64_t task, uint64_t detail) {
    const int64_t nanos = absl::ToUnixNanos(t);
    if (nanos < last_nanos_) {
      Fail(absl::StrCat("the clock went back from ", last_nanos_, " to ", nanos,
                        " ns"));
    }
    last_nanos_ = nanos;
    Mix(kind);
    Mix(static_cast<uint64_t>(nanos));
    Mix(task);
    Mix(detail);
  }

  uint64_t hash_ = 14695981039346656037ull;
  int64_t last_nanos_ = 0;
  std::vector<uint64_t> created_;
  std::vector<bool> ended_;
  bool main_ended_ = false;
  std::vector<uint64_t> after_main_;
};

// What the tasks share.
struct World {
  World(const uint8_t* data, size_t size) : queue(data[0] % 4) {
    const size_t bodies = 1 + data[1] % 8;
    const size_t code = size - 2;
    for (size_t k = 0; k < bodies; ++k) {
      // Even splits, each a whole number of (opcode, argument) pairs.
      size_t begin = 2 + (code * k / bodies) / 2 * 2;
      size_t end = 2 + (code * (k + 1) / bodies) / 2 * 2;
      body.emplace_back(data + begin, end - begin);
    }
  }

  int live_frames = 0;
  Queue<int> queue;
  Event event;
  Lock lock;
  std::vector<TaskHandle<void>> spawned;
  std::vector<std::basic_string_view<uint8_t>> body;
};

constexpr int kMaxDepth = 4;
constexpr size_t kMaxSpawned = 32;

absl::Duration Delay(uint8_t arg) {
  return absl::Milliseconds(250 * (arg % 8));
}

Task<void> Body(World& w, size_t k, int depth, Token token) {
  const std::basic_string_view<uint8_t> code = w.body[k % w.body.size()];
  const size_t n = w.body.size();
  for (size_t pc = 0; pc + 1 < code.size(); pc += 2) {
    const uint8_t arg = code[pc + 1];
    switch (code[pc] % 16) {
      case 0:
        co_await Sleep(Delay(arg));  // 0: a bare yield
        break;
      case 1:
        if (w.spawned.size() < kMaxSpawned) {
          w.spawned.push_back(
              CreateTask(Body(w, arg % n, depth + 1, Token(&w.live_frames))));
        }
        break;
      case 2:
        if (depth < kMaxDepth) {
          co_await Gather(
              Body(w, arg % n, depth + 1, Token(&w.live_frames)),
              Body(w, arg / 8 % n, depth + 1, Token(&w.live_frames)));
        }
        break;
      case 3:
        co_await w.queue.Put(arg);
        break;
      case 4:
        (void)co_await w.queue.Get();
        break;
      case 5:
        w.queue.TaskDone();  // May throw ValueError: the task fails.
        break;
      case 6:
        co_await w.queue.Join();
        break;
      case 7:
        if (!w.spawned.empty()) {
          w.spawned[arg % w.spawned.size()].Cancel();
        }
        break;
      case 8:
        w.event.Set();
        break;
      case 9:
        w.event.Clear();
        break;
      case 10:
        co_await w.event.Wait();
        break;
      case 11: {
        Guard<Lock> guard = co_await w.lock.Scoped();
        co_await Sleep(Delay(arg / 8));
        break;
      }
      case 12:
        if (depth < kMaxDepth) {
          try {
            co_await WaitFor(Body(w, arg % n, depth + 1, Token(&w.live_frames)),
                             Delay(arg / 8));
          } catch (const TimeoutError&) {
          }
        }
        break;
      case 13:
        if (!w.spawned.empty()) {
          TaskHandle<void> other = w.spawned[arg % w.spawned.size()];
          co_await other;
        }
        break;
      case 14:
        if (arg % 4 == 0) throw ValueError("fuzz");
        break;
      case 15:
        try {
          co_await Sleep(Delay(arg));
        } catch (const CancelledError&) {
          // Swallowed: the task carries on.
        }
        break;
    }
  }
}

struct RunResult {
  uint64_t hash;
  std::string outcome;
};

RunResult RunProgram(const uint8_t* data, size_t size) {
  World world(data, size);
  Checker checker;
  std::ostringstream log;  // "Task exception was never retrieved", hashed
  const RunOptions options{.horizon = absl::Seconds(1000),
                           .max_steps = 5000,
                           .max_tasks = 24,
                           .observer = &checker,
                           .log = &log};
  absl::Status status;
  std::string outcome;
  bool main_raised = false;
  try {
    status = Run(Body(world, 0, 0, Token(&world.live_frames)), options);
    outcome = status.ToString();
  } catch (const std::exception& e) {
    main_raised = true;
    outcome = DescribeException(std::current_exception());
  }
  world.spawned.clear();
  if (world.live_frames != 0) {
    Fail(
        absl::StrCat(world.live_frames, " coroutine frames leaked; ", outcome));
  }
  if (status.ok() || main_raised) {
    const std::vector<uint64_t> unended = checker.Unended(true);
    if (!unended.empty()) {
      Fail(absl::StrCat("the run ended (", outcome, ") but task ",
                        unended.front(), " did not"));
    }
  } else if (IsDeadlock(status)) {
    for (uint64_t id : checker.Unended(false)) {
      if (!absl::StrContains(status.message(),
                             absl::StrCat("\n  Task-", id, ": "))) {
        Fail(absl::StrCat("task ", id,
                          " did not end and the deadlock "
                          "report does not name it: ",
                          outcome));
      }
    }
  } else if (!IsHorizonExceeded(status) && !IsStepLimitExceeded(status) &&
             !IsTaskLimitExceeded(status)) {
    Fail(absl::StrCat("unexpected status: ", outcome));
  }
  outcome += log.str();
  checker.Mix(outcome.size());
  for (char c : outcome) checker.Mix(static_cast<unsigned char>(c));
  return {checker.hash(), outcome};
}

}  // namespace
}  // namespace asyncsim::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto first = asyncsim::fuzz::RunProgram(data, size);
  const auto second = asyncsim::fuzz::RunProgram(data, size);
  if (first.hash != second.hash || first.outcome != second.outcome) {
    asyncsim::fuzz::Fail(absl::StrCat("two runs differ: ", first.outcome, " / ",
                                      second.outcome));
  }
  return 0;
}
