#include "engine/internal/frame_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>

namespace asyncsim::internal {
namespace {

// The first slabs are small, so that a small simulation stays small; past
// kSmallTotal the pool takes 2 MiB slabs aligned for transparent huge
// pages: a large simulation touches its tasks in no memory order, and with
// 4 KiB pages nearly every such touch also misses the TLB.
constexpr size_t kSmallSlab = 64 * 1024;
constexpr size_t kSmallTotal = 1024 * 1024;
constexpr size_t kHugeSlab = 2 * 1024 * 1024;

// Owns this thread's slabs and frees them when the thread ends.
class SlabOwner {
 public:
  SlabOwner() = default;
  SlabOwner(const SlabOwner&) = delete;
  SlabOwner& operator=(const SlabOwner&) = delete;
  ~SlabOwner() {
    // Blocks still in use (a frame leaked by the program, or one kept in a
    // static destroyed later) would point into freed memory: keep the
    // slabs then, reachable from the thread's free lists.
    if (pool_free_lists.live != 0) return;
    pool_free_lists = PoolFreeLists{};
    while (slabs_ != nullptr) {
      Slab* slab = slabs_;
      slabs_ = slab->next;
      if (slab->mapped) {
        munmap(slab, slab->bytes);
      } else {
        ::operator delete(slab);
      }
    }
  }

  // A new slab; returns its usable part in [*begin, *end).
  void NewSlab(char** begin, char** end) {
    Slab* slab = nullptr;
    size_t bytes = kSmallSlab;
    if (total_ >= kSmallTotal) slab = MapHugeSlab(&bytes);
    if (slab == nullptr) {
      bytes = kSmallSlab;
      slab = static_cast<Slab*>(::operator new(bytes));
      slab->mapped = false;
    }
    slab->bytes = bytes;
    slab->next = slabs_;
    slabs_ = slab;
    total_ += bytes;
    *begin = reinterpret_cast<char*>(slab) + kHeader;
    *end = reinterpret_cast<char*>(slab) + bytes;
  }

 private:
  struct Slab {
    Slab* next;
    size_t bytes;
    bool mapped;
  };
  static constexpr size_t kHeader = 32;  // sizeof(Slab), 16-aligned.
  static_assert(sizeof(Slab) <= kHeader);

  static Slab* MapHugeSlab(size_t* bytes) {
    // Map twice the size and keep the aligned middle.
    void* p = mmap(nullptr, 2 * kHugeSlab, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    const auto start = reinterpret_cast<uintptr_t>(p);
    const uintptr_t aligned = (start + kHugeSlab - 1) & ~(kHugeSlab - 1);
    if (aligned > start) munmap(p, aligned - start);
    const uintptr_t tail = aligned + kHugeSlab;
    if (tail < start + 2 * kHugeSlab) {
      munmap(reinterpret_cast<void*>(tail), start + 2 * kHugeSlab - tail);
    }
    auto* slab = reinterpret_cast<Slab*>(aligned);
    madvise(slab, kHugeSlab, MADV_HUGEPAGE);  // A hint; fine if refused.
    slab->mapped = true;
    pool_free_lists.mapped_bytes += kHugeSlab;
    *bytes = kHugeSlab;
    return slab;
  }

  Slab* slabs_ = nullptr;
  size_t total_ = 0;
};

thread_local SlabOwner slab_owner;

// The thread's freed large arrays (see LargeAllocate).
class LargeCache {
 public:
  LargeCache() = default;
  LargeCache(const LargeCache&) = delete;
  LargeCache& operator=(const LargeCache&) = delete;
  ~LargeCache() {
    for (int i = 0; i < count_; ++i) ::operator delete(blocks_[i].p);
  }

  // The smallest cached block of `bytes` to 2 * `bytes` bytes, or null.
  void* Take(size_t bytes) {
    int best = -1;
    for (int i = 0; i < count_; ++i) {
      const size_t have = blocks_[i].bytes;
      if (have >= bytes && have / 2 <= bytes &&
          (best < 0 || have < blocks_[best].bytes)) {
        best = i;
      }
    }
    if (best < 0) return nullptr;
    void* p = blocks_[best].p;
    total_ -= blocks_[best].bytes;
    blocks_[best] = blocks_[--count_];
    return p;
  }

  bool Keep(void* p, size_t bytes) {
    if (count_ == kLargeCacheBlocks || total_ + bytes > kLargeCacheBytes) {
      return false;
    }
    blocks_[count_++] = Block{p, bytes};
    total_ += bytes;
    return true;
  }

  size_t total() const { return total_; }

 private:
  struct Block {
    void* p;
    size_t bytes;  // At least this many: what was asked when it was freed.
  };
  Block blocks_[kLargeCacheBlocks];
  int count_ = 0;
  size_t total_ = 0;
};

thread_local LargeCache large_cache;

}  // namespace

void* LargeAllocate(size_t bytes) {
#ifndef ASYNCSIM_POOL_BYPASS
  if (bytes >= kLargeMinCached) {
    if (void* p = large_cache.Take(bytes)) return p;
  }
#endif
  return ::operator new(bytes);
}

void LargeFree(void* p, size_t bytes) noexcept {
#ifndef ASYNCSIM_POOL_BYPASS
  if (bytes >= kLargeMinCached && large_cache.Keep(p, bytes)) return;
#endif
  ::operator delete(p);
}

size_t LargeCachedBytes() {
#ifdef ASYNCSIM_POOL_BYPASS
  return 0;
#else
  return large_cache.total();
#endif
}

void* PoolAllocateSlow(size_t size_class, PoolKind kind) {
  PoolFreeLists& pool = pool_free_lists;
  const size_t align = PoolAlignment(kind);
  const size_t bytes = std::max(size_class * kPoolUnit, align);
  // Objects may leave the bump pointer 8-aligned; a frame starts at 16.
  pool.bump = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(pool.bump) + align - 1) & ~(align - 1));
  if (pool.bump > pool.bump_end ||
      static_cast<size_t>(pool.bump_end - pool.bump) < bytes) {
    // The rest of the old slab (under kPoolMaxSize bytes) is left unused.
    slab_owner.NewSlab(&pool.bump, &pool.bump_end);
  }
  void* block = pool.bump;
  pool.bump += bytes;
  return block;
}

}  // namespace asyncsim::internal
