// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: queue.h
// -----------------------------------------------------------------------------
//
// `Queue<T>` is `asyncio.Queue`: a FIFO for producer/consumer tasks, with an
// optional bound, and `TaskDone`/`Join` to wait until every item put has
// been processed.
//
// Guarantees, as asyncio/queues.py (3.11) line for line:
//   * `co_await q.Put(x)` on a queue with room, and `co_await q.Get()` on a
//     non-empty one, complete without suspending (no hop).
//   * Blocked getters and putters wait in FIFO order. Each put wakes the
//     first getter that is still waiting (`_wakeup_next`), each get the
//     first putter. A woken getter that finds the queue empty again (another
//     task took the item first) waits again, at the back of the line; the
//     same for putters and a full queue.
//   * Cancelled while blocked: CancelledError at the await point; the waiter
//     leaves the line, and if it had already been woken it passes the
//     wake-up on to the next in line, as CPython's `except` block does.
//   * `TaskDone()` more often than items were put throws ValueError.
//     `Join()` returns at once when nothing is unfinished.
//   * `PutNowait` on a full queue throws QueueFull; `GetNowait` on an empty
//     one throws QueueEmpty.
//   * An observer on the running loop is told of each item as it enters
//     and leaves the deque (`Observer::OnQueueItem`), numbered in the order
//     put; a blocked putter's item enters when the putter resumes. Without
//     an observer this costs a count of the gets and one test of the
//     running loop's observer per put or get.
//
// Example:
//
//   Queue<int> q(/*maxsize=*/1);
//   co_await q.Put(1);
//   int item = co_await q.Get();
//   q.TaskDone();
//   co_await q.Join();

#ifndef ASYNCSIM_ENGINE_QUEUE_H_
#define ASYNCSIM_ENGINE_QUEUE_H_

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "engine/errors.h"
#include "engine/event.h"
#include "engine/internal/intrusive_list.h"
#include "engine/internal/waiter.h"
#include "engine/loop.h"
#include "engine/observer.h"

namespace asyncsim {

template <typename T>
class Queue {
  class Waiter;

 public:
  // maxsize <= 0: unbounded.
  explicit Queue(int64_t maxsize = 0) : maxsize_(maxsize) { finished_.Set(); }
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;
  // Tasks still blocked on the queue are told it is gone: cancelling them
  // then throws CancelledError as usual; a getter or putter that had been
  // woken but not yet run throws RuntimeError instead of touching freed
  // memory. (A Python queue lives as long as someone refers to it; a C++
  // one only as long as its scope, so keep it alive while tasks use it.)
  ~Queue() {
    internal::OrphanAll(getters_);
    internal::OrphanAll(putters_);
    internal::OrphanAll(woken_);
  }

  int64_t maxsize() const { return maxsize_; }
  // qsize()
  size_t Size() const { return items_.size(); }
  bool Empty() const { return items_.empty(); }
  bool Full() const {
    return maxsize_ > 0 && static_cast<int64_t>(items_.size()) >= maxsize_;
  }

  // `await q.put(item)`.
  class [[nodiscard]] PutAwaiter {
   public:
    PutAwaiter(Queue* queue, T item) : queue_(queue), item_(std::move(item)) {}
    PutAwaiter(const PutAwaiter&) = delete;
    PutAwaiter& operator=(const PutAwaiter&) = delete;

    bool await_ready() const noexcept { return !queue_->Full(); }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, WaitKind::kQueuePut, queue_);
      queue_->putters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    // Always inlined, with the throw: see TaskBase::ThrowCancelled.
    [[gnu::always_inline]] void await_resume() {
      if (waiter_.task() != nullptr &&  // It waited.
          Resumed(waiter_, &Queue::putters_, &Queue::Full, "put")) {
        waiter_.task()->ThrowCancelled();
      }
      queue_->PutNowait(std::move(item_));
    }

   private:
    Queue* queue_;
    T item_;
    Waiter waiter_;
  };

  // `await q.get()`.
  class [[nodiscard]] GetAwaiter {
   public:
    explicit GetAwaiter(Queue* queue) : queue_(queue) {}
    GetAwaiter(const GetAwaiter&) = delete;
    GetAwaiter& operator=(const GetAwaiter&) = delete;

    bool await_ready() const noexcept { return !queue_->Empty(); }
    template <typename P>
    void await_suspend(std::coroutine_handle<P> self) {
      internal::TaskBase* task = self.promise().task();
      waiter_.Arm(task, WaitKind::kQueueGet, queue_);
      queue_->getters_.PushBack(&waiter_);
      waiter_.Block(self);
    }
    // Always inlined, with the throw: see TaskBase::ThrowCancelled.
    [[gnu::always_inline]] T await_resume() {
      if (waiter_.task() != nullptr &&  // It waited.
          Resumed(waiter_, &Queue::getters_, &Queue::Empty, "get")) {
        waiter_.task()->ThrowCancelled();
      }
      return queue_->GetNowait();
    }

   private:
    Queue* queue_;
    Waiter waiter_;
  };

  PutAwaiter Put(T item) { return PutAwaiter(this, std::move(item)); }
  GetAwaiter Get() { return GetAwaiter(this); }

  // put_nowait(item): throws QueueFull if full.
  void PutNowait(T item) {
    if (Full()) throw QueueFull();
    items_.push_back(std::move(item));
    ++unfinished_tasks_;
    finished_.Clear();
    if (Observer* observer = RunningObserver(); observer != nullptr)
        [[unlikely]] {
      // The items got so far, and those still in the deque before this one.
      Notify(observer, gets_ + items_.size() - 1, QueueOp::kPut);
    }
    WakeupNext(getters_);
  }

  // get_nowait(): throws QueueEmpty if empty.
  T GetNowait() {
    if (Empty()) throw QueueEmpty();
    T item = std::move(items_.front());
    items_.pop_front();
    const uint64_t number = gets_++;
    if (Observer* observer = RunningObserver(); observer != nullptr)
        [[unlikely]] {
      Notify(observer, number, QueueOp::kGet);
    }
    WakeupNext(putters_);
    return item;
  }

  // task_done(): throws ValueError if called more often than items put.
  void TaskDone() {
    if (unfinished_tasks_ <= 0) {
      throw ValueError("task_done() called too many times");
    }
    if (--unfinished_tasks_ == 0) finished_.Set();
  }

  // `await q.join()`: until every item put has been marked done.
  Event::WaitAwaiter Join() { return finished_.WaitAs(WaitKind::kQueueJoin); }

  // Items put but not yet marked done.
  int64_t unfinished_tasks() const { return unfinished_tasks_; }

 private:
  // A getter's or putter's future; re-arms itself at the back of its line
  // when woken to find the queue still empty (full).
  class Waiter final : public internal::Waiter {
   public:
    void Arm(internal::TaskBase* task, WaitKind kind, Queue* queue) {
      internal::Waiter::Arm(task, kind);
      queue_ = queue;
    }
    // The queue, or null once it is destroyed.
    Queue* queue() const { return queue_; }
    void Orphan() { queue_ = nullptr; }

    bool ReadyToResume() override {
      if (cancelled() || queue_ == nullptr) return true;
      bool getter = kind() == WaitKind::kQueueGet;
      if (getter ? !queue_->Empty() : !queue_->Full()) return true;
      // `while self.empty():` goes round: a new future at the back.
      Unlink();  // From the woken list.
      internal::Waiter::Arm(task(), kind());
      (getter ? queue_->getters_ : queue_->putters_).PushBack(this);
      return false;
    }

   private:
    Queue* queue_ = nullptr;
  };
  using Line = internal::IntrusiveList<Waiter> Queue::*;

  // `_wakeup_next(waiters)`: wakes the first waiter still waiting. Woken
  // waiters stay on `woken_` until they run, so that the queue can tell
  // them if it is destroyed first.
  void WakeupNext(internal::IntrusiveList<Waiter>& line) {
    while (!line.empty()) {
      Waiter* waiter = line.PopFront();
      if (!waiter->done()) {
        waiter->SetDone();
        woken_.PushBack(waiter);
        return;
      }
    }
  }

  // What a getter or putter that waited does as it resumes (`await
  // getter` returning or raising in get()/put()). True if CancelledError
  // is due: the `except:` block has run, and the caller raises it. Else
  // the waiter leaves the woken list, and RuntimeError is thrown if the
  // queue is gone. Out of line: the awaiters are inlined into every await.
  [[gnu::noinline]] static bool Resumed(Waiter& waiter, Line line,
                                        bool (Queue::*blocked)() const,
                                        const char* what) {
    Queue* queue = waiter.queue();  // Null if the queue is gone.
    if (waiter.task()->TakeCancel(waiter.cancelled())) {
      Abandon(waiter, queue, line, blocked);
      return true;
    }
    waiter.Unlink();  // From the woken list.
    if (queue == nullptr) ThrowGone(what);
    return false;
  }

  // The `except:` block of get()/put(), before `raise` CancelledError.
  // `queue` is null if the queue is gone (nothing to clean up).
  static void Abandon(Waiter& waiter, Queue* queue, Line line,
                      bool (Queue::*blocked)() const) {
    waiter.CancelInPlace();  // getter.cancel(): "just in case"
    waiter.Unlink();         // self._getters.remove(getter), if there
    // Woken but cannot take the call: wake up the next in line.
    if (queue != nullptr && !(queue->*blocked)() && !waiter.cancelled()) {
      queue->WakeupNext(queue->*line);
    }
  }

  // The running loop's observer, or null (no loop, or none watching).
  static Observer* RunningObserver() {
    Loop* loop = Loop::Current();
    return loop != nullptr ? loop->observer() : nullptr;
  }

  // Out of line: the rare part of every put and get.
  [[gnu::noinline]] void Notify(Observer* observer, uint64_t item,
                                QueueOp op) const {
    observer->OnQueueItem(Loop::Current()->Now(), this, item, op);
  }

  [[noreturn]] static void ThrowGone(const char* what) {
    throw RuntimeError(std::string("Queue destroyed while a task was woken "
                                   "to ") +
                       what);
  }

  int64_t maxsize_;
  std::deque<T> items_;
  internal::IntrusiveList<Waiter> getters_;
  internal::IntrusiveList<Waiter> putters_;
  // Woken getters and putters that have not run yet.
  internal::IntrusiveList<Waiter> woken_;
  int64_t unfinished_tasks_ = 0;
  // Items got so far: the number of the next item to leave (the items are
  // numbered in the order put, for observers).
  uint64_t gets_ = 0;
  Event finished_;
};

}  // namespace asyncsim

#endif  // ASYNCSIM_ENGINE_QUEUE_H_
