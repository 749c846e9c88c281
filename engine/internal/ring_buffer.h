// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/ring_buffer.h
// -----------------------------------------------------------------------------
//
// `RingBuffer<T>` is the FIFO behind the event loop's ready queue: a growable
// circular array of trivially copyable items (plain handles), so that pushing
// and popping in the steady state never allocates.
//
// Guarantees:
//   * FIFO order: `PopFront()` returns items in `PushBack()` order.
//   * Amortised O(1) push, O(1) pop; capacity only grows (a power of two), so
//     a loop that has reached its working size allocates nothing more.
//
// Example:
//
//   RingBuffer<int> ring;
//   ring.PushBack(1);
//   ring.PushBack(2);
//   int first = ring.PopFront();  // 1

#ifndef ASYNCSIM_ENGINE_INTERNAL_RING_BUFFER_H_
#define ASYNCSIM_ENGINE_INTERNAL_RING_BUFFER_H_

#include <cassert>
#include <cstddef>
#include <type_traits>

#include "engine/internal/frame_pool.h"

namespace asyncsim::internal {

template <typename T>
class RingBuffer {
  static_assert(std::is_trivially_copyable_v<T>,
                "RingBuffer holds plain handles only");

 public:
  RingBuffer() = default;
  RingBuffer(const RingBuffer&) = delete;
  RingBuffer& operator=(const RingBuffer&) = delete;
  ~RingBuffer() {
    if (items_ != nullptr) LargeFree(items_, capacity_ * sizeof(T));
  }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  void PushBack(const T& item) {
    if (size_ == capacity_) Grow();
    items_[(head_ + size_) & (capacity_ - 1)] = item;
    ++size_;
  }

  // Requires `!empty()`.
  T PopFront() {
    assert(size_ > 0);
    T item = items_[head_];
    head_ = (head_ + 1) & (capacity_ - 1);
    --size_;
    return item;
  }

  // Requires `!empty()`.
  T& front() {
    assert(size_ > 0);
    return items_[head_];
  }

  // The i-th item from the front. Requires `i < size()`.
  const T& operator[](size_t i) const {
    assert(i < size_);
    return items_[(head_ + i) & (capacity_ - 1)];
  }

  void Clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  // Out of line, so that the callers' fast path stays a few instructions
  // with few registers to save.
  [[gnu::noinline]] void Grow() { GrowTo(capacity_ == 0 ? 64 : capacity_ * 2); }
  // `new_capacity`: a power of two, at least size_. The new array is left
  // uninitialised (items are plain handles): value-initialising it wrote
  // every slot once more, a page fault and a memset per 4 KiB of it.
  [[gnu::noinline]] void GrowTo(size_t new_capacity) {
    // Raw storage: a trivially copyable T is an implicit-lifetime type, so
    // its objects begin in the new array as items are copied in. Large
    // arrays come from the thread's cache (internal/frame_pool.h), so the
    // next loop on this thread finds its ring's pages already mapped.
    T* grown = static_cast<T*>(LargeAllocate(new_capacity * sizeof(T)));
    for (size_t i = 0; i < size_; ++i) {
      grown[i] = items_[(head_ + i) & (capacity_ - 1)];
    }
    if (items_ != nullptr) LargeFree(items_, capacity_ * sizeof(T));
    items_ = grown;
    capacity_ = new_capacity;
    head_ = 0;
  }

  T* items_ = nullptr;
  size_t capacity_ = 0;  // Zero or a power of two.
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_RING_BUFFER_H_
