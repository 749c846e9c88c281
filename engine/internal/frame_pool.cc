#include "engine/internal/frame_pool.h"

#include <cstddef>
#include <cstdlib>
#include <new>

namespace asyncsim::internal {
namespace {

constexpr size_t kSlabBytes = 64 * 1024;

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
      Slab* next = slabs_->next;
      ::operator delete(slabs_);
      slabs_ = next;
    }
  }

  char* NewSlab() {
    auto* slab = static_cast<Slab*>(::operator new(kSlabBytes));
    slab->next = slabs_;
    slabs_ = slab;
    return reinterpret_cast<char*>(slab) + kPoolGranule;
  }

 private:
  struct Slab {
    Slab* next;
  };
  Slab* slabs_ = nullptr;
};

thread_local SlabOwner slab_owner;

}  // namespace

void* PoolAllocateSlow(size_t size_class) {
  PoolFreeLists& pool = pool_free_lists;
  const size_t bytes = size_class * kPoolGranule;
  if (static_cast<size_t>(pool.bump_end - pool.bump) < bytes) {
    // The rest of the old slab goes to the free lists of smaller classes
    // only if it is worth it: a slab is 64 KiB, a block at most 1 KiB.
    pool.bump = slab_owner.NewSlab();
    pool.bump_end = pool.bump + (kSlabBytes - kPoolGranule);
  }
  void* block = pool.bump;
  pool.bump += bytes;
  return block;
}

}  // namespace asyncsim::internal
