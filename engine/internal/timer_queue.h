// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/timer_queue.h
// -----------------------------------------------------------------------------
//
// `TimerQueue` is the event loop's timer heap (CPython's `loop._scheduled`)
// with the ideal clock's tie rule built in: timers fire in (deadline,
// scheduling order). Timers with one deadline share a FIFO bucket, and the
// buckets sit in a binary min-heap keyed by deadline, so a simulation whose sleeps take few distinct values (the usual
// case) pays a list append per timer, not a heap sift.
//
// A deadline's bucket is found through a small direct-mapped cache in front
// of a hash map (deadline -> bucket): most pushes hit the cache, and the map
// is only touched when a deadline is new, retired, or was evicted from the
// cache by a colliding one.
//
// Guarantees:
//   * `PopDue` yields timers in (deadline, push order).
//   * `Remove` (CPython's `TimerHandle.cancel`) is O(1) and allocation
//     free; a cancelled timer never moves the clock: `NextDeadline` skips
//     deadlines whose timers were all cancelled.
//   * Nodes live in their owners (sleep awaiters in coroutine frames); the
//     queue never allocates per timer once its bucket pool is warm.
//
// Example:
//
//   TimerQueue timers;
//   TimerNode a, b;
//   timers.Push(&a, 5);
//   timers.Push(&b, 5);
//   timers.NextDeadline();                       // 5
//   timers.PopDue(5, [](TimerNode* n) { ... });  // a, then b

#ifndef ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
#define ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/internal/intrusive_list.h"

namespace asyncsim::internal {

// Virtual time in nanoseconds since the clock's origin.
using Ticks = int64_t;

// A timer: a node that a `TimerQueue` orders. Its owner knows what firing
// means; the queue only reports which nodes are due.
class TimerNode : public ListHook {
 public:
  // The deadline this node was pushed with. Requires `linked()`.
  Ticks deadline() const;
};

class TimerQueue {
 public:
  TimerQueue() = default;
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;
  ~TimerQueue() { Clear(); }

  // Schedules `node` (not linked) at `deadline`, after every timer already
  // at that deadline.
  void Push(TimerNode* node, Ticks deadline) {
    Bucket*& slot = recent_[Slot(deadline)];
    Bucket* bucket = slot;
    if (bucket == nullptr || bucket->deadline != deadline ||
        !bucket->in_heap) [[unlikely]] {
      bucket = FindOrAddBucket(deadline);
      slot = bucket;
    }
    bucket->PushBack(node);
    ++size_;
  }

  // Cancels a pushed timer. Requires `node->linked()`.
  void Remove(TimerNode* node) {
    node->Unlink();
    --size_;
  }

  // Number of live (pushed, not yet popped or removed) timers.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The earliest deadline of a live timer, if any.
  std::optional<Ticks> NextDeadline() {
    DropEmptyHead();
    if (heap_.empty()) return std::nullopt;
    return heap_.front()->deadline;
  }

  // Calls `f(TimerNode*)` for every live timer with deadline <= `now`, in
  // (deadline, push order), unlinking each before the call.
  template <typename F>
  void PopDue(Ticks now, F&& f) {
    while (true) {
      DropEmptyHead();
      if (heap_.empty() || heap_.front()->deadline > now) return;
      Bucket* bucket = heap_.front();
      while (!bucket->empty()) {
        TimerNode* node = bucket->PopFront();
        --size_;
        f(node);
      }
    }
  }

  // Unlinks every timer (nodes are not touched otherwise).
  void Clear() {
    for (Bucket* bucket : heap_) bucket->Clear();
    heap_.clear();
    by_deadline_.clear();
    free_.clear();
    storage_.clear();
    std::fill(std::begin(recent_), std::end(recent_), nullptr);
    size_ = 0;
  }

 private:
  friend class TimerNode;
  struct Bucket : IntrusiveList<TimerNode> {
    Ticks deadline = 0;
    bool in_heap = false;
  };

  static constexpr int kSlotBits = 8;

  // MurmurHash3's finaliser: deadlines are often round numbers of seconds,
  // which a plain multiplicative hash maps to a handful of slots.
  static size_t Slot(Ticks deadline) {
    uint64_t x = static_cast<uint64_t>(deadline);
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return static_cast<size_t>(x & ((uint64_t{1} << kSlotBits) - 1));
  }

  static bool Later(const Bucket* a, const Bucket* b) {
    return a->deadline > b->deadline;
  }

  Bucket* FindOrAddBucket(Ticks deadline) {
    auto [it, inserted] = by_deadline_.try_emplace(deadline, nullptr);
    if (inserted) it->second = NewBucket(deadline);
    return it->second;
  }

  Bucket* NewBucket(Ticks deadline) {
    Bucket* bucket;
    if (free_.empty()) {
      storage_.push_back(std::make_unique<Bucket>());
      bucket = storage_.back().get();
    } else {
      bucket = free_.back();
      free_.pop_back();
    }
    bucket->deadline = deadline;
    bucket->in_heap = true;
    heap_.push_back(bucket);
    std::push_heap(heap_.begin(), heap_.end(), Later);
    return bucket;
  }

  // Retires head buckets that hold no live timer (fired or cancelled).
  void DropEmptyHead() {
    while (!heap_.empty() && heap_.front()->empty()) {
      Bucket* bucket = heap_.front();
      std::pop_heap(heap_.begin(), heap_.end(), Later);
      heap_.pop_back();
      bucket->in_heap = false;
      by_deadline_.erase(bucket->deadline);
      free_.push_back(bucket);
    }
  }

  std::vector<Bucket*> heap_;  // Min-heap on deadline.
  // The one bucket of each live deadline.
  absl::flat_hash_map<Ticks, Bucket*> by_deadline_;
  // A cache of `by_deadline_`: the bucket of the last deadline pushed that
  // hashes to each slot. An entry is stale (ignored) once its bucket has
  // retired or was reused for another deadline.
  Bucket* recent_[size_t{1} << kSlotBits] = {};
  std::vector<std::unique_ptr<Bucket>> storage_;
  std::vector<Bucket*> free_;
  size_t size_ = 0;
};

inline Ticks TimerNode::deadline() const {
  return static_cast<const TimerQueue::Bucket*>(list())->deadline;
}

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
