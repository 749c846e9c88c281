// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/timer_queue.h
// -----------------------------------------------------------------------------
//
// `TimerQueue` is the event loop's timer heap (CPython's `loop._scheduled`)
// with the ideal clock's tie rule built in: timers fire in (deadline,
// scheduling order). Timers with one deadline share a bucket, an array of
// node pointers in push order, and the buckets sit in a binary min-heap
// keyed by deadline, so a simulation whose sleeps take few distinct values
// (the usual case) pays an array append per timer, not a heap sift.
//
// A deadline's bucket is found through a small direct-mapped cache in front
// of a hash map (deadline -> bucket): most pushes hit the cache, and the map
// is only touched when a deadline is new, retired, or was evicted from the
// cache by a colliding one.
//
// Why arrays and not linked lists: popping a due bucket walks thousands of
// nodes that live in as many coroutine frames. Through a list each node's
// address is known only once the previous node has arrived from memory;
// through an array the walk prefetches nodes ahead.
//
// Guarantees:
//   * `PopDue` yields timers in (deadline, push order).
//   * `Remove` (CPython's `TimerHandle.cancel`) is O(1) and allocation
//     free (it leaves a hole in the bucket); a cancelled timer never moves
//     the clock: `NextDeadline` skips deadlines whose timers were all
//     cancelled.
//   * Nodes live in their owners (sleep awaiters in coroutine frames), in
//     8 bytes: the number of their bucket and their index in it. The queue
//     allocates only when a bucket outgrows its largest size so far.
//   * A node is popped, removed, or cleared from its queue before it is
//     destroyed (it cannot leave by itself: it does not know its queue).
//
// Example:
//
//   TimerQueue timers;
//   TimerNode a, b;
//   timers.Push(&a, 5);
//   timers.Push(&b, 5);
//   timers.NextDeadline();                       // 5
//   timers.PopDue(5 + 1e-9, [](TimerNode* n) { ... });  // a, then b

#ifndef ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
#define ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/internal/chunked_array.h"

namespace asyncsim::internal {

// Virtual time: a Python float of seconds since the clock's origin, as
// `loop.time()` reads it (docs/semantics.md).
using VirtualTime = double;

class TimerQueue;
struct TimerBucket;

// A timer: a node that a `TimerQueue` orders. Its owner knows what firing
// means; the queue only reports which nodes are due. Not copyable or
// movable: its address is its identity while it is queued.
class TimerNode {
 public:
  TimerNode() = default;
  // With the owner's tag (see tag()).
  explicit TimerNode(uint32_t tag) : index_and_tag_(tag << kIndexBits) {}
  TimerNode(const TimerNode&) = delete;
  TimerNode& operator=(const TimerNode&) = delete;
  ~TimerNode() { assert(!linked()); }

  // Pushed and not yet popped, removed or cleared.
  bool linked() const { return bucket_ != 0; }
  // For the owner (the queue never reads it): e.g. what kind of timer
  // this is, 0 to kMaxTag.
  uint32_t tag() const { return index_and_tag_ >> kIndexBits; }
  static constexpr uint32_t kMaxTag = 3;

  // The most timers one deadline can hold at once (2^30).
  static constexpr uint32_t kMaxPerDeadline = uint32_t{1} << 30;

 protected:
  void set_tag(uint32_t tag) {
    index_and_tag_ = (index_and_tag_ & kIndexMask) | (tag << kIndexBits);
  }

 private:
  friend class TimerQueue;
  static constexpr int kIndexBits = 30;
  static constexpr uint32_t kIndexMask = kMaxPerDeadline - 1;

  uint32_t index() const { return index_and_tag_ & kIndexMask; }
  // Requires index <= kIndexMask.
  void set_index(uint32_t index) {
    index_and_tag_ = (index_and_tag_ & ~kIndexMask) | index;
  }

  // 0 when not queued; else the queue's number for its bucket (1-based).
  uint32_t bucket_ = 0;
  // The index in the bucket (low 30 bits) and the owner's tag.
  uint32_t index_and_tag_ = 0;
};

// A bucket's node pointers (internal/chunked_array.h).
using TimerNodeArray = ChunkedArray<TimerNode*, TimerNode::kMaxPerDeadline>;

// The timers of one deadline, in push order; null where one was removed.
struct TimerBucket {
  TimerNodeArray nodes;
  size_t live = 0;  // Non-null entries of `nodes`.
  VirtualTime deadline = 0;
  uint32_t number = 0;  // In its queue, from 1 (see TimerNode::bucket_).
  bool in_heap = false;
};

class TimerQueue {
 public:
  TimerQueue() = default;
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;
  ~TimerQueue() { Clear(); }

  // Schedules `node` (not linked) at `deadline`, after every timer already
  // at that deadline.
  void Push(TimerNode* node, VirtualTime deadline) {
    assert(deadline == deadline);  // Not NaN: it would match no bucket.
    deadline += 0.0;               // -0.0 is 0.0's bucket.
    TimerBucket*& slot = recent_[Slot(deadline)];
    TimerBucket* bucket = slot;
    if (bucket == nullptr || bucket->deadline != deadline || !bucket->in_heap)
        [[unlikely]] {
      bucket = FindOrAddBucket(deadline);
      slot = bucket;
    }
    // First the append, which may throw (it keeps a bucket under
    // TimerNode::kMaxPerDeadline timers): only then is the node linked.
    const auto index = static_cast<uint32_t>(bucket->nodes.size());
    bucket->nodes.push_back(node);
    node->bucket_ = bucket->number;
    node->set_index(index);
    ++bucket->live;
    ++size_;
  }

  // Cancels a pushed timer. Requires `node->linked()`.
  void Remove(TimerNode* node) {
    TimerBucket* bucket = storage_[node->bucket_ - 1].get();
    bucket->nodes[node->index()] = nullptr;
    --bucket->live;
    node->bucket_ = 0;
    --size_;
  }

  // The deadline `node` was pushed with. Requires `node->linked()`.
  VirtualTime DeadlineOf(const TimerNode* node) const {
    return storage_[node->bucket_ - 1]->deadline;
  }

  // Number of live (pushed, not yet popped or removed) timers.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The earliest deadline of a live timer, if any.
  std::optional<VirtualTime> NextDeadline() {
    DropEmptyHead();
    if (heap_.empty()) return std::nullopt;
    return heap_.front()->deadline;
  }

  // Calls `f(TimerNode*)` for every live timer with deadline < `end`, in
  // (deadline, push order), unlinking each before the call. (The loop
  // passes `now + clock resolution`, CPython's `end_time`.) `f` must not
  // push or remove timers. `near(TimerNode*)` is called for the node
  // kNear ahead of the walk (its line was asked for kAhead nodes ahead),
  // to prefetch what `f` will touch through it.
  template <typename F, typename Near>
  void PopDue(VirtualTime end, F&& f, Near&& near) {
    constexpr size_t kAhead = 8;  // Nodes prefetched ahead of the walk.
    constexpr size_t kNear = 4;
    while (true) {
      DropEmptyHead();
      if (heap_.empty() || !(heap_.front()->deadline < end)) return;
      TimerBucket* bucket = heap_.front();
      TimerNodeArray& nodes = bucket->nodes;
      const size_t n = nodes.size();
      // Chunk by chunk; a look-ahead past a chunk's end goes through the
      // directory.
      for (size_t base = 0; base < n; base += TimerNodeArray::kChunk) {
        TimerNode** chunk = &nodes[base];
        const size_t m = std::min(TimerNodeArray::kChunk, n - base);
        for (size_t j = 0; j < m; ++j) {
          const size_t i = base + j;
          if (i + kAhead < n) {
            TimerNode* ahead = j + kAhead < TimerNodeArray::kChunk
                                   ? chunk[j + kAhead]
                                   : nodes[i + kAhead];
            if (ahead != nullptr) __builtin_prefetch(ahead);
          }
          if (i + kNear < n) {
            TimerNode* soon = j + kNear < TimerNodeArray::kChunk
                                  ? chunk[j + kNear]
                                  : nodes[i + kNear];
            if (soon != nullptr) near(soon);
          }
          TimerNode* node = chunk[j];
          if (node == nullptr) continue;
          node->bucket_ = 0;
          --size_;
          f(node);
        }
      }
      bucket->nodes.clear();
      bucket->live = 0;
    }
  }
  template <typename F>
  void PopDue(VirtualTime end, F&& f) {
    PopDue(end, std::forward<F>(f), [](const TimerNode*) {});
  }

  // Unlinks every timer (nodes are not touched otherwise).
  void Clear() {
    for (TimerBucket* bucket : heap_) {
      for (size_t i = 0; i < bucket->nodes.size(); ++i) {
        if (TimerNode* node = bucket->nodes[i]) node->bucket_ = 0;
      }
      bucket->nodes.clear();
      bucket->live = 0;
    }
    heap_.clear();
    by_deadline_.clear();
    free_.clear();
    storage_.clear();
    std::fill(std::begin(recent_), std::end(recent_), nullptr);
    size_ = 0;
  }

 private:
  static constexpr int kSlotBits = 8;

  // MurmurHash3's finaliser: deadlines are often round numbers of seconds,
  // which a plain multiplicative hash maps to a handful of slots.
  static size_t Slot(VirtualTime deadline) {
    uint64_t x = std::bit_cast<uint64_t>(deadline);
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return static_cast<size_t>(x & ((uint64_t{1} << kSlotBits) - 1));
  }

  static bool Later(const TimerBucket* a, const TimerBucket* b) {
    return a->deadline > b->deadline;
  }

  TimerBucket* FindOrAddBucket(VirtualTime deadline) {
    auto [it, inserted] = by_deadline_.try_emplace(deadline, nullptr);
    if (inserted) it->second = NewBucket(deadline);
    return it->second;
  }

  TimerBucket* NewBucket(VirtualTime deadline) {
    TimerBucket* bucket;
    if (free_.empty()) {
      storage_.push_back(std::make_unique<TimerBucket>());
      bucket = storage_.back().get();
      bucket->number = static_cast<uint32_t>(storage_.size());
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
    while (!heap_.empty() && heap_.front()->live == 0) {
      TimerBucket* bucket = heap_.front();
      std::pop_heap(heap_.begin(), heap_.end(), Later);
      heap_.pop_back();
      bucket->nodes.clear();  // Holes of removed timers.
      bucket->in_heap = false;
      by_deadline_.erase(bucket->deadline);
      free_.push_back(bucket);
    }
  }

  std::vector<TimerBucket*> heap_;  // Min-heap on deadline.
  // The one bucket of each live deadline.
  absl::flat_hash_map<VirtualTime, TimerBucket*> by_deadline_;
  // A cache of `by_deadline_`: the bucket of the last deadline pushed that
  // hashes to each slot. An entry is stale (ignored) once its bucket has
  // retired or was reused for another deadline.
  TimerBucket* recent_[size_t{1} << kSlotBits] = {};
  std::vector<std::unique_ptr<TimerBucket>> storage_;
  std::vector<TimerBucket*> free_;
  size_t size_ = 0;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
