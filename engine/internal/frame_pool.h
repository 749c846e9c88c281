// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/frame_pool.h
// -----------------------------------------------------------------------------
//
// `PoolAllocate` / `PoolFree` hand out the engine's small, short-lived,
// same-sized blocks: coroutine frames (through the promise's operator new),
// task state and gathers. A simulation of a million tasks makes and drops
// millions of them; malloc's per-block header and its general-purpose paths
// cost more than the blocks' own work.
//
// (The engine's large arrays have a cache of their own below:
// `LargeAllocate`.)
//
// Design: one pool per thread (`thread_local`), no locks. Sizes are rounded
// up to 16 bytes for frames, to 8 for engine objects; each size class up to
// `kPoolMaxSize` has a LIFO free list per kind of block (`PoolKind`),
// threaded through the free blocks themselves, refilled by carving 64 KiB
// slabs. Larger blocks go to `::operator new`. A freed block goes back to
// its list; slabs are kept for reuse while the thread lives, and all of
// them are freed when the thread ends (so LeakSanitizer sees no leak). The
// first 1 MiB of slabs come from `::operator new`; after that, slabs are
// 2 MiB mappings advised for transparent huge pages (see frame_pool.cc),
// which malloc's statistics do not count: `PoolMappedBytes()` does.
//
// Requirements:
//   * A block is freed on the thread that allocated it, before that thread
//     ends: a coroutine frame (a `Task<T>`) does not cross threads. The
//     engine never moves one: a loop runs on one thread, and its tasks with
//     it.
//   * `PoolFree` gets the size that `PoolAllocate` got.
//
// Under AddressSanitizer the pool is bypassed (every block is its own
// `::operator new`), so that ASan still catches a use of a destroyed frame
// and LSan a leaked one.
//
// Example:
//
//   void* p = PoolAllocate(40);   // from the 48-byte class
//   PoolFree(p, 40);

#ifndef ASYNCSIM_ENGINE_INTERNAL_FRAME_POOL_H_
#define ASYNCSIM_ENGINE_INTERNAL_FRAME_POOL_H_

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define ASYNCSIM_POOL_BYPASS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASYNCSIM_POOL_BYPASS 1
#endif
#endif

namespace asyncsim::internal {

// Size classes are counted in 8-byte units up to kPoolMaxSize bytes.
inline constexpr size_t kPoolUnit = 8;
inline constexpr size_t kPoolMaxSize = 1024;
inline constexpr size_t kPoolClasses = kPoolMaxSize / kPoolUnit + 1;

// Which free lists a block returns to: coroutine frames, or the engine's
// own objects (task state, gathers). A frame and a task state of one size
// would otherwise share a list, and a large simulation frees them in no
// memory order: run after run, the frames of the next run would be
// scattered over both kinds' memory.
//
// Frames are 16-byte aligned, as `::operator new` guarantees and coroutine
// frames assume; engine objects are 8-byte aligned (they hold nothing
// wider), so a 104-byte task state takes 104 bytes, not 112.
enum class PoolKind : uint8_t { kFrame = 0, kObject = 1 };
inline constexpr size_t kPoolKinds = 2;

constexpr size_t PoolAlignment(PoolKind kind) {
  return kind == PoolKind::kFrame ? 16 : 8;
}
// The size class of a `size`-byte block of `kind`, in kPoolUnit units.
constexpr size_t PoolSizeClass(size_t size, PoolKind kind) {
  const size_t align = PoolAlignment(kind);
  return (size + align - 1) / align * (align / kPoolUnit);
}

// The per-thread state the inline fast paths touch. Trivial, so that the
// thread_local needs no guard; the slabs are owned (and freed at thread
// exit) by an object in frame_pool.cc.
struct PoolFreeLists {
  struct Block {
    Block* next;
  };
  Block* free[kPoolKinds][kPoolClasses];
  char* bump;  // The unused rest of the newest slab.
  char* bump_end;
  int64_t live;          // Blocks handed out and not yet freed.
  int64_t mapped_bytes;  // Slabs mapped outside malloc.
};

inline thread_local PoolFreeLists pool_free_lists{};

// Refills from a slab (slow path).
void* PoolAllocateSlow(size_t size_class, PoolKind kind);

inline void* PoolAllocate(size_t size, PoolKind kind = PoolKind::kFrame) {
#ifdef ASYNCSIM_POOL_BYPASS
  return ::operator new(size);
#else
  const size_t size_class = PoolSizeClass(size, kind);
  if (size_class >= kPoolClasses) [[unlikely]] {
    return ::operator new(size);
  }
  PoolFreeLists& pool = pool_free_lists;
  ++pool.live;
  PoolFreeLists::Block*& list =
      pool.free[static_cast<size_t>(kind)][size_class];
  if (PoolFreeLists::Block* block = list) [[likely]] {
    list = block->next;
    return block;
  }
  return PoolAllocateSlow(size_class, kind);
#endif
}

inline void PoolFree(void* p, size_t size,
                     PoolKind kind = PoolKind::kFrame) noexcept {
#ifdef ASYNCSIM_POOL_BYPASS
  ::operator delete(p);
#else
  const size_t size_class = PoolSizeClass(size, kind);
  if (size_class >= kPoolClasses) [[unlikely]] {
    ::operator delete(p);
    return;
  }
  PoolFreeLists& pool = pool_free_lists;
  --pool.live;
  auto* block = static_cast<PoolFreeLists::Block*>(p);
  PoolFreeLists::Block*& list =
      pool.free[static_cast<size_t>(kind)][size_class];
  block->next = list;
  list = block;
#endif
}

// --- Large arrays. ------------------------------------------------------
//
// `LargeAllocate` / `LargeFree` hand out the engine's big arrays: the ready
// queue's ring, the timer buckets, a gather's children. A simulation of a
// million tasks grows them to megabytes and frees them at its end; malloc
// gives such blocks back to the kernel (munmap) and the next simulation on
// the thread pays a page fault and a zeroed page per 4 KiB again. So each
// thread keeps up to kLargeCacheBlocks freed arrays of kLargeMinCached
// bytes or more (at most kLargeCacheBytes in all) and hands one out again
// for a request of at least half its size. Smaller arrays go straight to
// `::operator new`. The cache is freed when the thread ends; under ASan it is
// bypassed.
inline constexpr size_t kLargeMinCached = 64 * 1024;
inline constexpr int kLargeCacheBlocks = 16;
inline constexpr size_t kLargeCacheBytes = size_t{256} << 20;

// At least `bytes` bytes, aligned as `::operator new`'s.
void* LargeAllocate(size_t bytes);
// `bytes` is what was asked of LargeAllocate for `p`.
void LargeFree(void* p, size_t bytes) noexcept;
// Bytes held in this thread's cache of freed arrays.
size_t LargeCachedBytes();

// A std::allocator for vectors that may grow large.
template <typename T>
struct LargeArrayAllocator {
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  using value_type = T;
  LargeArrayAllocator() = default;
  template <typename U>
  LargeArrayAllocator(const LargeArrayAllocator<U>&) {}  // NOLINT
  T* allocate(size_t n) {
    return static_cast<T*>(LargeAllocate(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { LargeFree(p, n * sizeof(T)); }
  friend bool operator==(const LargeArrayAllocator&,
                         const LargeArrayAllocator&) {
    return true;
  }
};

// Blocks of this thread's pool in use (0 under the ASan bypass).
inline int64_t PoolLiveBlocks() { return pool_free_lists.live; }
// Bytes of this thread's slabs mapped outside malloc (mallinfo2 misses
// them).
inline int64_t PoolMappedBytes() { return pool_free_lists.mapped_bytes; }

// Gives a class `static operator new/delete` from the pool, on the free
// lists of `PoolKind::kind`.
#define ASYNCSIM_POOL_ALLOCATED(kind)                                     \
  static void* operator new(std::size_t size) {                           \
    return ::asyncsim::internal::PoolAllocate(                            \
        size, ::asyncsim::internal::PoolKind::kind);                      \
  }                                                                       \
  static void operator delete(void* p, std::size_t size) noexcept {       \
    ::asyncsim::internal::PoolFree(p, size,                               \
                                   ::asyncsim::internal::PoolKind::kind); \
  }

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_FRAME_POOL_H_
