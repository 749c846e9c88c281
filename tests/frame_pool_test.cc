#include "engine/internal/frame_pool.h"

#include <malloc.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

#ifdef ASYNCSIM_POOL_BYPASS
constexpr bool kBypassed = true;
#else
constexpr bool kBypassed = false;
#endif

// What every test below needs, bypass or not: blocks are usable, aligned,
// and do not overlap.
TEST(FramePool, BlocksAreSixteenByteAlignedWritableAndDisjoint) {
  std::vector<unsigned char*> blocks;
  for (size_t size : {1, 16, 17, 40, 176, 1024}) {
    for (int i = 0; i < 100; ++i) {
      auto* p = static_cast<unsigned char*>(PoolAllocate(size));
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << size;
      std::memset(p, static_cast<int>(blocks.size() & 0xFF), size);
      blocks.push_back(p);
    }
  }
  size_t k = 0;
  for (size_t size : {1, 16, 17, 40, 176, 1024}) {
    for (int i = 0; i < 100; ++i, ++k) {
      for (size_t j = 0; j < size; ++j) {
        ASSERT_EQ(blocks[k][j], k & 0xFF) << "block " << k << " byte " << j;
      }
      PoolFree(blocks[k], size);
    }
  }
}

TEST(FramePool, AFreedBlockIsTheNextOneItsSizeClassHandsOut) {
  if (kBypassed) GTEST_SKIP() << "ASan build: every block is operator new's";
  void* a = PoolAllocate(40);
  void* b = PoolAllocate(40);
  PoolFree(a, 40);
  PoolFree(b, 40);
  // LIFO: the block freed last comes back first, the still-warm one.
  EXPECT_EQ(PoolAllocate(40), b);
  // 40 and 48 bytes share the 48-byte class.
  EXPECT_EQ(PoolAllocate(48), a);
  // Another class does not see them.
  void* c = PoolAllocate(64);
  EXPECT_NE(c, a);
  EXPECT_NE(c, b);
  PoolFree(a, 48);
  PoolFree(b, 40);
  PoolFree(c, 64);
}

TEST(FramePool, FramesAndEngineObjectsOfOneSizeKeepSeparateFreeLists) {
  if (kBypassed) GTEST_SKIP() << "ASan build: every block is operator new's";
  void* frame = PoolAllocate(112, PoolKind::kFrame);
  void* object = PoolAllocate(112, PoolKind::kObject);
  PoolFree(frame, 112, PoolKind::kFrame);
  PoolFree(object, 112, PoolKind::kObject);
  // The object was freed last, yet a frame gets the frame's block back.
  void* next_frame = PoolAllocate(112, PoolKind::kFrame);
  void* next_object = PoolAllocate(112, PoolKind::kObject);
  EXPECT_EQ(next_frame, frame);
  EXPECT_EQ(next_object, object);
  PoolFree(next_frame, 112, PoolKind::kFrame);
  PoolFree(next_object, 112, PoolKind::kObject);
}

TEST(FramePool, EngineObjectsAreRoundedToEightBytesAndFramesToSixteen) {
  std::vector<std::pair<void*, size_t>> objects;
  for (size_t size : {1, 8, 9, 100, 104, 105}) {
    for (int i = 0; i < 10; ++i) {
      void* p = PoolAllocate(size, PoolKind::kObject);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u) << size;
      std::memset(p, 0xAB, size);
      objects.push_back({p, size});
      // A frame after an object of an odd number of 8-byte units.
      void* frame = PoolAllocate(40);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(frame) % 16, 0u) << size;
      PoolFree(frame, 40);
    }
  }
  for (auto [p, size] : objects) PoolFree(p, size, PoolKind::kObject);
  if (kBypassed) return;
  void* a = PoolAllocate(104, PoolKind::kObject);
  PoolFree(a, 104, PoolKind::kObject);
  // 100 and 104 bytes share the 104-byte class; 112 is another.
  void* b = PoolAllocate(112, PoolKind::kObject);
  EXPECT_NE(b, a);
  EXPECT_EQ(PoolAllocate(100, PoolKind::kObject), a);
  PoolFree(a, 100, PoolKind::kObject);
  PoolFree(b, 112, PoolKind::kObject);
  // Frames of 100 and 112 bytes share one class.
  void* f = PoolAllocate(100);
  PoolFree(f, 100);
  EXPECT_EQ(PoolAllocate(112), f);
  PoolFree(f, 112);
}

TEST(FramePool, LiveBlocksCountWhatIsHandedOutAndNotYetFreed) {
  if (kBypassed) GTEST_SKIP() << "ASan build: the pool keeps no count";
  const int64_t before = PoolLiveBlocks();
  void* a = PoolAllocate(32);
  void* b = PoolAllocate(900);
  EXPECT_EQ(PoolLiveBlocks(), before + 2);
  // Beyond kPoolMaxSize a block is operator new's, and not counted.
  void* big = PoolAllocate(kPoolMaxSize + 1);
  EXPECT_EQ(PoolLiveBlocks(), before + 2);
  PoolFree(big, kPoolMaxSize + 1);
  PoolFree(a, 32);
  PoolFree(b, 900);
  EXPECT_EQ(PoolLiveBlocks(), before);
}

TEST(FramePool, PastTheFirstMebibyteSlabsAreMappedAndCounted) {
  if (kBypassed) GTEST_SKIP() << "ASan build: no slabs";
  // A fresh thread, so that the slabs of earlier tests do not count.
  int64_t mapped_small = -1;
  int64_t mapped_large = -1;
  std::thread([&] {
    std::vector<void*> blocks;
    for (int i = 0; i < 1000; ++i) blocks.push_back(PoolAllocate(512));
    mapped_small = PoolMappedBytes();  // 512 KB: all from operator new.
    for (int i = 0; i < 9000; ++i) blocks.push_back(PoolAllocate(512));
    mapped_large = PoolMappedBytes();  // 5 MB: huge-page slabs.
    for (void* p : blocks) PoolFree(p, 512);
    EXPECT_EQ(PoolLiveBlocks(), 0);
  }).join();
  EXPECT_EQ(mapped_small, 0);
  EXPECT_GE(mapped_large, 2 * 1024 * 1024);
  EXPECT_EQ(mapped_large % (2 * 1024 * 1024), 0);
}

TEST(FramePool, EachThreadHasAPoolOfItsOwn) {
  if (kBypassed) GTEST_SKIP() << "ASan build: the pool keeps no count";
  const int64_t before = PoolLiveBlocks();
  void* mine = PoolAllocate(64);
  int64_t theirs_before = -1;
  int64_t theirs_after = -1;
  void* theirs = nullptr;
  std::thread([&] {
    theirs_before = PoolLiveBlocks();
    theirs = PoolAllocate(64);
    theirs_after = PoolLiveBlocks();
    PoolFree(theirs, 64);
  }).join();
  EXPECT_EQ(theirs_before, 0);
  EXPECT_EQ(theirs_after, 1);
  EXPECT_NE(theirs, mine);
  EXPECT_EQ(PoolLiveBlocks(), before + 1);
  PoolFree(mine, 64);
}

TEST(FramePool, AThreadsSlabsAreFreedWhenItEnds) {
  if (kBypassed) GTEST_SKIP() << "ASan build: no slabs";
  // 1000 blocks of 512 bytes take eight 64 KiB slabs from malloc.
  const size_t before = mallinfo2().uordblks;
  std::thread([] {
    std::vector<void*> blocks;
    for (int i = 0; i < 1000; ++i) blocks.push_back(PoolAllocate(512));
    for (void* p : blocks) PoolFree(p, 512);
  }).join();
  const size_t after = mallinfo2().uordblks;
  // Not one slab (64 KiB) left behind; the thread's own bookkeeping is
  // freed with it too.
  EXPECT_LT(after, before + 64 * 1024) << before << " -> " << after;
}

TEST(LargeArrays, AFreedLargeArrayIsHandedOutAgainForASimilarSize) {
  if (kBypassed) GTEST_SKIP() << "ASan build: every array is operator new's";
  std::thread([] {
    void* a = LargeAllocate(1 << 20);
    std::memset(a, 1, 1 << 20);
    LargeFree(a, 1 << 20);
    EXPECT_EQ(LargeCachedBytes(), size_t{1} << 20);
    // Half the size or more: the same array.
    void* b = LargeAllocate(600 * 1024);
    EXPECT_EQ(b, a);
    EXPECT_EQ(LargeCachedBytes(), 0u);
    LargeFree(b, 600 * 1024);
    // Less than half: a new one (the cached one stays for later).
    void* c = LargeAllocate(200 * 1024);
    EXPECT_NE(c, a);
    // Larger: a new one too.
    void* d = LargeAllocate(700 * 1024);
    EXPECT_NE(d, a);
    LargeFree(c, 200 * 1024);
    LargeFree(d, 700 * 1024);
    // Of two that fit, the smaller.
    void* e = LargeAllocate(190 * 1024);
    EXPECT_EQ(e, c);
    LargeFree(e, 190 * 1024);
    // Small arrays are not cached.
    const size_t cached = LargeCachedBytes();
    LargeFree(LargeAllocate(1000), 1000);
    EXPECT_EQ(LargeCachedBytes(), cached);
  }).join();
}

TEST(LargeArrays, TheCacheKeepsAtMostItsCountAndBytes) {
  if (kBypassed) GTEST_SKIP() << "ASan build: nothing is cached";
  std::thread([] {
    std::vector<void*> arrays;
    for (int i = 0; i < kLargeCacheBlocks + 4; ++i) {
      arrays.push_back(LargeAllocate(kLargeMinCached));
    }
    for (void* p : arrays) LargeFree(p, kLargeMinCached);
    EXPECT_EQ(LargeCachedBytes(), kLargeCacheBlocks * kLargeMinCached);
  }).join();
  std::thread([] {
    void* huge = LargeAllocate(kLargeCacheBytes + 1);
    LargeFree(huge, kLargeCacheBytes + 1);
    EXPECT_EQ(LargeCachedBytes(), 0u);
  }).join();
}

TEST(LargeArrays, AThreadsCachedArraysAreFreedWhenItEnds) {
  if (kBypassed) GTEST_SKIP() << "ASan build: nothing is cached";
  const size_t before = mallinfo2().uordblks + mallinfo2().hblkhd;
  std::thread([] {
    for (int i = 0; i < 4; ++i) {
      LargeFree(LargeAllocate(size_t{8} << 20), size_t{8} << 20);
    }
    std::vector<void*> arrays;
    for (int i = 0; i < 4; ++i) arrays.push_back(LargeAllocate(1 << 20));
    for (void* p : arrays) LargeFree(p, 1 << 20);
    EXPECT_EQ(LargeCachedBytes(), size_t{12} << 20);
  }).join();
  const size_t after = mallinfo2().uordblks + mallinfo2().hblkhd;
  EXPECT_LT(after, before + (1 << 20)) << before << " -> " << after;
}

TEST(LargeArrays, AVectorWithTheAllocatorKeepsItsElements) {
  std::vector<int, LargeArrayAllocator<int>> v;
  for (int i = 0; i < 100000; ++i) v.push_back(i);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(v[i], i);
}

}  // namespace
}  // namespace asyncsim::internal
