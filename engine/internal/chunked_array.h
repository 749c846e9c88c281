// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/chunked_array.h
// -----------------------------------------------------------------------------
//
// `ChunkedArray<T>` is a growable array of pointers kept in 1 KiB chunks of
// 128 from the thread's pool (internal/frame_pool.h), found through a
// directory. The engine keeps one per timer bucket (the timers of one
// deadline) and one for the loop's task list.
//
// Guarantees:
//   * Growing never copies the pointers, and an array holds at most one
//     partly used chunk: a doubling array is a third empty on average, 3
//     bytes per entry at a million entries.
//   * A warm simulation reuses pooled chunks, where doubling arrays took
//     fresh pages from the kernel every run.
//   * The append is a compare and two stores; a new chunk is out of line,
//     so that an inlined append stays small.
//   * `push_back` throws std::length_error past `kMaxSize` entries, and
//     leaves the array as it was.
//
// Example:
//
//   ChunkedArray<TimerNode*, (1u << 30)> nodes;
//   nodes.push_back(node);
//   for (size_t base = 0; base < nodes.size(); base += nodes.kChunk) {
//     TimerNode** chunk = &nodes[base];  // kChunk contiguous entries
//   }

#ifndef ASYNCSIM_ENGINE_INTERNAL_CHUNKED_ARRAY_H_
#define ASYNCSIM_ENGINE_INTERNAL_CHUNKED_ARRAY_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/internal/frame_pool.h"

namespace asyncsim::internal {

template <typename T, size_t kMaxSize>
class ChunkedArray {
  static_assert(std::is_pointer_v<T>);

 public:
  ChunkedArray() = default;
  ChunkedArray(const ChunkedArray&) = delete;
  ChunkedArray& operator=(const ChunkedArray&) = delete;
  ~ChunkedArray() { clear(/*keep_chunks=*/0); }

  void swap(ChunkedArray& other) noexcept {
    chunks_.swap(other.chunks_);
    std::swap(tail_, other.tail_);
    std::swap(tail_end_, other.tail_end_);
    std::swap(size_, other.size_);
    std::swap(released_, other.released_);
  }

  // Entries per chunk: entries [k * kChunk, (k + 1) * kChunk) are
  // contiguous.
  static constexpr size_t kChunk = 128;

  size_t size() const { return size_; }
  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const {
    return chunks_[i >> kChunkBits][i & (kChunk - 1)];
  }
  // Empties it, keeping at most `keep_chunks` chunks for the next appends
  // (the others go back to the pool). Once a chunk was released
  // (ReleaseChunk), none is kept: the directory starts clean.
  void clear(size_t keep_chunks = SIZE_MAX) {
    if (released_ != 0) keep_chunks = 0;
    while (chunks_.size() > keep_chunks) {
      if (chunks_.back() != nullptr) {
        PoolFree(chunks_.back(), kChunkBytes, PoolKind::kObject);
      }
      chunks_.pop_back();
    }
    released_ = 0;
    size_ = 0;
    tail_ = tail_end_ = nullptr;  // The next append finds its chunk.
  }
  // Chunks in the directory, released ones included.
  size_t chunks() const { return chunks_.size(); }
  // Chunks given back with ReleaseChunk.
  size_t released_chunks() const { return released_; }
  // Gives chunk `k` (entries [k * kChunk, (k + 1) * kChunk), all below
  // size()) back to the pool: its entries must not be read again, the
  // others keep their indexes, and the directory keeps a null word.
  void ReleaseChunk(size_t k) {
    assert((k + 1) * kChunk <= size_ && chunks_[k] != nullptr);
    PoolFree(chunks_[k], kChunkBytes, PoolKind::kObject);
    chunks_[k] = nullptr;
    ++released_;
  }
  void push_back(T value) {
    if (tail_ == tail_end_) [[unlikely]] {
      NextChunk();
    }
    *tail_++ = value;
    ++size_;
  }

 private:
  static constexpr size_t kChunkBits = 7;
  static_assert(kChunk == size_t{1} << kChunkBits);
  static constexpr size_t kChunkBytes = kChunk * sizeof(T);
  static_assert(kChunkBytes <= kPoolMaxSize);
  static_assert(kMaxSize % kChunk == 0);

  // Called with size_ a multiple of kChunk.
  [[gnu::noinline]] void NextChunk() {
    const size_t chunk = size_ >> kChunkBits;
    if (chunk == chunks_.size()) {
      if (size_ >= kMaxSize) {
        throw std::length_error("more than " + std::to_string(kMaxSize) +
                                " entries in one chunked array");
      }
      chunks_.push_back(
          static_cast<T*>(PoolAllocate(kChunkBytes, PoolKind::kObject)));
    }
    tail_ = chunks_[chunk];
    tail_end_ = tail_ + kChunk;
  }

  std::vector<T*> chunks_;
  T* tail_ = nullptr;  // The next free slot of the last chunk.
  T* tail_end_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;  // Null words in chunks_ (ReleaseChunk).
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_CHUNKED_ARRAY_H_
